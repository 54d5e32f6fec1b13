"""SQL pinned for the bank lists: a query per row fails here."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments.banks.services import business_bank_account_set
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import bank_transaction_record
from tests.factories import OfficerFactory, business_with_owner
from tests.payments.bank.helpers import finance_operator

pytestmark = pytest.mark.django_db

BUSINESSES = (
    "{ businesses(first: 20) { edges { node { name bankAccount { accountNumber bank { shortName } } } } } }"
)
QUEUE = """{ bankTransactions(first: 50) { totalCount edges { node { bankTransactionId status amount
  reference payerName amountDue paymentGroupNumber } } } }"""


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def registered_businesses(n: int) -> None:
    for _ in range(n):
        business, owner = business_with_owner()
        business_bank_account_set(
            user=owner,
            business_id=business.pk,
            bank_bin="970415",
            account_number="113366668888",
            holder_name="HTX CHE",
        )


def test_bank_accounts_of_a_business_list_load_in_one_query(gql):
    gql.login(OfficerFactory())
    registered_businesses(1)
    one = count_queries(lambda: gql(BUSINESSES))
    registered_businesses(4)
    five = count_queries(lambda: gql(BUSINESSES))
    assert one == five
    assert len(gql(BUSINESSES)["data"]["businesses"]["edges"]) == 5


def test_the_queue_costs_the_same_for_one_or_many_credits(gql):
    gql.login(finance_operator())
    counts = []
    for n in (1, 10):
        for i in range(n):
            bank_transaction_record(
                bank_transaction_id=f"Q{n}-{i}",
                amount=1_000,
                description="abc",
                credited_at=datetime(2026, 12, 1, tzinfo=UTC),
                source=BankTransaction.Source.STATEMENT,
            )
        counts.append(count_queries(lambda: gql(QUEUE)))
    # user (bearer token), the page, the count
    assert counts == [3, 3]
