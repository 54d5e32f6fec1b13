import pytest

from marketplace.accounts import selectors
from marketplace.accounts.errors import EmailTaken, PhoneTaken
from marketplace.accounts.models import User
from marketplace.accounts.services import user_register
from marketplace.errors import ValidationFailed
from tests.factories import PASSWORD, UserFactory

REGISTER = """
mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    user { phone phoneDisplay fullName email role }
    errors { field code message }
  }
}
"""


def register(gql, **fields):
    values = {"phone": "0912 345 678", "password": PASSWORD, "fullName": "Hoàng Thị Lan"} | fields
    return gql(REGISTER, {"input": values})["data"]["accountRegister"]


def test_register_creates_a_buyer_with_the_phone_in_e164(gql):
    result = register(gql, email="lan@example.vn")

    assert result["errors"] == []
    assert result["user"] == {
        "phone": "+84912345678",
        "phoneDisplay": "0912 345 678",
        "fullName": "Hoàng Thị Lan",
        "email": "lan@example.vn",
        "role": "BUYER",
    }
    assert User.objects.get(phone="+84912345678").check_password(PASSWORD)


def test_register_refuses_a_phone_already_registered_in_another_spelling(gql):
    UserFactory(phone="+84912345678")

    result = register(gql, phone="84 912 345 678")

    assert result["user"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("phone", "PHONE_TAKEN")]


def test_register_refuses_an_email_taken_in_another_case(gql):
    UserFactory(email="lan@example.vn")

    result = register(gql, email="LAN@Example.VN")

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("email", "EMAIL_TAKEN")]


def test_register_reports_a_short_password_in_vietnamese(gql):
    result = register(gql, password="xq7")

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("password", "PASSWORD_TOO_SHORT")]
    assert result["errors"][0]["message"].startswith("Mật khẩu quá ngắn")
    assert not User.objects.exists()


def test_register_refuses_an_all_digit_password(gql):
    result = register(gql, password="90817263545")

    assert "PASSWORD_ENTIRELY_NUMERIC" in [e["code"] for e in result["errors"]]


def test_register_reports_an_invalid_phone_as_an_error_not_a_server_failure(gql):
    response = gql.raw(REGISTER, {"input": {"phone": "0207 3822 123", "password": PASSWORD}})

    assert response.status_code == 200
    errors = response.json()["data"]["accountRegister"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("phone", "INVALID_PHONE")]


def test_register_reports_every_field_problem_at_once(gql):
    result = register(gql, phone="12", email="not-an-email", password="xq7")

    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("phone", "INVALID_PHONE"),
        ("email", "INVALID_EMAIL"),
        ("password", "PASSWORD_TOO_SHORT"),
    }


def test_register_stores_a_blank_email_as_none_so_blanks_never_collide(gql):
    UserFactory(email=None)

    result = register(gql, email="  ")

    assert result["errors"] == []
    assert User.objects.get(phone="+84912345678").email is None


def test_register_maps_a_concurrent_signup_with_the_same_phone_to_phone_taken(db, monkeypatch):
    # The race: another sign-up with this number commits right after our check found none.
    real_check = selectors.phone_is_registered
    checks = []

    def check_then_lose_the_race(*, phone, **kwargs):
        checks.append(phone)
        if len(checks) == 1:
            UserFactory(phone=phone, full_name="Người đăng ký kia")
            return False
        return real_check(phone=phone, **kwargs)

    monkeypatch.setattr(selectors, "phone_is_registered", check_then_lose_the_race)

    with pytest.raises(PhoneTaken) as caught:
        user_register(phone="0912345678", password=PASSWORD)

    assert caught.value.field == "phone"
    assert list(User.objects.values_list("full_name", flat=True)) == ["Người đăng ký kia"]


def test_register_maps_a_concurrent_signup_with_the_same_email_to_email_taken(db, monkeypatch):
    real_check = selectors.email_is_registered
    checks = []

    def check_then_lose_the_race(*, email, **kwargs):
        checks.append(email)
        if len(checks) == 1:
            UserFactory(email=email.upper())
            return False
        return real_check(email=email, **kwargs)

    monkeypatch.setattr(selectors, "email_is_registered", check_then_lose_the_race)

    with pytest.raises(EmailTaken):
        user_register(phone="0912345678", password=PASSWORD, email="lan@example.vn")

    assert not User.objects.filter(phone="+84912345678").exists()


def test_register_service_raises_validation_failed_listing_each_problem(db):
    with pytest.raises(ValidationFailed) as caught:
        user_register(phone="+1 202 555 0123", password="xq7")

    assert [e.code for e in caught.value.errors] == ["INVALID_PHONE", "PASSWORD_TOO_SHORT"]
