import json

import pytest
from django.core.cache import caches
from django.test import Client

from marketplace.accounts.models import User
from tests.factories import PASSWORD, UserFactory

LOGIN = """mutation($identifier: String!, $password: String!) {
  tokenCreate(identifier: $identifier, password: $password) { token errors { code } } }"""

OWNER_ADDRESS = "198.51.100.7"
ATTACKER_ADDRESS = "203.0.113.66"
SHARED_ADDRESS = "100.64.0.9"  # a carrier-grade NAT: many phones behind one address


def attempt(identifier, password, *, address=OWNER_ADDRESS):
    """One sign-in over HTTP from `address`, in a fresh browser (no cookies)."""
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": LOGIN, "variables": {"identifier": identifier, "password": password}}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )
    payload = response.json()["data"]["tokenCreate"]
    return payload["errors"][0]["code"] if payload["errors"] else "OK"


@pytest.fixture
def limits(settings, db):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 15
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    return settings


def test_repeated_wrong_passwords_from_one_address_are_refused_there(limits):
    user = UserFactory()
    codes = [attempt(user.phone, "sai-mat-khau") for _ in range(3)]
    assert codes == ["INVALID_CREDENTIALS"] * 3
    # Even the right password is refused from this address now, however the number is written.
    assert attempt(user.phone, PASSWORD) == "TOO_MANY_ATTEMPTS"
    assert attempt(user.phone.replace("+84", "0"), PASSWORD) == "TOO_MANY_ATTEMPTS"


def test_a_successful_login_resets_the_count(limits):
    user = UserFactory()
    for _ in range(2):
        attempt(user.phone, "sai")
    assert attempt(user.phone, PASSWORD) == "OK"
    for _ in range(2):
        attempt(user.phone, "sai")
    assert attempt(user.phone, PASSWORD) == "OK"


def test_phone_and_email_failures_count_together(limits):
    user = UserFactory(email="lan@example.vn")
    attempt(user.phone, "sai")
    attempt("lan@example.vn", "sai")
    attempt("0" + user.phone[3:], "sai")

    assert attempt("LAN@example.vn", PASSWORD) == "TOO_MANY_ATTEMPTS"


def test_failures_counted_by_one_server_process_hold_in_another(limits):
    """Each worker process has its own local-memory cache; the counts must not live there."""
    user = UserFactory()
    for _ in range(3):
        attempt(user.phone, "sai")
    caches["default"].clear()  # what the next request sees when another worker answers it

    assert attempt(user.phone, PASSWORD) == "TOO_MANY_ATTEMPTS"


def test_a_shared_cache_can_hold_the_counts(limits):
    limits.LOGIN_THROTTLE_STORE = "cache"
    user = UserFactory()
    for _ in range(3):
        attempt(user.phone, "sai")

    assert attempt(user.phone, PASSWORD) == "TOO_MANY_ATTEMPTS"


def test_aliased_sign_ins_in_one_request_check_one_password(limits):
    user = UserFactory()
    aliases = " ".join(
        f'a{i}: tokenCreate(identifier: "{user.phone}", password: "doan-{i}") {{ token errors {{ code }} }}'
        for i in range(10)
    )
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": f"mutation {{ {aliases} }}"}),
        content_type="application/json",
        REMOTE_ADDR=ATTACKER_ADDRESS,
    )

    codes = [payload["errors"][0]["code"] for payload in response.json()["data"].values()]
    assert codes == ["INVALID_CREDENTIALS"] + ["ONE_SIGN_IN_PER_REQUEST"] * 9


def test_aliased_sign_ins_do_not_lock_the_owner_out(limits):
    user = UserFactory()
    aliases = " ".join(
        f'a{i}: tokenCreate(identifier: "{user.phone}", password: "doan-{i}") {{ token }}' for i in range(10)
    )
    Client().post(
        "/graphql/",
        data=json.dumps({"query": f"mutation {{ {aliases} }}"}),
        content_type="application/json",
        REMOTE_ADDR=OWNER_ADDRESS,
    )

    assert attempt(user.phone, PASSWORD) == "OK"


def test_the_owner_signs_in_after_an_attacker_failed_from_another_address(limits):
    user = UserFactory()
    attacker = [attempt(user.phone, f"doan-{i}", address=ATTACKER_ADDRESS) for i in range(12)]
    assert attacker[-1] == "TOO_MANY_ATTEMPTS"

    assert attempt(user.phone, PASSWORD, address=OWNER_ADDRESS) == "OK"


def test_under_attack_an_address_that_already_failed_on_the_account_is_refused(limits):
    user = UserFactory()
    for i in range(6):  # a botnet: one guess from each of many addresses
        assert attempt(user.phone, "doan", address=f"203.0.113.{i}") == "INVALID_CREDENTIALS"

    assert attempt(user.phone, "doan-lai", address="203.0.113.1") == "TOO_MANY_ATTEMPTS"


def test_under_attack_an_address_that_has_not_failed_still_gets_the_owners_password_through(limits):
    user = UserFactory()
    for i in range(20):
        attempt(user.phone, "doan", address=f"203.0.113.{i}")

    assert attempt(user.phone, PASSWORD, address=OWNER_ADDRESS) == "OK"


def test_under_attack_the_owners_usual_address_keeps_its_own_tries(limits):
    user = UserFactory()
    assert attempt(user.phone, PASSWORD, address=OWNER_ADDRESS) == "OK"
    for i in range(20):
        attempt(user.phone, "doan", address=f"203.0.113.{i}")

    assert attempt(user.phone, "go-nham", address=OWNER_ADDRESS) == "INVALID_CREDENTIALS"
    assert attempt(user.phone, PASSWORD, address=OWNER_ADDRESS) == "OK"


def test_one_address_hammering_after_its_refusal_does_not_lock_the_owner_out_elsewhere(limits):
    user = UserFactory()
    for i in range(25):  # refused after the third, and those refusals do not count on the account
        attempt(user.phone, f"doan-{i}", address=ATTACKER_ADDRESS)

    assert attempt(user.phone, "go-nham", address=OWNER_ADDRESS) == "INVALID_CREDENTIALS"  # one typo
    assert attempt(user.phone, PASSWORD, address=OWNER_ADDRESS) == "OK"


def test_the_owners_usual_address_signs_in_while_someone_behind_it_guesses_at_many_accounts(limits):
    owner = UserFactory()
    assert attempt(owner.phone, PASSWORD, address=SHARED_ADDRESS) == "OK"
    for other in UserFactory.create_batch(8):  # 16 failures: over the address-wide limit of 15
        for i in range(2):
            attempt(other.phone, f"doan-{i}", address=SHARED_ADDRESS)
    assert attempt(UserFactory().phone, PASSWORD, address=SHARED_ADDRESS) == "TOO_MANY_ATTEMPTS"

    assert attempt(owner.phone, PASSWORD, address=SHARED_ADDRESS) == "OK"


def test_one_address_guessing_many_accounts_is_refused(limits):
    users = UserFactory.create_batch(8)
    codes = [attempt(user.phone, f"doan-{i}", address=ATTACKER_ADDRESS) for user in users for i in range(2)]

    assert codes[:15] == ["INVALID_CREDENTIALS"] * 15
    assert codes[15] == "TOO_MANY_ATTEMPTS"


def test_an_unregistered_number_is_refused_like_a_registered_one(limits):
    """The limits must not reveal which numbers have an account."""
    registered = UserFactory()
    unregistered = "0987654321"
    answers = [
        [attempt(identifier, "sai") for _ in range(4)] for identifier in (registered.phone, unregistered)
    ]

    assert answers[0] == answers[1] == ["INVALID_CREDENTIALS"] * 3 + ["TOO_MANY_ATTEMPTS"]


def test_attempts_are_counted_before_the_password_check(limits):
    """Parallel guesses cannot all pass the check: each attempt is counted before it runs."""
    from marketplace.accounts.throttle import TooManyAttempts, login_attempt_begin

    for _ in range(3):
        login_attempt_begin(subject="user:1", address="198.51.100.7")
    with pytest.raises(TooManyAttempts):
        login_attempt_begin(subject="user:1", address="198.51.100.7")


def test_client_address_behind_a_trusted_proxy(rf, settings):
    from marketplace.accounts.throttle import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request) == "203.0.113.5"  # the client cannot choose it by spoofing the left part


def test_the_admin_login_page_counts_against_the_same_limits(limits, client):
    """Guesses on /admin/login/ must not be a way around the API's limits."""
    User.objects.create_superuser("0987 000 111", "mat-khau-quan-tri")

    def admin_login(password):
        client.post(
            "/admin/login/", {"username": "0987000111", "password": password}, REMOTE_ADDR=ATTACKER_ADDRESS
        )
        return "_auth_user_id" in client.session

    assert [admin_login("doan") for _ in range(3)] == [False] * 3
    assert admin_login("mat-khau-quan-tri") is False
    assert attempt("+84987000111", "mat-khau-quan-tri", address=ATTACKER_ADDRESS) == "TOO_MANY_ATTEMPTS"
