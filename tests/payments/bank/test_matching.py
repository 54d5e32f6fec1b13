"""Incoming credits matched by reference and amount; everything else queued, never booked."""

import sys
import types
from datetime import UTC, datetime

import pytest

from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt
from payments.banktransfer.errors import BankTransactionConflict
from payments.banktransfer.matching import reference_candidates
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.selectors import payer_account_for
from payments.banktransfer.services import bank_transaction_record
from payments.ledger.models import LedgerAccount
from tests.payments.bank.helpers import bank_group
from tests.payments.helpers import awaiting_group, open_attempt

pytestmark = pytest.mark.django_db
S = BankTransaction.Status


def credit(txn_id: str, amount: int, description: str, **payer) -> BankTransaction:
    return bank_transaction_record(
        bank_transaction_id=txn_id,
        amount=amount,
        description=description,
        credited_at=datetime(2026, 12, 1, 3, 15, tzinfo=UTC),
        source=BankTransaction.Source.WEBHOOK,
        **payer,
    ).transaction


def escrow() -> int:
    return LedgerAccount.objects.get(code="escrow").balance


def test_reference_is_found_through_bank_rewrites():
    ref = "TT2612010001AB3C"
    for description in [
        f"MBVCB.8812.{ref}.CT tu 0123 NGUYEN VAN A",
        "tt2612 010001 ab3c chuyen tien",
        "TT-2612010001-AB3C",
        "Thanh toán TT2612010001AB3C Đơn hàng",
        "NGUYEN VAN TT chuyen TT2612010001AB3CFT26336",
    ]:
        assert ref in reference_candidates(description), description
    assert reference_candidates("chuyen tien an trua") == []


def test_exact_amount_with_the_reference_pays_the_group():
    group, attempt, _ = bank_group(price=120_000)
    row = credit("FT001", group.amount, f"NGUYEN VAN A chuyen tien {attempt.reference.lower()}")
    assert (row.status, row.outcome, row.attempt_id) == (S.MATCHED, "paid", attempt.pk)
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.PAID
    attempt.refresh_from_db()
    assert attempt.gateway_transaction_no == "FT001"
    assert escrow() == group.amount
    assert LedgerAccount.objects.get(code="bank_clearing").balance == -group.amount


@pytest.mark.parametrize(("delta", "status"), [(-1_000, S.SHORT), (5_000, S.OVER)])
def test_short_or_over_payment_is_queued_and_books_nothing(delta, status):
    group, attempt, _ = bank_group()
    row = credit("FT002", group.amount + delta, attempt.reference)
    assert (row.status, row.attempt_id, row.in_queue) == (status, attempt.pk, True)
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.AWAITING_PAYMENT
    assert escrow() == 0


def test_unknown_reference_is_queued():
    row = credit("FT003", 99_000, "ung ho dong bao lu lut TT2612019999ZZZZ")
    assert (row.status, row.attempt, row.in_queue) == (S.UNMATCHED, None, True)


def test_a_second_transfer_for_a_paid_bill_is_queued_not_swallowed():
    group, attempt, _ = bank_group()
    credit("FT004", group.amount, attempt.reference)
    second = credit("FT005", group.amount, attempt.reference)
    assert (second.status, second.in_queue) == (S.ALREADY_PAID, True)
    assert escrow() == group.amount  # booked once


def test_a_card_payments_reference_in_a_transfer_is_not_booked_as_card_money():
    group = awaiting_group()
    vnpay_attempt = open_attempt(group, "vnpay")
    row = credit("FT006", group.amount, vnpay_attempt.reference)
    assert row.status == S.UNMATCHED and row.attempt_id == vnpay_attempt.pk
    assert escrow() == 0


def test_replaying_a_bank_transaction_id_returns_the_first_record():
    group, attempt, _ = bank_group()
    first = credit("FT007", group.amount, attempt.reference)
    again = bank_transaction_record(
        bank_transaction_id="FT007",
        amount=group.amount,
        description="whatever",
        credited_at=datetime(2026, 12, 1, tzinfo=UTC),
        source=BankTransaction.Source.STATEMENT,
    )
    assert again.created is False and again.transaction.pk == first.pk
    assert BankTransaction.objects.count() == 1 and escrow() == group.amount


def test_the_same_bank_transaction_id_with_another_amount_is_refused():
    credit("FT008", 10_000, "abc")
    with pytest.raises(BankTransactionConflict):
        credit("FT008", 20_000, "abc")


def test_payer_account_is_kept_for_a_refund():
    group, attempt, _ = bank_group()
    credit(
        "FT009",
        group.amount,
        attempt.reference,
        payer_bank_bin="970436",
        payer_account_number="0011000123456",
        payer_name="NGUYEN VAN A",
    )
    payer = payer_account_for(PaymentAttempt.objects.get(pk=attempt.pk))
    assert (payer.bank_bin, payer.account_number, payer.name) == ("970436", "0011000123456", "NGUYEN VAN A")


def test_money_for_an_expired_bill_is_late_and_its_payer_is_known_to_the_refund(monkeypatch):
    """payment_collected books late money to escrow and asks the settlement module for a refund
    inside the same transaction; that refund must already find where the money came from."""
    seen = []
    refunds = types.ModuleType("payments.settlement.refunds")
    refunds.late_payment_refund_create = lambda *, attempt: seen.append(payer_account_for(attempt))
    monkeypatch.setitem(sys.modules, "payments.settlement", types.ModuleType("payments.settlement"))
    monkeypatch.setitem(sys.modules, "payments.settlement.refunds", refunds)

    group, attempt, _ = bank_group()
    PaymentGroup.objects.filter(pk=group.pk).update(status=PaymentGroup.Status.EXPIRED)
    row = credit(
        "FT010", group.amount, attempt.reference, payer_bank_bin="970405", payer_account_number="8888123456"
    )
    assert (row.status, row.outcome) == (S.LATE, "late")
    assert [(p.bank_bin, p.account_number) for p in seen] == [("970405", "8888123456")]
    assert escrow() == group.amount  # held there for the refund
