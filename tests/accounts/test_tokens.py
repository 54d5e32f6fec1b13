import jwt
import pytest

from marketplace.accounts import services
from marketplace.accounts.tokens import ACCESS, REFRESH, issue_token
from tests.accounts.conftest import ME, TOKEN_CREATE
from tests.factories import PASSWORD, UserFactory

TOKEN_REFRESH = """
mutation($refreshToken: String!) {
  tokenRefresh(refreshToken: $refreshToken) { token refreshToken errors { field code } }
}
"""

TOKEN_REVOKE = """
mutation($refreshToken: String, $allDevices: Boolean) {
  tokenRevoke(refreshToken: $refreshToken, allDevices: $allDevices) { revoked errors { field code } }
}
"""


def signed_in(user) -> tuple[str, str]:
    """(access, refresh) as `tokenCreate` hands them out."""
    return services.token_pair_issue(user=user)


def error_codes(body) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def refresh(gql, refresh_token):
    return gql(TOKEN_REFRESH, {"refreshToken": refresh_token})["data"]["tokenRefresh"]


def test_access_token_as_bearer_makes_me_return_the_user(gql):
    user = UserFactory(phone="+84912345678")

    me = gql.login(user)(ME)["data"]["me"]

    assert me["phone"] == "+84912345678"


def test_me_is_null_without_credentials(gql):
    UserFactory()

    assert gql(ME)["data"]["me"] is None


def test_expired_access_token_is_answered_with_token_expired(gql, settings):
    user = UserFactory()
    settings.ACCESS_TOKEN_TTL_SECONDS = -60
    gql.login(user)

    body = gql(ME, allow_errors=True)

    assert body["data"] == {"me": None}
    assert error_codes(body) == ["TOKEN_EXPIRED"]
    assert body["errors"][0]["message"].startswith("Phiên đăng nhập đã hết hạn")


def test_expired_token_does_not_show_a_buyer_an_empty_order_list(gql, settings):
    user = UserFactory()
    settings.ACCESS_TOKEN_TTL_SECONDS = -60
    gql.login(user)

    body = gql("{ orders(first: 10) { totalCount } }", allow_errors=True)

    assert body["data"] is None
    assert error_codes(body) == ["TOKEN_EXPIRED"]


def test_token_signed_with_another_key_is_answered_with_invalid_token(gql):
    user = UserFactory()
    claims = jwt.decode(issue_token(user, ACCESS), options={"verify_signature": False})
    gql.token = jwt.encode(claims, "not-our-secret-key-" * 2, algorithm="HS256")

    assert error_codes(gql(ME, allow_errors=True)) == ["INVALID_TOKEN"]


def test_refresh_token_is_not_accepted_as_an_access_token(gql):
    gql.token = signed_in(UserFactory())[1]

    assert error_codes(gql(ME, allow_errors=True)) == ["INVALID_TOKEN"]


def test_a_mutation_with_an_expired_token_reports_token_expired(gql, settings):
    settings.ACCESS_TOKEN_TTL_SECONDS = -60
    gql.login(UserFactory())

    body = gql(TOKEN_REVOKE, {"allDevices": True})

    assert body["data"]["tokenRevoke"]["errors"] == [{"field": None, "code": "TOKEN_EXPIRED"}]


def test_token_refresh_returns_a_working_access_token(gql):
    user = UserFactory(phone="+84912345678")

    result = refresh(gql, signed_in(user)[1])

    assert result["errors"] == []
    gql.token = result["token"]
    assert gql(ME)["data"]["me"]["phone"] == "+84912345678"


def test_token_refresh_works_while_the_client_still_sends_its_expired_access_token(gql, settings):
    user = UserFactory()
    _, refresh_token = signed_in(user)
    settings.ACCESS_TOKEN_TTL_SECONDS = -60
    gql.login(user)

    assert refresh(gql, refresh_token)["errors"] == []


def test_token_refresh_hands_out_a_new_refresh_token_each_time(gql):
    _, first = signed_in(UserFactory())

    second = refresh(gql, first)["refreshToken"]
    third = refresh(gql, second)["refreshToken"]

    assert len({first, second, third}) == 3


def test_a_refresh_token_is_good_for_one_use(gql):
    _, refresh_token = signed_in(UserFactory())
    refresh(gql, refresh_token)

    result = refresh(gql, refresh_token)

    assert result == {
        "token": None,
        "refreshToken": None,
        "errors": [{"field": "refreshToken", "code": "INVALID_TOKEN"}],
    }


def test_reusing_a_spent_refresh_token_signs_the_whole_family_out(gql):
    _, stolen = signed_in(UserFactory())
    rotated = refresh(gql, stolen)  # the owner's client refreshes first
    refresh(gql, stolen)  # then the thief replays the copy

    assert [e["code"] for e in refresh(gql, rotated["refreshToken"])["errors"]] == ["INVALID_TOKEN"]
    gql.token = rotated["token"]
    assert error_codes(gql(ME, allow_errors=True)) == ["INVALID_TOKEN"]


def test_reuse_does_not_sign_out_the_users_other_devices(gql):
    user = UserFactory()
    _, phone_refresh = signed_in(user)
    laptop_access, _ = signed_in(user)
    refresh(gql, phone_refresh)
    refresh(gql, phone_refresh)

    gql.token = laptop_access
    assert gql(ME)["data"]["me"] is not None


def test_token_refresh_refuses_an_access_token(gql):
    user = UserFactory()

    result = gql(TOKEN_REFRESH, {"refreshToken": issue_token(user, ACCESS)})["data"]["tokenRefresh"]

    assert result["errors"] == [{"field": "refreshToken", "code": "INVALID_TOKEN"}]


def test_token_refresh_refuses_a_refresh_token_from_before_rotation(gql):
    result = refresh(gql, issue_token(UserFactory(), REFRESH))

    assert [e["code"] for e in result["errors"]] == ["INVALID_TOKEN"]


def test_token_refresh_says_when_the_refresh_token_expired(gql, settings):
    settings.REFRESH_TOKEN_TTL_SECONDS = -60
    _, refresh_token = signed_in(UserFactory())

    assert refresh(gql, refresh_token)["errors"] == [{"field": "refreshToken", "code": "TOKEN_EXPIRED"}]


def test_token_revoke_signs_out_the_device_that_holds_the_refresh_token(gql):
    access, refresh_token = signed_in(UserFactory())

    assert gql(TOKEN_REVOKE, {"refreshToken": refresh_token})["data"]["tokenRevoke"] == {
        "revoked": 1,
        "errors": [],
    }

    assert [e["code"] for e in refresh(gql, refresh_token)["errors"]] == ["INVALID_TOKEN"]
    gql.token = access
    assert error_codes(gql(ME, allow_errors=True)) == ["INVALID_TOKEN"]


def test_token_revoke_for_all_devices_signs_out_every_sign_in_of_the_user(gql):
    user = UserFactory()
    pairs = [signed_in(user) for _ in range(3)]
    other_access, _ = signed_in(UserFactory())
    gql.token = pairs[0][0]

    assert gql(TOKEN_REVOKE, {"allDevices": True})["data"]["tokenRevoke"] == {"revoked": 3, "errors": []}

    assert all(refresh(gql, refresh_token)["errors"] for _, refresh_token in pairs)
    gql.token = other_access
    assert gql(ME)["data"]["me"] is not None


def test_token_revoke_needs_a_refresh_token_or_all_devices(gql):
    gql.login(UserFactory())

    result = gql(TOKEN_REVOKE)["data"]["tokenRevoke"]

    assert result["errors"] == [{"field": "refreshToken", "code": "REQUIRED"}]


def test_token_revoke_ends_the_session_cookie_too(gql):
    user = UserFactory(phone="+84912345678")
    signed = gql(TOKEN_CREATE, {"identifier": "0912345678", "password": PASSWORD})["data"]["tokenCreate"]
    assert gql(ME)["data"]["me"] is not None

    gql(TOKEN_REVOKE, {"refreshToken": signed["refreshToken"]})

    assert gql(ME)["data"]["me"] is None
    assert user.token_families.get().revoked_at is not None


def test_changing_the_password_invalidates_old_access_tokens(gql):
    user = UserFactory()
    gql.login(user)
    user.set_password("mat-khau-moi-2025")
    user.save()

    assert error_codes(gql(ME, allow_errors=True)) == ["INVALID_TOKEN"]


def test_changing_the_password_invalidates_old_refresh_tokens(gql):
    user = UserFactory()
    _, refresh_token = signed_in(user)
    user.set_password("mat-khau-moi-2025")
    user.save()

    assert [e["code"] for e in refresh(gql, refresh_token)["errors"]] == ["INVALID_TOKEN"]


def test_deactivated_user_token_stops_working(gql):
    user = UserFactory()
    gql.login(user)
    user.is_active = False
    user.save()

    assert error_codes(gql(ME, allow_errors=True)) == ["INVALID_TOKEN"]


def test_an_invalid_bearer_token_outside_the_api_is_ignored(client, db):
    response = client.get("/", HTTP_AUTHORIZATION="Bearer nonsense")

    assert response.status_code == 200


@pytest.mark.parametrize("kind", [ACCESS, REFRESH])
def test_tokens_name_their_family(kind, db):
    user = UserFactory()
    token = signed_in(user)[0 if kind == ACCESS else 1]

    claims = jwt.decode(token, options={"verify_signature": False})

    assert claims["fam"] == str(user.token_families.get().pk)
