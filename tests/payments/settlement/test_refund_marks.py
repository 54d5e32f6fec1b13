"""How operators' marks and gateway answers meet (review F7, probe F-low-5): a gateway refund is
marked by hand only after a grace period; a gateway answer contradicting a mark is logged at
error level and flagged on the refund; the loser of two simultaneous marks is told."""

import logging

import pytest

from marketplace.accounts.models import User
from payments.settlement.errors import RefundAlreadyResolved, RefundNotManual
from payments.settlement.models import Refund
from payments.settlement.refunds import refund_create, refund_mark, refund_settle
from tests.factories import UserFactory
from tests.parallel import run_in_parallel
from tests.payments.settlement.helpers import (
    GatewayTestProvider,
    balance,
    committed,
    owner_of,
    paid_order,
    past_grace,
)

pytestmark = pytest.mark.django_db


def finance():
    return UserFactory(role=User.Role.FINANCE)


def test_a_gateway_refund_is_not_marked_by_hand_while_its_answer_may_still_come(monkeypatch):
    order, _buyer = paid_order(price=100_000, delivery="post")
    fin = finance()
    refused = []

    def slow_send(self, refund):
        # While VNPay is processing, an impatient operator tries to record the refund as failed.
        try:
            refund_mark(user=fin, refund_id=refund.pk, sent=False, note="no answer")
        except RefundNotManual as error:
            refused.append(error)
        from payments.providers import RefundOutcome

        return RefundOutcome(succeeded=True, reference="VNP123")

    monkeypatch.setattr(GatewayTestProvider, "refund_send", slow_send)
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=30_000, reason="Thiếu")
    refund.refresh_from_db()
    assert len(refused) == 1
    assert (refund.status, refund.reference) == (Refund.Status.SUCCEEDED, "VNP123")
    assert balance("escrow") == 100_000


def test_a_gateway_answer_contradicting_a_mark_is_logged_and_flagged(caplog):
    GatewayTestProvider.answer = "later"
    order, _buyer = paid_order(price=100_000, delivery="post")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=30_000, reason="Thiếu")
    past_grace(refund)
    committed(refund_mark, user=finance(), refund_id=refund.pk, sent=False, note="VNPay không trả lời")
    with caplog.at_level(logging.ERROR, logger="payments.settlement.refunds"):
        refund_settle(refund_id=refund.pk, succeeded=True, reference="VNP777")  # the answer, late
    refund.refresh_from_db()
    assert refund.status == Refund.Status.FAILED  # the ledger is not moved twice automatically
    assert "VNP777" in refund.conflict
    assert any(r.levelno == logging.ERROR and str(refund.pk) in r.getMessage() for r in caplog.records)
    # The same answer as the mark is a plain repeat: nothing flagged.
    other = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=1_000, reason="x")
    past_grace(other)
    committed(refund_mark, user=finance(), refund_id=other.pk, sent=False)
    refund_settle(refund_id=other.pk, succeeded=False)
    assert Refund.objects.get(pk=other.pk).conflict == ""


def test_a_mark_of_a_resolved_refund_is_refused():
    order, _buyer = paid_order(price=50_000, delivery="pickup", method="bank_transfer")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=1_000, reason="thiếu")
    refund_mark(user=finance(), refund_id=refund.pk, sent=True, reference="FT-A")
    with pytest.raises(RefundAlreadyResolved):
        refund_mark(user=finance(), refund_id=refund.pk, sent=False, note="sai tk")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_loser_of_two_simultaneous_marks_is_told_the_refund_is_resolved():
    order, _buyer = paid_order(price=50_000, delivery="pickup", method="bank_transfer")
    refund = refund_create(user=owner_of(order), order_id=order.pk, amount=1_000, reason="thiếu")
    first, second = finance(), finance()
    results = run_in_parallel(
        lambda: refund_mark(user=first, refund_id=refund.pk, sent=True, reference="FT-A"),
        lambda: refund_mark(user=second, refund_id=refund.pk, sent=False, note="sai tk"),
    )
    assert sum(isinstance(r, Refund) for r in results) == 1, results
    assert sum(isinstance(r, RefundAlreadyResolved) for r in results) == 1, results
