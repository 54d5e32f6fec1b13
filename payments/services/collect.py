"""Money arriving for a payment attempt (VNPay IPN or reconciliation, a matched bank transfer):
the one place it enters the ledger and the order flow is told.

Idempotent under parallel repeats: the group row, then the attempt row, are locked (the order
flow's lock order: group before its orders; the ledger's accounts last), so the second of two
identical callbacks sees the first one's result and changes nothing.

A wallet top-up's attempt has no group (`top_up_wallet` instead): its row is the lock, and
`payments.wallets.topup` credits the wallet; a top-up is never late (the wallet always takes
its own money)."""

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from orders.models import PaymentGroup
from orders.services.payment import payment_group_paid
from payments.attempts import PaymentAttempt
from payments.errors import AttemptAmountMismatch, AttemptNotFound
from payments.ledger.accounts import CLEARING_FOR_METHOD, ESCROW
from payments.ledger.services import Move, ledger_post

logger = logging.getLogger(__name__)
A = PaymentAttempt.Status


class Outcome(StrEnum):
    PAID = "paid"  # the group is paid now
    REPEAT = "repeat"  # this attempt was already settled: nothing changed
    LATE = "late"  # money arrived for a group no longer awaiting it: it is refunded
    FAILED = "failed"  # the payment did not go through; the buyer may try again


@dataclass(frozen=True)
class Collected:
    attempt: PaymentAttempt
    outcome: Outcome


def _locked_attempt(reference: str) -> PaymentAttempt:
    """Locks the attempt's group, then reads the attempt with the group attached. Every writer
    of an attempt's outcome holds its group's lock, so the attempt is read after that lock, in a
    statement of its own: a row joined into the locking statement could be the version from
    before a concurrent writer committed."""
    group = PaymentGroup.objects.select_for_update(of=("self",)).filter(attempts__reference=reference).first()
    if group is None:
        # Not a group's: a wallet top-up's (locked itself), or unknown. Only on this path, so
        # the hot path of order payments keeps its statements.
        attempt = (
            PaymentAttempt.objects.select_for_update(of=("self",))
            .filter(reference=reference, top_up_wallet__isnull=False)
            .first()
        )
        if attempt is None:
            raise AttemptNotFound(field="reference")
        return attempt
    attempt = PaymentAttempt.objects.get(reference=reference)
    attempt.group = group
    return attempt


def payment_collected(
    *, reference: str, amount: int, gateway_transaction_no: str = "", raw: dict | None = None
) -> Collected:
    """The gateway or bank says `amount` VND arrived for the attempt `reference`. The money goes
    to escrow; the group is paid if it still awaits exactly this amount, else the money is late
    and is refunded. An amount other than the attempt's is refused and records nothing."""
    with transaction.atomic():
        attempt = _locked_attempt(reference)
        if amount != attempt.amount:
            raise AttemptAmountMismatch(field="amount")
        if attempt.top_up_wallet_id is not None:
            return _top_up_collected(attempt, gateway_transaction_no=gateway_transaction_no, raw=raw)
        if attempt.status in (A.PAID, A.LATE):
            return Collected(attempt, Outcome.REPEAT)
        group = attempt.group
        awaited = group.status == PaymentGroup.Status.AWAITING_PAYMENT and group.amount == amount
        if awaited:  # locks the group's orders: order rows before ledger accounts, everywhere
            payment_group_paid(number=group.number, amount=amount, locked=group)
        attempt.status = A.PAID if awaited else A.LATE
        attempt.gateway_transaction_no = gateway_transaction_no[:64]
        attempt.response_code = "00"
        attempt.settled_at = timezone.now()
        if raw is not None:
            attempt.raw = raw
        attempt.save(update_fields=["status", "gateway_transaction_no", "response_code", "settled_at", "raw"])
        # Last but the late refund's hold: the hot escrow row stays locked until the commit.
        ledger_post(
            key=f"pay:{reference}",
            kind="payment",
            moves=[Move(CLEARING_FOR_METHOD[attempt.method], ESCROW, amount)],
            memo=f"{attempt.get_method_display()} {gateway_transaction_no}".strip(),
            order_number=group.number,
        )
        if not awaited:
            logger.warning(
                "Payment %s arrived for group %s in status %s: refunding",
                reference,
                group.number,
                group.status,
            )
            _refund_late(attempt)
        return Collected(attempt, Outcome.PAID if awaited else Outcome.LATE)


def _top_up_collected(attempt: PaymentAttempt, *, gateway_transaction_no: str, raw: dict | None) -> Collected:
    from payments.wallets.topup import wallet_top_up_collected

    credited = wallet_top_up_collected(
        attempt=attempt, gateway_transaction_no=gateway_transaction_no, raw=raw
    )
    return Collected(attempt, Outcome.PAID if credited else Outcome.REPEAT)


def _refund_late(attempt: PaymentAttempt) -> None:
    # Owned by the settlement module: it holds the money in escrow for the refund and starts it.
    from payments.settlement.refunds import late_payment_refund_create

    late_payment_refund_create(attempt=attempt)


def payment_failed(*, reference: str, response_code: str, raw: dict | None = None) -> Collected:
    """The gateway says the attempt failed (declined, cancelled by the buyer). The group keeps
    waiting: the buyer may try again until it expires. A failure after success changes nothing."""
    with transaction.atomic():
        attempt = _locked_attempt(reference)
        if attempt.status != A.PENDING:
            return Collected(attempt, Outcome.REPEAT)
        if attempt.top_up_wallet_id is not None:
            from payments.wallets.topup import wallet_top_up_failed

            wallet_top_up_failed(attempt=attempt, response_code=response_code, raw=raw)
            return Collected(attempt, Outcome.FAILED)
        attempt.status = A.FAILED
        attempt.response_code = response_code[:8]
        attempt.settled_at = timezone.now()
        if raw is not None:
            attempt.raw = raw
        attempt.save(update_fields=["status", "response_code", "settled_at", "raw"])
        return Collected(attempt, Outcome.FAILED)
