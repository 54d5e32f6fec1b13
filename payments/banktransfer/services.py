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
from django.utils.translation import gettext as _

from marketplace.errors import DomainError, NotFound
from orders.models import PaymentGroup, PaymentMethod
from payments.attempts import PaymentAttempt
from payments.banktransfer.errors import (
    BankTransactionConflict,
    BankTransactionLateRefund,
    BankTransactionNotInQueue,
    BankTransferMatchAmount,
    BankTransferMatchMethod,
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
    row = BankTransaction(
        bank_transaction_id=bank_transaction_id,
        amount=amount,
        description=description,
        credited_at=credited_at,
        source=source,
        payer_bank_bin=payer_bank_bin,
        payer_account_number=payer_account_number,
        payer_name=payer_name,
        recorded_by=recorded_by,
    )
    try:
        with transaction.atomic():
            # Classified before the insert, so a credit for the queue is one INSERT.
            attempt = _classify(row)
            row.save(force_insert=True)
            if attempt is not None:
                _collect(row, attempt)
            return Recorded(row, created=True)
    except IntegrityError:
        existing = BankTransaction.objects.filter(bank_transaction_id=bank_transaction_id).first()
        if existing is None:  # not a replay: some other constraint failed
            raise
    if existing.amount != amount:
        raise BankTransactionConflict(field="bank_transaction_id")
    return Recorded(existing, created=False)


def attempts_named_in(descriptions) -> dict[str, PaymentAttempt]:
    """Every attempt whose reference appears in any of the descriptions, in a few queries."""
    candidates = list({c for description in descriptions for c in reference_candidates(description)})
    found: dict[str, PaymentAttempt] = {}
    for i in range(0, len(candidates), 500):
        for attempt in PaymentAttempt.objects.filter(reference__in=candidates[i : i + 500]):
            found[attempt.reference] = attempt
    return found


def _classify(row: BankTransaction) -> PaymentAttempt | None:
    found = list(PaymentAttempt.objects.filter(reference__in=reference_candidates(row.description))[:2])
    return classify(row, found)


def classify(row: BankTransaction, found: list[PaymentAttempt]) -> PaymentAttempt | None:
    """Sets the row's status from the attempts its description names and its amount; returns
    the attempt to collect for when the credit pays it exactly (`_collect` then settles it)."""
    if len(found) != 1:
        row.status = S.UNMATCHED
        row.note = _("Nội dung chuyển khoản chứa nhiều mã thanh toán.") if found else ""
        return None
    attempt = found[0]
    row.attempt, row.reference = attempt, attempt.reference
    if attempt.method != PaymentMethod.BANK_TRANSFER:
        # Money for a card payment's reference: the ledger must not book it as VNPay money.
        row.status, row.note = S.UNMATCHED, _("Mã thanh toán này không phải của chuyển khoản ngân hàng.")
    elif row.amount < attempt.amount:
        row.status = S.SHORT
    elif row.amount > attempt.amount:
        row.status = S.OVER
    else:
        # Stays in the queue unless the collection below succeeds; a late payment's refund,
        # created inside payment_collected, finds this row (and its payer) already written.
        row.status = S.UNMATCHED
        return attempt
    return None


def bank_transactions_insert_queued(rows: list[BankTransaction]) -> bool:
    """Credits already classified for the queue (no money moves), in one INSERT: a statement's
    unmatched lines cost one statement, not a transaction each. False, and nothing written,
    when one of the ids was recorded meanwhile: the caller then records them one by one."""
    try:
        with transaction.atomic():
            BankTransaction.objects.bulk_create(rows)
    except IntegrityError:
        for row in rows:
            row.pk = None
        return False
    return True


def _collect(row: BankTransaction, attempt: PaymentAttempt) -> None:
    """Exact amount: the money goes to escrow and the group is paid (or, if the group expired
    meanwhile, the money is late and queued for refund by payment_collected)."""
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
        row.note = str(exc.message)[:500]
        row.save(update_fields=["note"])
        return
    if (
        collected.outcome == Outcome.REPEAT
        and collected.attempt.gateway_transaction_no != row.bank_transaction_id
    ):
        # The attempt was paid by an earlier transfer: this is a second payment of the same bill.
        row.status = S.ALREADY_PAID
    else:
        row.status, row.outcome = _status_for(collected.outcome), str(collected.outcome)
    row.save(update_fields=["status", "outcome"])


def _status_for(outcome) -> str:
    # Late money is booked (escrow) with a refund held for it, which the operator sends back by
    # hand: the credit stays in the operator's queue until that refund is recorded.
    return S.LATE if outcome == Outcome.LATE else S.MATCHED


def _locked_queued(bank_transaction_id: int) -> BankTransaction:
    row = BankTransaction.objects.select_for_update().filter(pk=bank_transaction_id).first()
    if row is None:
        raise NotFound(field="transaction")
    if row.status == S.LATE:
        raise BankTransactionLateRefund(field="transaction")
    if row.status not in BankTransaction.DECIDE:
        raise BankTransactionNotInQueue(field="transaction")
    return row


def _target_attempt(
    row: BankTransaction, *, reference: str | None, group_number: str | None
) -> PaymentAttempt:
    """The operator names the bill either by its reference or by its payment group; a group
    with no bank-transfer attempt of its amount gets one (the buyer paid by transfer anyway).
    Only a bill still awaiting payment: money for an expired or paid one is returned instead."""
    from payments.services.attempts import attempt_create

    if bool(reference) == bool(group_number):
        raise BankTransferMatchTarget(field="reference")
    if reference:
        attempt = (
            PaymentAttempt.objects.select_related("group").filter(reference=reference.strip().upper()).first()
        )
        if (
            attempt is None
            or attempt.method != PaymentMethod.BANK_TRANSFER
            or attempt.group.status != PaymentGroup.Status.AWAITING_PAYMENT
        ):
            raise BankTransferMatchTarget(field="reference")
        return attempt
    group = PaymentGroup.objects.filter(number=group_number.strip().upper()).first()
    if group is None or group.status != PaymentGroup.Status.AWAITING_PAYMENT:
        raise BankTransferMatchTarget(field="payment_group_number")
    if group.method != PaymentMethod.BANK_TRANSFER:
        # Refunds follow the group's method; money that came by bank must not be booked to it.
        raise BankTransferMatchMethod(field="payment_group_number")
    if group.amount != row.amount:
        raise BankTransferMatchAmount(field="payment_group_number")
    attempt = group.attempts.filter(method=PaymentMethod.BANK_TRANSFER, status=A.PENDING).first()
    return attempt or attempt_create(group=group, method=PaymentMethod.BANK_TRANSFER)


def _clean_note(note, *, required: bool) -> str:
    """One line, at most 500 characters, nothing hidden: it stays on the record the auditors read."""
    from marketplace.validation import InvisibleCharacters, _has_hidden_characters

    raw = str(note or "")
    if any(ch not in "\n\t\r" for ch in raw if _has_hidden_characters(ch)):
        raise InvisibleCharacters(field="note")
    note = " ".join(raw.split())
    if len(note) > 500 or (required and not note):
        raise BankTransferNoteRequired(field="note")
    return note


def bank_transfer_match(
    *,
    user,
    bank_transaction_id: int,
    reference: str | None = None,
    group_number: str | None = None,
    note: str = "",
) -> BankTransaction:
    """The operator says which bill a queued credit pays. Only the exact amount is accepted:
    a short or over payment is returned to the payer, never booked as paid."""
    require_finance(user)
    note = _clean_note(note, required=False)
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
        row.status, row.outcome = _status_for(collected.outcome), str(collected.outcome)
        row.resolved_by, row.resolved_at = user, timezone.now()
        row.note = note or row.note
        fields = ["attempt", "reference", "status", "outcome", "resolved_by", "resolved_at", "note"]
        row.save(update_fields=fields)
        return row


def bank_transfer_close(*, user, bank_transaction_id: int, status: str, note: str) -> BankTransaction:
    """The operator closes a queued credit without booking it: RETURNED (the money goes back to
    the payer's account; the operator makes that transfer at the bank) or IGNORED (not a
    buyer's payment, e.g. interest). The note says why; it stays on the record."""
    require_finance(user)
    note = _clean_note(note, required=True)
    if status not in (S.RETURNED, S.IGNORED):
        raise BankTransactionNotInQueue(field="status")
    with transaction.atomic():
        row = _locked_queued(bank_transaction_id)
        row.status, row.note = status, note
        row.resolved_by, row.resolved_at = user, timezone.now()
        row.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
        return row
