"""The money API's SQL cost is pinned: a statement costs the same for 1 or 6 orders."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.graphql.ids import encode_id
from tests.payments.settlement.helpers import completed_order, seller

pytestmark = pytest.mark.django_db


STATEMENT = """query($id: ID!, $from: Date!, $to: Date!) { businessStatement(businessId: $id, from: $from, to: $to) {
    openingBalance closingBalance gross commission withheld refunds codNetting payouts
    lines { at kind orderNumber description credit debit balance }
    orders { orderNumber releasedAt gross commission withheld sellerNet } } }"""


def _statement_queries(gql, business, owner) -> int:
    today = timezone.localdate()
    variables = {
        "id": encode_id("Business", business.pk),
        "from": str(today - timedelta(days=1)),
        "to": str(today),
    }
    gql.login(owner)
    with CaptureQueriesContext(connection) as queries:
        gql(STATEMENT, variables)
    return len(queries)


def test_a_statement_costs_the_same_for_one_or_six_orders(gql, django_assert_num_queries):
    one, one_owner = seller()
    completed_order(business=one, price=10_000, delivery="pickup")
    six, six_owner = seller()
    for _ in range(6):
        completed_order(business=six, price=10_000, delivery="pickup")
    assert _statement_queries(gql, one, one_owner) == _statement_queries(gql, six, six_owner) == 9


def _mutation_queries(gql, user, mutation, variables) -> int:
    gql.login(user)
    with CaptureQueriesContext(connection) as queries:
        body = gql(mutation, variables)
    assert all(not payload["errors"] for payload in body["data"].values()), body
    return len(queries)


def test_the_money_mutations_cost_a_fixed_number_of_queries(gql, monkeypatch):
    from marketplace.accounts.models import User
    from tests.factories import UserFactory
    from tests.payments.settlement.helpers import (
        bank_accounts_for_all,
        deliver,
        owner_of,
        paid_order,
        placed_order,
    )

    order, _ = paid_order(price=50_000, delivery="pickup")
    refund = """mutation($id: ID!) { refundCreate(orderId: $id, amount: 1000, reason: "Thiếu") {
        errors { code } refund { amount status } order { status } } }"""
    refund_cost = _mutation_queries(gql, owner_of(order), refund, {"id": encode_id("Order", order.pk)})

    cod_order, _ = placed_order(method="cod", price=50_000, delivery="pickup")
    deliver(cod_order)
    cod = """mutation($id: ID!) { codCollected(orderId: $id, amount: 50000) { errors { code } settlement { sellerNet } } }"""
    cod_cost = _mutation_queries(gql, owner_of(cod_order), cod, {"id": encode_id("Order", cod_order.pk)})

    bank_accounts_for_all(monkeypatch)
    completed_order(kind="enterprise", price=50_000, delivery="pickup")
    finance = UserFactory(role=User.Role.FINANCE)
    run = gql.login(finance)("mutation { payoutRun { batch { payouts { id } } } }")
    payout_id = run["data"]["payoutRun"]["batch"]["payouts"][0]["id"]
    mark = """mutation($id: ID!) { payoutMark(payoutId: $id, outcome: PAID, reference: "FT1") {
        errors { code } payout { status } } }"""
    mark_cost = _mutation_queries(gql, finance, mark, {"id": payout_id})
    # On PostgreSQL the ledger's trigger applies the transfers to the accounts (no UPDATE per
    # account from Python); on SQLite ledger_post writes them itself.
    expected = (22, 23, 12) if connection.vendor == "postgresql" else (24, 28, 15)
    assert (refund_cost, cod_cost, mark_cost) == expected
