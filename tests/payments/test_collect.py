"""Money arriving for a payment attempt: escrow credited once, the group paid, repeats harmless."""

import pytest

from orders.models import Order, PaymentGroup
from payments.attempts import PaymentAttempt
from payments.errors import AttemptAmountMismatch, AttemptNotFound
from payments.ledger.models import LedgerAccount
from payments.services.collect import Outcome, payment_collected, payment_failed
from tests.parallel import run_in_parallel
from tests.payments.helpers import awaiting_group, open_attempt

pytestmark = pytest.mark.django_db


def escrow() -> int:
    return LedgerAccount.objects.get(code="escrow").balance


def test_money_for_an_awaiting_group_pays_it_and_lands_in_escrow():
    group = awaiting_group(sellers=2)
    attempt = open_attempt(group)
    result = payment_collected(
        reference=attempt.reference, amount=group.amount, gateway_transaction_no="14000001"
    )
    assert result.outcome == Outcome.PAID
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.PAID
    assert set(group.orders.values_list("status", flat=True)) == {Order.Status.PAID}
    assert escrow() == group.amount


def test_a_repeat_changes_nothing():
    group = awaiting_group()
    attempt = open_attempt(group)
    payment_collected(reference=attempt.reference, amount=group.amount)
    again = payment_collected(reference=attempt.reference, amount=group.amount)
    assert again.outcome == Outcome.REPEAT
    assert escrow() == group.amount


def test_a_wrong_amount_or_unknown_reference_records_nothing():
    group = awaiting_group()
    attempt = open_attempt(group)
    with pytest.raises(AttemptAmountMismatch):
        payment_collected(reference=attempt.reference, amount=group.amount - 1)
    with pytest.raises(AttemptNotFound):
        payment_collected(reference="TT000000000000ZZZZ", amount=group.amount)
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert escrow() == 0


def test_a_failed_attempt_leaves_the_group_awaiting_payment():
    group = awaiting_group()
    attempt = open_attempt(group)
    assert payment_failed(reference=attempt.reference, response_code="51").outcome == Outcome.FAILED
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.AWAITING_PAYMENT
    assert payment_failed(reference=attempt.reference, response_code="51").outcome == Outcome.REPEAT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_callbacks_at_the_same_instant_credit_once():
    group = awaiting_group()
    attempt = open_attempt(group)
    results = run_in_parallel(
        *[lambda: payment_collected(reference=attempt.reference, amount=group.amount) for _ in range(6)]
    )
    outcomes = sorted(r.outcome for r in results)
    assert outcomes == [Outcome.PAID] + [Outcome.REPEAT] * 5, results
    assert escrow() == group.amount
