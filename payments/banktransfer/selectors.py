"""Reads of incoming transfers: the operator queue, and the payer's account for refunds."""

from dataclasses import dataclass

from django.db.models import Q

from payments.banktransfer.models import BankTransaction


@dataclass(frozen=True)
class PayerAccount:
    bank_bin: str
    account_number: str
    name: str
    bank_transaction_id: str


def payer_account_for(attempt) -> PayerAccount | None:
    """Where the money of a bank-transfer attempt came from, as the bank reported it (the
    statement's payer columns or the notification's payer fields); None when it did not say.
    A bank-transfer refund goes back to this account (recorded by the operator).

    Found through the attempt's `gateway_transaction_no` (the bank transaction id), so it also
    answers inside payment_collected, e.g. when a late payment's refund is being created."""
    if not attempt.gateway_transaction_no:
        return None
    row = BankTransaction.objects.filter(bank_transaction_id=attempt.gateway_transaction_no).first()
    if row is None or not row.payer_account_number:
        return None
    return PayerAccount(row.payer_bank_bin, row.payer_account_number, row.payer_name, row.bank_transaction_id)


def bank_transactions(*, statuses=None, in_queue: bool = False):
    """`in_queue`: what waits for the operator, late money included until its refund was sent."""
    rows = BankTransaction.objects.select_related("attempt__group", "attempt__late_refund").order_by(
        "-credited_at", "-pk"
    )
    if in_queue:
        S = BankTransaction.Status
        rows = rows.filter(
            Q(status__in=BankTransaction.DECIDE)
            | (Q(status=S.LATE) & ~Q(attempt__late_refund__status="succeeded"))
        )
    return rows.filter(status__in=statuses) if statuses else rows
