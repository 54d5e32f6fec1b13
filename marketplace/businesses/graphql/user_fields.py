"""The businesses side of `User` (accounts knows nothing of businesses): `me { memberships }`."""

import graphene

from marketplace.accounts.graphql.types import user_type_extend
from marketplace.businesses.graphql.types import BusinessMemberRole, BusinessType
from marketplace.businesses.models import BusinessMember


class MembershipType(graphene.ObjectType):
    role = graphene.Field(BusinessMemberRole, required=True)
    business = graphene.Field(BusinessType, required=True)

    class Meta:
        name = "UserMembership"
        description = "A business the user works for, and as what."


def resolve_memberships(user, info) -> list[BusinessMember]:
    # One query with the business joined, however many businesses.
    return list(
        BusinessMember.objects.filter(user_id=user.pk).select_related("business").order_by("created_at", "id")
    )


user_type_extend(
    memberships=graphene.Field(
        graphene.List(graphene.NonNull(MembershipType)),
        required=True,
        resolver=resolve_memberships,
        description="The businesses the user works for.",
    )
)
