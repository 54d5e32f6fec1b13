import graphene
from graphene_django import DjangoObjectType

from marketplace.accounts import selectors
from marketplace.accounts.models import User
from marketplace.accounts.phone import display_phone
from marketplace.businesses.graphql.types import BusinessMemberRole
from marketplace.businesses.models import BusinessMember

UserRole = graphene.Enum.from_enum(User.Role, name="UserRole", description="Vai trò của người dùng trên sàn.")


def _business_type():
    # The businesses API owns this type; looked up on first use so that neither module has to
    # import the other at load time.
    from marketplace.businesses.graphql.types import BusinessType

    return BusinessType


class MembershipType(graphene.ObjectType):
    role = graphene.Field(BusinessMemberRole, required=True)
    business = graphene.Field(lambda: _business_type(), required=True)

    class Meta:
        name = "UserMembership"
        description = "A business the user works for, and as what."


class UserType(DjangoObjectType):
    phone = graphene.String(required=True, description="E.164, e.g. +84912345678.")
    phone_display = graphene.String(required=True, description="As Vietnamese write it: 0912 345 678.")
    role = graphene.Field(UserRole, required=True)
    is_trade_officer = graphene.Boolean(required=True)
    memberships = graphene.List(graphene.NonNull(MembershipType), required=True)

    class Meta:
        model = User
        name = "User"
        interfaces = (graphene.relay.Node,)
        fields = ("id", "phone", "email", "full_name", "role")

    @classmethod
    def get_node(cls, info, id):
        # An account is private: through a node lookup, only the caller's own.
        viewer = info.context.user
        if viewer.is_authenticated and str(viewer.pk) == str(id):
            return viewer
        return None

    @staticmethod
    def resolve_phone_display(user: User, info) -> str:
        return display_phone(user.phone)

    @staticmethod
    def resolve_is_trade_officer(user: User, info) -> bool:
        return user.is_trade_officer

    @staticmethod
    def resolve_memberships(user: User, info) -> list[BusinessMember]:
        return list(selectors.user_memberships(user=user))
