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
