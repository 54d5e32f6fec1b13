import graphene

from marketplace.businesses import selectors
from marketplace.businesses.graphql.types import (
    BusinessCountableConnection,
    BusinessKind,
    BusinessStatus,
    BusinessType,
)
from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import enum_values
from marketplace.graphql.pagination import connection_args, paginate


class BusinessFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Tên hoặc mã số thuế; gõ không dấu cũng được.")
    kind = graphene.List(graphene.NonNull(BusinessKind))
    status = graphene.List(graphene.NonNull(BusinessStatus))
    communes = graphene.List(graphene.NonNull(graphene.String), description="Mã xã, phường.")
    ocop_stars = graphene.List(graphene.NonNull(graphene.Int))


class BusinessQueries(graphene.ObjectType):
    businesses = graphene.Field(
        graphene.NonNull(BusinessCountableConnection), filter=BusinessFilterInput(), **connection_args()
    )
    business = graphene.Field(BusinessType, id=graphene.ID(required=True))

    def resolve_businesses(root, info, filter=None, first=None, after=None):
        filter = filter or {}
        qs = selectors.business_list(
            user=info.context.user,
            search=filter.get("search"),
            kinds=enum_values(filter.get("kind")),
            statuses=enum_values(filter.get("status")),
            commune_codes=filter.get("communes"),
            ocop_stars=filter.get("ocop_stars"),
        )
        return paginate(qs, BusinessCountableConnection, first=first, after=after)

    def resolve_business(root, info, id):
        return selectors.business_get(user=info.context.user, business_id=decode_id(id, "Business"))
