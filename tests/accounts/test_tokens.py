import jwt

from marketplace.accounts.tokens import ACCESS, REFRESH, issue_token
from tests.accounts.conftest import ME
from tests.factories import UserFactory

TOKEN_REFRESH = """
mutation($refreshToken: String!) {
  tokenRefresh(refreshToken: $refreshToken) { token errors { field code } }
}
"""


def test_access_token_as_bearer_makes_me_return_the_user(gql):
    user = UserFactory(phone="+84912345678")

    me = gql.login(user)(ME)["data"]["me"]

    assert me["phone"] == "+84912345678"


def test_me_is_null_without_credentials(gql):
    UserFactory()

    assert gql(ME)["data"]["me"] is None


def test_expired_access_token_gives_me_null_not_an_error(gql, settings):
    user = UserFactory()
    settings.ACCESS_TOKEN_TTL_SECONDS = -60
    gql.login(user)

    response = gql.raw(ME)

    assert response.status_code == 200
    assert response.json() == {"data": {"me": None}}


def test_token_signed_with_another_key_gives_me_null(gql):
    user = UserFactory()
    claims = jwt.decode(issue_token(user, ACCESS), options={"verify_signature": False})
    gql.token = jwt.encode(claims, "not-our-secret-key-" * 2, algorithm="HS256")

    assert gql(ME)["data"]["me"] is None


def test_refresh_token_is_not_accepted_as_an_access_token(gql):
    user = UserFactory()
    gql.token = issue_token(user, REFRESH)

    assert gql(ME)["data"]["me"] is None


def test_token_refresh_returns_a_working_access_token(gql):
    user = UserFactory(phone="+84912345678")

    result = gql(TOKEN_REFRESH, {"refreshToken": issue_token(user, REFRESH)})["data"]["tokenRefresh"]

    assert result["errors"] == []
    gql.token = result["token"]
    assert gql(ME)["data"]["me"]["phone"] == "+84912345678"


def test_token_refresh_refuses_an_access_token(gql):
    user = UserFactory()

    result = gql(TOKEN_REFRESH, {"refreshToken": issue_token(user, ACCESS)})["data"]["tokenRefresh"]

    assert result == {"token": None, "errors": [{"field": "refreshToken", "code": "INVALID_TOKEN"}]}


def test_changing_the_password_invalidates_old_access_tokens(gql):
    user = UserFactory()
    gql.login(user)
    user.set_password("mat-khau-moi-2025")
    user.save()

    assert gql(ME)["data"]["me"] is None


def test_changing_the_password_invalidates_old_refresh_tokens(gql):
    user = UserFactory()
    refresh = issue_token(user, REFRESH)
    user.set_password("mat-khau-moi-2025")
    user.save()

    result = gql(TOKEN_REFRESH, {"refreshToken": refresh})["data"]["tokenRefresh"]

    assert [e["code"] for e in result["errors"]] == ["INVALID_TOKEN"]


def test_deactivated_user_token_stops_working(gql):
    user = UserFactory()
    gql.login(user)
    user.is_active = False
    user.save()

    assert gql(ME)["data"]["me"] is None
