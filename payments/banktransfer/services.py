"""Incoming transfers: recorded once per bank transaction id, matched to a payment attempt by
the reference in their description and their amount, or queued for the finance operator.

Only an exact match (our reference, a bank-transfer attempt, the same amount, not yet paid by
another transfer) is collected automatically; a short, over or unknown payment waits in the
queue (`BankTransaction.QUEUE`) until the operator matches it or returns it to the payer.
Lock order: the bank transaction row, then payment_collected's group → attempt → ledger."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.errors import DomainError
from orders.models import PaymentGroup, PaymentMethod
from payments.attempts import PaymentAttempt
from payments.banktransfer.errors import (
    BankTransactionConflict,
    BankTransactionNotInQueue,
    BankTransferMatchAmount,
    BankTransferMatchTarget,
    BankTransferNoteRequired,
)
from payments.banktransfer.matching import reference_candidates
from payments.banktransfer.models import BankTransaction
from payments.permissions import require_finance
from payments.services.collect import Outcome, payment_collected

logger = logging.getLogger(__name__)
S = BankTransaction.Status
A = PaymentAttempt.Status


@dataclass(frozen=True)
class Recorded:
    transaction: BankTransaction
    created: bool  # False: this bank transaction id was already recorded (a replay)


def bank_transaction_record(
    *,
    bank_transaction_id: str,
    amount: int,
    description: str,
    credited_at: datetime,
    source: str,
    payer_bank_bin: str = "",
    payer_account_number: str = "",
    payer_name: str = "",
    recorded_by=None,
) -> Recorded:
    """Records one credit and matches it, in one transaction. The unique bank transaction id
    makes a replay (a re-imported statement, a retried or doubled notification, even two at
    the same instant: the second insert waits for the first and then fails) return the first
    record unchanged; the same id with another amount is refused."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = BankTransaction.objects.create(
                    bank_transaction_id=bank_transaction_id,
                    amount=amount,
                    description=description,
                    credited_at=credited_at,
                    source=source,
                    status=S.UNMATCHED,
                    payer_bank_bin=payer_bank_bin,
                    payer_account_number=payer_account_number,
                    payer_name=payer_name,
                    recorded_by=recorded_by,
                )
        except IntegrityError:
            existing = BankTransaction.objects.get(bank_transaction_id=bank_transaction_id)
            if existing.amount != amount:
                raise BankTransactionConflict(field="bank_transaction_id") from None
            return Recorded(existing, created=False)
        _match(row)
        return Recorded(row, created=True)


def _attempt_for(row: BankTransaction) -> tuple[PaymentAttempt | None, str]:
    found = list(PaymentAttempt.objects.filter(reference__in=reference_candidates(row.description)))
    if not found:
        return None, ""
    if len(found) > 1:
        return None, "Nội dung chuyển khoản chứa nhiều mã thanh toán."
    return found[0], ""


def _match(row: BankTransaction) -> None:
    attempt, note = _attempt_for(row)
    if attempt is None:
        _queue(row, S.UNMATCHED, note)
        return
    row.attempt, row.reference = attempt, attempt.reference
    if attempt.method != PaymentMethod.BANK_TRANSFER:
        # Money for a card payment's reference: the ledger must not book it as VNPay money.
        _queue(row, S.UNMATCHED, "Mã thanh toán này không phải của chuyển khoản ngân hàng.")
    elif row.amount < attempt.amount:
        _queue(row, S.SHORT)
    elif row.amount > attempt.amount:
        _queue(row, S.OVER)
    else:
        _collect(row, attempt)


def _collect(row: BankTransaction, attempt: PaymentAttempt) -> None:
    """Exact amount: the money goes to escrow and the group is paid (or, if the group expired
    meanwhile, the money is late and queued for refund by payment_collected)."""
    # Saved first: a late payment's refund, created inside payment_collected, reads the payer.
    row.save(update_fields=["attempt", "reference"])
    try:
        with transaction.atomic():
            collected = payment_collected(
                reference=attempt.reference,
                amount=row.amount,
                gateway_transaction_no=row.bank_transaction_id,
                raw={"bank_transaction_id": row.bank_transaction_id, "source": row.source},
            )
    except DomainError as exc:
        logger.warning("Bank transaction %s not collected: %s", row.pk, exc.code)
        _queue(row, S.UNMATCHED, str(exc.message))
        return
    if (
        collected.outcome == Outcome.REPEAT
        and collected.attempt.gateway_transaction_no != row.bank_transaction_id
    ):
        # The attempt was paid by an earlier transfer: this is a second payment of the same bill.
        _queue(row, S.ALREADY_PAID)
        return
    row.status, row.outcome = S.MATCHED, str(collected.outcome)
    row.save(update_fields=["status", "outcome", "attempt", "reference"])


def _queue(row: BankTransaction, status: str, note: str = "") -> None:
    row.status = status
    row.note = note[:500]
    row.save(update_fields=["status", "note", "attempt", "reference"])


def _locked_queued(bank_transaction_id: int) -> BankTransaction:
    row = BankTransaction.objects.select_for_update().filter(pk=bank_transaction_id).first()
    if row is None:
        from marketplace.errors import NotFound

        raise NotFound(field="transaction")
    if not row.in_queue:
        raise BankTransactionNotInQueue(field="transaction")
    return row


def _target_attempt(
    row: BankTransaction, *, reference: str | None, group_number: str | None
) -> PaymentAttempt:
    """The operator names the bill either by its reference or by its payment group; a group
    with no bank-transfer attempt of its amount gets one (the buyer paid by transfer anyway)."""
    from payments.services.attempts import attempt_create

    if bool(reference) == bool(group_number):
        raise BankTransferMatchTarget(field="reference")
    if reference:
        attempt = PaymentAttempt.objects.filter(reference=reference.strip().upper()).first()
        if attempt is None or attempt.method != PaymentMethod.BANK_TRANSFER:
            raise BankTransferMatchTarget(field="reference")
        return attempt
    group = PaymentGroup.objects.filter(number=group_number.strip().upper()).first()
    if group is None or group.status != PaymentGroup.Status.AWAITING_PAYMENT:
        raise BankTransferMatchTarget(field="payment_group_number")
    if group.amount != row.amount:
        raise BankTransferMatchAmount(field="payment_group_number")
    attempt = group.attempts.filter(method=PaymentMethod.BANK_TRANSFER, status=A.PENDING).first()
    return attempt or attempt_create(group=group, method=PaymentMethod.BANK_TRANSFER)


def bank_transfer_match(
    *, user, bank_transaction_id: int, reference: str | None = None, group_number: str | None = None
) -> BankTransaction:
    """The operator says which bill a queued credit pays. Only the exact amount is accepted:
    a short or over payment is returned to the payer, never booked as paid."""
    require_finance(user)
    with transaction.atomic():
        row = _locked_queued(bank_transaction_id)
        attempt = _target_attempt(row, reference=reference, group_number=group_number)
        if attempt.amount != row.amount:
            raise BankTransferMatchAmount(field="transaction")
        if attempt.status != A.PENDING:
            raise BankTransferMatchTarget(field="reference")
        collected = payment_collected(
            reference=attempt.reference,
            amount=row.amount,
            gateway_transaction_no=row.bank_transaction_id,
            raw={"bank_transaction_id": row.bank_transaction_id, "source": row.source, "matched_by": user.pk},
        )
        if collected.outcome == Outcome.REPEAT:  # paid by another transfer since we looked
            raise BankTransferMatchTarget(field="reference")
        row.attempt, row.reference = attempt, attempt.reference
        row.status, row.outcome = S.MATCHED, str(collected.outcome)
        row.resolved_by, row.resolved_at = user, timezone.now()
        row.save(update_fields=["attempt", "reference", "status", "outcome", "resolved_by", "resolved_at"])
        return row


def bank_transfer_close(*, user, bank_transaction_id: int, status: str, note: str) -> BankTransaction:
    """The operator closes a queued credit without booking it: RETURNED (the money goes back to
    the payer's account; the operator makes that transfer at the bank) or IGNORED (not a
    buyer's payment, e.g. interest). The note says why; it stays on the record."""
    require_finance(user)
    note = " ".join(str(note or "").split())
    if not note or len(note) > 500:
        raise BankTransferNoteRequired(field="note")
    if status not in (S.RETURNED, S.IGNORED):
        raise BankTransactionNotInQueue(field="status")
    with transaction.atomic():
        row = _locked_queued(bank_transaction_id)
        row.status, row.note = status, note
        row.resolved_by, row.resolved_at = user, timezone.now()
        row.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
        return row
