import graphene
from graphene_django import DjangoObjectType

from marketplace.accounts.models import User
from marketplace.accounts.phone import display_phone

UserRole = graphene.Enum.from_enum(User.Role, name="UserRole", description="Vai trò của người dùng trên sàn.")


class UserType(DjangoObjectType):
    phone = graphene.String(required=True, description="E.164, e.g. +84912345678.")
    phone_display = graphene.String(required=True, description="As Vietnamese write it: 0912 345 678.")
    role = graphene.Field(UserRole, required=True)
    is_trade_officer = graphene.Boolean(required=True)

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


def user_type_extend(**fields: graphene.Field) -> None:
    """Adds fields to `User` for apps that build on accounts (businesses adds `memberships`),
    so accounts never imports them. Call at import time of that app's GraphQL module, which
    the root schema imports before it is built; each field brings its own `resolver`."""
    for name, field in fields.items():
        if name in UserType._meta.fields:
            raise ValueError(f"User.{name} is already defined")
        UserType._meta.fields[name] = field
