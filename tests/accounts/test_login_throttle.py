import pytest

from tests.factories import PASSWORD, UserFactory

LOGIN = """mutation($identifier: String!, $password: String!) {
  tokenCreate(identifier: $identifier, password: $password) { token errors { code } } }"""


def attempt(gql, identifier, password):
    payload = gql(LOGIN, {"identifier": identifier, "password": password})["data"]["tokenCreate"]
    return payload["errors"][0]["code"] if payload["errors"] else "OK"


def test_repeated_wrong_passwords_lock_the_account_for_a_while(gql, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory()
    codes = [attempt(gql, user.phone, "sai-mat-khau") for _ in range(3)]
    assert codes == ["INVALID_CREDENTIALS"] * 3
    # Even the right password is refused now, however the number is written.
    assert attempt(gql, user.phone, PASSWORD) == "TOO_MANY_ATTEMPTS"
    assert attempt(gql, user.phone.replace("+84", "0"), PASSWORD) == "TOO_MANY_ATTEMPTS"


def test_a_successful_login_resets_the_count(gql, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory()
    for _ in range(2):
        attempt(gql, user.phone, "sai")
    assert attempt(gql, user.phone, PASSWORD) == "OK"
    for _ in range(2):
        attempt(gql, user.phone, "sai")
    assert attempt(gql, user.phone, PASSWORD) == "OK"


def test_attempts_are_counted_before_the_password_check(rf, settings, db):
    """Parallel guesses cannot all pass the check: each attempt is counted before it runs."""
    from marketplace.accounts.throttle import TooManyAttempts, login_attempt_begin

    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        login_attempt_begin(identifier="0912345678", address="198.51.100.7")
    with pytest.raises(TooManyAttempts):
        login_attempt_begin(identifier="+84912345678", address="198.51.100.7")


def test_client_address_behind_a_trusted_proxy(rf, settings):
    from marketplace.accounts.throttle import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request) == "203.0.113.5"  # the client cannot choose it by spoofing the left part
