"""The SQL each identity mutation costs, pinned: a change that adds a query per request shows
here first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import User
from marketplace.accounts.sms import MemorySms
from marketplace.graphql.ids import encode_id
from tests.factories import UserFactory, business_with_owner
from tests.payments.wallets.identity_helpers import (
    PIN,
    identity_settings,
    registered_person,
    registration,
    run_committed,
    verified_wallet,
    wallet_with_pin,
)
from tests.payments.wallets.test_identity_graphql import (
    FREEZE,
    MERCHANT,
    OPEN,
    OTP,
    PIN_CHANGE,
    PIN_SET,
    UNFREEZE,
    VERIFY,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)
    settings.WALLET_OTP_RESEND_SECONDS = 0


def cost(gql, query, variables) -> int:
    """Statements of the request and of what it runs after its commit (the notices' outbox)."""
    with CaptureQueriesContext(connection) as queries:
        body = run_committed(lambda: gql(query, variables))
    [answer] = body["data"].values()
    assert answer["errors"] == [], answer["errors"]
    return len(queries)


def test_opening_and_verifying(gql):
    user = registered_person()
    gql.login(user)
    record = registration(user)
    variables = {"name": record.full_name, "id": record.id_number, "born": record.birth_date.isoformat()}
    opened = cost(gql, OPEN, variables)
    verified = cost(gql, VERIFY, {"code": MemorySms.last_code(user.phone)})
    assert (opened, verified) == (17, 16)


def test_the_pin(gql):
    user = registered_person()
    verified_wallet(user)
    gql.login(user)
    set_ = cost(gql, PIN_SET, {"pin": PIN})
    changed = cost(gql, PIN_CHANGE, {"new": "502816", "old": PIN})
    sent = cost(gql, OTP, {"purpose": "PIN_RESET"})
    reset = cost(gql, PIN_CHANGE, {"new": "918273", "otp": MemorySms.last_code(user.phone)})
    assert (set_, changed, sent, reset) == (8, 16, 11, 16)


def test_freezing(gql):
    wallet = wallet_with_pin()
    gql.login(wallet.user)
    frozen = cost(gql, FREEZE, {})
    sent = cost(gql, OTP, {"purpose": "WALLET_UNFREEZE"})
    unfrozen = cost(gql, UNFREEZE, {"pin": PIN, "otp": MemorySms.last_code(wallet.phone)})
    gql.login(UserFactory(role=User.Role.FINANCE))
    by_operator = cost(gql, FREEZE, {"wallet": encode_id("Wallet", wallet.pk), "reason": "Kiểm tra"})
    assert (frozen, sent, unfrozen, by_operator) == (11, 11, 19, 11)


def test_opening_a_merchant_wallet(gql):
    business, owner = business_with_owner()
    gql.login(owner)
    opened = cost(gql, MERCHANT, {"business": encode_id("Business", business.pk)})
    assert opened == 11
