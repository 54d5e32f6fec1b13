import graphene

from marketplace.businesses import selectors
from marketplace.businesses.graphql.types import (
    BusinessCountableConnection,
    BusinessInvitationType,
    BusinessKind,
    BusinessStatus,
    BusinessType,
)
from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import SortDirection, enum_value, enum_values
from marketplace.graphql.pagination import connection_args, paginate


class BusinessFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Tên hoặc mã số thuế; gõ không dấu cũng được.")
    kind = graphene.List(graphene.NonNull(BusinessKind))
    status = graphene.List(graphene.NonNull(BusinessStatus))
    communes = graphene.List(graphene.NonNull(graphene.String), description="Mã xã, phường.")
    ocop_stars = graphene.List(graphene.NonNull(graphene.Int))


class BusinessSortField(graphene.Enum):
    NAME = "NAME"
    CREATED = "CREATED"


class BusinessSortInput(graphene.InputObjectType):
    field = BusinessSortField(required=True, description="CREATED: ngày đăng ký.")
    direction = SortDirection(default_value=SortDirection.ASC.value)


class BusinessQueries(graphene.ObjectType):
    businesses = graphene.Field(
        graphene.NonNull(BusinessCountableConnection),
        filter=BusinessFilterInput(),
        sort_by=BusinessSortInput(
            description="Mặc định: theo tên; hàng chờ duyệt (status: [PENDING]) hồ sơ cũ nhất trước."
        ),
        **connection_args(),
    )
    business = graphene.Field(BusinessType, id=graphene.ID(required=True))
    my_business_invitations = graphene.List(
        graphene.NonNull(BusinessInvitationType),
        required=True,
        description="Lời mời làm thành viên gửi tới số điện thoại của bạn, đang chờ trả lời.",
    )

    def resolve_businesses(root, info, filter=None, sort_by=None, first=None, after=None):
        filter = filter or {}
        sort_by = sort_by or {}
        qs = selectors.business_list(
            user=info.context.user,
            search=filter.get("search"),
            kinds=enum_values(filter.get("kind")),
            statuses=enum_values(filter.get("status")),
            commune_codes=filter.get("communes"),
            ocop_stars=filter.get("ocop_stars"),
            sort_field=enum_value(sort_by.get("field")),
            descending=enum_value(sort_by.get("direction")) == "DESC",
        )
        return paginate(qs, BusinessCountableConnection, first=first, after=after)

    def resolve_business(root, info, id):
        return selectors.business_get(user=info.context.user, business_id=decode_id(id, "Business"))

    def resolve_my_business_invitations(root, info):
        return list(selectors.invitations_for(info.context.user))
