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
    """Signs in: returns bearer tokens and also sets the session cookie for the web frontend.
    One sign-in per HTTP request; limits per account and address (README "Sign-in limits")."""

    token = graphene.String(description="Access token for `Authorization: Bearer …`.")
    refresh_token = graphene.String(
        description="Good for one `tokenRefresh`, which returns the next one; `tokenRevoke` signs out."
    )
    user = graphene.Field(UserType)

    class Arguments:
        identifier = graphene.String(required=True, description="Phone number in any spelling, or e-mail.")
        password = graphene.String(required=True)
        checkout_id = graphene.ID(description="Giỏ hàng lúc chưa đăng nhập: gộp vào giỏ của tài khoản.")

    @classmethod
    def perform(cls, info, *, identifier: str, password: str, checkout_id: str | None = None) -> dict:
        user, access, refresh = services.session_sign_in(
            request=info.context, identifier=identifier, password=password, visitor_cart=checkout_id
        )
        return {"token": access, "refresh_token": refresh, "user": user}


class TokenRefresh(BaseMutation):
    """Spends a refresh token for a new pair. A refresh token already spent signs that device
    out (someone holds a copy)."""

    token = graphene.String(description="A new access token.")
    refresh_token = graphene.String(description="The next refresh token; the one sent is spent.")

    class Arguments:
        refresh_token = graphene.String(required=True)

    @classmethod
    def perform(cls, info, *, refresh_token: str) -> dict:
        access, refresh = services.token_refresh(refresh_token=refresh_token)
        return {"token": access, "refresh_token": refresh}


class TokenRevoke(BaseMutation):
    """Signs out the device holding `refreshToken`, or with `allDevices: true` (signed in) every
    device of the user. Their access tokens stop working at once."""

    revoked = graphene.Int(description="How many sign-ins were ended.")

    class Arguments:
        refresh_token = graphene.String()
        all_devices = graphene.Boolean(default_value=False)

    @classmethod
    def perform(cls, info, *, refresh_token: str | None = None, all_devices: bool = False) -> dict:
        revoked = services.token_revoke(
            request=info.context, refresh_token=refresh_token, all_devices=bool(all_devices)
        )
        return {"revoked": revoked}


class AccountMutations(graphene.ObjectType):
    account_register = AccountRegister.Field()
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
    token_revoke = TokenRevoke.Field()
