"""walletTopUp and walletPay cost a fixed number of SQL statements (pinned: a change is seen)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.payments.helpers import awaiting_group
from tests.payments.wallets.factories import PIN, personal_wallet
from tests.payments.wallets.money_helpers import PAY, TOP_UP, gid, use_vnpay

pytestmark = pytest.mark.django_db


def _cost(gql, document, variables) -> int:
    with CaptureQueriesContext(connection) as queries:
        body = gql(document, variables)
    assert all(not payload["errors"] for payload in body["data"].values()), body
    return len(queries)


def test_the_wallet_money_mutations_cost_a_fixed_number_of_queries(gql, settings):
    use_vnpay(settings)
    wallet = personal_wallet(balance=500_000)
    group = awaiting_group(method="wallet", buyer=wallet.user)
    gql.login(wallet.user)
    top_up = _cost(gql, TOP_UP, {"amount": 100_000, "key": "nap"})
    pay = _cost(gql, PAY, {"id": gid(group), "pin": PIN, "key": "tra"})
    # On PostgreSQL the ledger's trigger applies the transfers (no UPDATE per account).
    expected = (11, 35) if connection.vendor == "postgresql" else (11, 37)
    assert (top_up, pay) == expected
