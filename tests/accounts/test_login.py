import pytest

from tests.accounts.conftest import ME, TOKEN_CREATE
from tests.factories import PASSWORD, UserFactory


def token_create(gql, identifier, password=PASSWORD):
    return gql(TOKEN_CREATE, {"identifier": identifier, "password": password})["data"]["tokenCreate"]


@pytest.mark.parametrize("spelling", ["0912 345 678", "0912345678", "+84912345678", "84912345678"])
def test_token_create_accepts_the_phone_in_any_spelling(gql, spelling):
    UserFactory(phone="+84912345678")

    result = token_create(gql, spelling)

    assert result["errors"] == []
    assert result["user"] == {"phone": "+84912345678"}
    assert result["token"] and result["refreshToken"]


def test_token_create_accepts_the_email_in_any_case(gql):
    UserFactory(phone="+84912345678", email="lan@example.vn")

    result = token_create(gql, "  Lan@EXAMPLE.vn ")

    assert result["errors"] == []
    assert result["user"] == {"phone": "+84912345678"}


def test_token_create_refuses_a_wrong_password(gql):
    UserFactory(phone="+84912345678")

    result = token_create(gql, "0912345678", password="sai-mat-khau")

    assert result["token"] is None and result["user"] is None
    assert [e["code"] for e in result["errors"]] == ["INVALID_CREDENTIALS"]


def test_wrong_password_and_unknown_phone_get_the_same_answer(gql):
    UserFactory(phone="+84912345678")

    wrong_password = token_create(gql, "0912345678", password="sai-mat-khau")
    unknown_phone = token_create(gql, "0987654321")

    assert wrong_password["errors"] == unknown_phone["errors"]
    assert wrong_password["errors"][0]["field"] is None


def test_token_create_refuses_an_inactive_user(gql):
    UserFactory(phone="+84912345678", is_active=False)

    result = token_create(gql, "0912345678")

    assert result["token"] is None
    assert [e["code"] for e in result["errors"]] == ["INVALID_CREDENTIALS"]


def test_token_create_starts_a_session_that_later_cookie_requests_use(gql):
    UserFactory(phone="+84912345678")
    assert token_create(gql, "0912345678")["errors"] == []
    assert gql.token is None  # no bearer header: only the session cookie identifies the user

    me = gql(ME)["data"]["me"]

    assert me["phone"] == "+84912345678"


def test_failed_token_create_starts_no_session(gql):
    UserFactory(phone="+84912345678")
    token_create(gql, "0912345678", password="sai-mat-khau")

    assert gql(ME)["data"]["me"] is None


def test_token_create_hands_the_visitors_cart_to_the_apps_that_adopt_it(gql):
    from marketplace.accounts.signals import user_signed_in

    user = UserFactory(phone="+84912345678")
    received = []

    def receiver(sender, *, user, visitor_cart, **kwargs):
        received.append((user.pk, visitor_cart))

    user_signed_in.connect(receiver)
    try:
        gql(
            """mutation($password: String!) {
              tokenCreate(identifier: "0912345678", password: $password, checkoutId: "gio-123") { token }
            }""",
            {"password": PASSWORD},
        )
    finally:
        user_signed_in.disconnect(receiver)

    assert received == [(user.pk, "gio-123")]
