"""Late money whose refund failed (review F6, probe F-med-3): finance sees it in the refunds list
and returns it again, by the gateway or by bank transfer; nothing stays in escrow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.errors import PermissionDenied
from marketplace.graphql.ids import encode_id
from orders.services.payment import payment_groups_expire
from payments.banktransfer.models import BankTransaction
from payments.services.collect import Outcome, payment_collected
from payments.settlement.errors import RefundRetryNotAllowed
from payments.settlement.models import Refund
from payments.settlement.refunds import refund_create, refund_mark, refund_retry
from tests.factories import UserFactory
from tests.payments.helpers import open_attempt
from tests.payments.settlement.helpers import (
    GatewayTestProvider,
    balance,
    committed,
    owner_of,
    paid_order,
    placed_order,
)

pytestmark = pytest.mark.django_db


def _late_money(method="vnpay", answer="refused", transaction_no="9"):
    order, _buyer = placed_order(price=100_000, delivery="post", method=method)
    group = order.payment_group
    attempt = open_attempt(group, method=method)
    payment_groups_expire(now=timezone.now() + timedelta(days=1))
    GatewayTestProvider.answer = answer
    result = committed(
        payment_collected,
        reference=attempt.reference,
        amount=group.amount,
        gateway_transaction_no=transaction_no,
    )
    assert result.outcome == Outcome.LATE
    return attempt, Refund.objects.get(attempt=attempt)


def test_a_failed_late_refund_is_retried_through_the_gateway():
    attempt, failed = _late_money()
    assert failed.status == Refund.Status.FAILED and balance("escrow") == 130_000
    fin = UserFactory(role=User.Role.FINANCE)
    GatewayTestProvider.answer = "ok"
    again = committed(refund_retry, user=fin, refund_id=failed.pk)
    again.refresh_from_db()
    # The same refund, tried again: the attempt's queue entries keep pointing at it.
    assert (again.pk, again.tries, again.amount, again.status) == (
        failed.pk,
        2,
        130_000,
        Refund.Status.SUCCEEDED,
    )
    assert balance("escrow") == 0
    with pytest.raises(RefundRetryNotAllowed):  # only a failed one is retried: never paid twice
        refund_retry(user=fin, refund_id=again.pk)


def test_a_failed_late_refund_is_sent_back_by_bank_transfer():
    _attempt, failed = _late_money()
    fin = UserFactory(role=User.Role.FINANCE)
    again = committed(refund_retry, user=fin, refund_id=failed.pk, by_bank_transfer=True)
    assert (again.method, again.status) == ("bank_transfer", Refund.Status.PENDING)
    with pytest.raises(RefundRetryNotAllowed):  # pending again: not retried twice
        refund_retry(user=fin, refund_id=failed.pk)
    committed(refund_mark, user=fin, refund_id=again.pk, sent=True, reference="FT999")
    assert Refund.objects.get(pk=again.pk).status == Refund.Status.SUCCEEDED
    assert balance("escrow") == 0


def test_only_finance_retries_and_only_late_money():
    _attempt, failed = _late_money()
    with pytest.raises(PermissionDenied):
        refund_retry(user=UserFactory(role=User.Role.TRADE_OFFICER), refund_id=failed.pk)
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    GatewayTestProvider.answer = "refused"
    order_refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=1_000, reason="x")
    with pytest.raises(RefundRetryNotAllowed):
        refund_retry(user=UserFactory(role=User.Role.FINANCE), refund_id=order_refund.pk)


QUERY = """query($status: [RefundStatus!], $late: Boolean) {
    refunds(status: $status, late: $late, first: 10) { totalCount edges { node {
        id amount method status late orderNumber attemptReference createdAt resolvedAt
        payerAccount { bankBin accountNumber name } } } } }"""


def test_finance_lists_failed_late_refunds_with_the_payers_account(gql):
    attempt, failed = _late_money(method="bank_transfer", answer="ok", transaction_no="BT-77")
    BankTransaction.objects.create(
        bank_transaction_id="BT-77",
        amount=130_000,
        credited_at=timezone.now(),
        source=BankTransaction.Source.WEBHOOK,
        status=BankTransaction.Status.MATCHED,
        attempt=attempt,
        payer_bank_bin="970436",
        payer_account_number="0011000999",
        payer_name="NGUYEN VAN A",
    )
    committed(
        refund_mark, user=UserFactory(role=User.Role.FINANCE), refund_id=failed.pk, sent=False, note="sai tk"
    )
    paid, _buyer = paid_order(price=50_000, delivery="pickup")
    committed(refund_create, user=owner_of(paid), order_id=paid.pk, amount=1_000, reason="x")  # not late

    data = gql.login(UserFactory(role=User.Role.FINANCE))(QUERY, {"status": ["FAILED"], "late": True})["data"]
    assert data["refunds"]["totalCount"] == 1
    node = data["refunds"]["edges"][0]["node"]
    assert node["id"] == encode_id("Refund", failed.pk)
    assert (node["amount"], node["method"], node["status"], node["late"]) == (
        130_000,
        "bank_transfer",
        "FAILED",
        True,
    )
    assert (node["orderNumber"], node["attemptReference"]) == (None, attempt.reference)
    assert node["payerAccount"] == {
        "bankBin": "970436",
        "accountNumber": "0011000999",
        "name": "NGUYEN VAN A",
    }
    assert node["resolvedAt"] is not None

    officer = gql.login(UserFactory(role=User.Role.TRADE_OFFICER))(QUERY, {})["data"]["refunds"]
    assert officer["totalCount"] == 2
    assert all(edge["node"]["payerAccount"] is None for edge in officer["edges"])  # finance only
    seller = gql.login(owner_of(paid))(QUERY, {}, allow_errors=True)
    assert seller["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
