import graphene

from marketplace.accounts import services
from marketplace.accounts.graphql.types import UserType
from marketplace.graphql.errors import BaseMutation


class AccountRegisterInput(graphene.InputObjectType):
    phone = graphene.String(required=True, description="Vietnamese mobile number, any spelling.")
    password = graphene.String(required=True)
    full_name = graphene.String()
    email = graphene.String()


class AccountRegister(BaseMutation):
    """A buyer signs up. Sign in afterwards with `tokenCreate`."""

    user = graphene.Field(UserType)

    class Arguments:
        input = AccountRegisterInput(required=True)

    @classmethod
    def perform(cls, info, *, input) -> dict:
        user = services.user_register(
            phone=input.phone,
            password=input.password,
            full_name=input.full_name or "",
            email=input.email,
        )
        return {"user": user}


class TokenCreate(BaseMutation):
    """Signs in: returns bearer tokens and also sets the session cookie for the web frontend."""

    token = graphene.String(description="Access token for `Authorization: Bearer …`.")
    refresh_token = graphene.String(description="Longer-lived; buys new access tokens via `tokenRefresh`.")
    user = graphene.Field(UserType)

    class Arguments:
        identifier = graphene.String(required=True, description="Phone number in any spelling, or e-mail.")
        password = graphene.String(required=True)
        checkout_id = graphene.ID(description="Giỏ hàng lúc chưa đăng nhập: gộp vào giỏ của tài khoản.")

    @classmethod
    def perform(cls, info, *, identifier: str, password: str, checkout_id: str | None = None) -> dict:
        user, access, refresh = services.token_create(
            request=info.context, identifier=identifier, password=password
        )
        if checkout_id:
            # Signing in must not lose what the visitor put in the cart before; a stale cart
            # token (already ordered, unknown) must not make the sign-in fail either.
            from orders.errors import CheckoutCompleted, CheckoutNotFound
            from orders.services.checkout import checkout_merge

            try:
                checkout_merge(user=user, token=checkout_id)
            except (CheckoutNotFound, CheckoutCompleted):
                pass
        return {"token": access, "refresh_token": refresh, "user": user}


class TokenRefresh(BaseMutation):
    token = graphene.String(description="A new access token.")

    class Arguments:
        refresh_token = graphene.String(required=True)

    @classmethod
    def perform(cls, info, *, refresh_token: str) -> dict:
        return {"token": services.token_refresh(refresh_token=refresh_token)}


class AccountMutations(graphene.ObjectType):
    account_register = AccountRegister.Field()
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
