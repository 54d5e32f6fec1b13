"""Reconciliation: VNPay payments nobody told us about. An IPN can be lost (our server down,
a network cut, VNPay giving up its retries); querydr asks the gateway directly about each
attempt still pending VNPAY_RECONCILE_AFTER_MINUTES after it was opened, and settles it through
the same `payment_collected` / `payment_failed` as the IPN. Money found for a group that has
expired or been cancelled meanwhile comes back as outcome `late`, which refunds it.

Each query runs outside any transaction (no lock is held across the HTTP call); each
settlement is its own short transaction, idempotent against an IPN arriving at the same time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from orders.models import PaymentMethod
from payments.attempts import PaymentAttempt
from payments.errors import AttemptAmountMismatch, AttemptNotFound
from payments.services.collect import Outcome, payment_collected, payment_failed
from payments.vnpay.client import HASH_KEYS, VNPayClient, VNPayError
from payments.vnpay.provider import FALLBACK_IP, attempt_expires_at, attempt_info

logger = logging.getLogger(__name__)
NOT_FOUND = "91"  # querydr: VNPay has no such transaction (the buyer never paid on the page)


@dataclass
class ReconcileReport:
    checked: int = 0
    paid: int = 0
    late: int = 0
    failed: int = 0
    pending: int = 0  # still undecided at VNPay, or its page still open: asked again next run
    errors: int = 0  # no usable answer, or an answer that does not match the attempt
    # Refunds sent to VNPay whose answer never came: never resent automatically (it could pay
    # twice), so they are counted for a person to check on VNPay's merchant portal.
    refunds_unanswered: list[str] = field(default_factory=list)
    # Refunds held but never sent (the process died between the commit and the call): sent now.
    refunds_dispatched: int = 0


def due_attempts(*, now: datetime, limit: int):
    cutoff = now - timedelta(minutes=settings.VNPAY_RECONCILE_AFTER_MINUTES)
    return list(
        PaymentAttempt.objects.select_related("group")
        .filter(method=PaymentMethod.VNPAY, status=PaymentAttempt.Status.PENDING, created_at__lte=cutoff)
        .order_by("created_at", "pk")[:limit]
    )


def vnpay_reconcile(
    *,
    now: datetime | None = None,
    limit: int = 500,
    client: VNPayClient | None = None,
    progress: Callable[[int, int, ReconcileReport], None] | None = None,
) -> ReconcileReport:
    now = now or timezone.now()
    client = client or VNPayClient.from_settings()
    report = ReconcileReport()
    attempts = due_attempts(now=now, limit=limit)
    for index, attempt in enumerate(attempts, start=1):
        report.checked += 1
        _reconcile_one(attempt, client=client, now=now, report=report)
        if progress:
            progress(index, len(attempts), report)
    report.refunds_dispatched = dispatch_lost_refunds(now=now)
    report.refunds_unanswered = unanswered_refunds(now=now)
    if attempts or report.refunds_unanswered or report.refunds_dispatched:
        logger.info("VNPay reconciliation: %s", report)
    return report


LOST_DISPATCH_AFTER = timedelta(minutes=1)


# Methods whose refunds are sent by the after-commit call: VNPay's API, and the wallet's (which
# moves the money at once; a lost call would leave a buyer's refund held forever).
DISPATCHED_METHODS = (PaymentMethod.VNPAY, PaymentMethod.WALLET)


def dispatch_lost_refunds(*, now: datetime, limit: int = 100) -> int:
    """Sends VNPay (and wallet) refunds held more than a minute ago and never sent: their
    after-commit call was lost (a restart, a crash). Safe to run at any time: `refund_dispatch` claims a refund
    once (`dispatched_at`), so one sent meanwhile is not sent again."""
    from payments.settlement.models import Refund
    from payments.settlement.refunds import refund_dispatch

    ids = list(
        Refund.objects.filter(
            method__in=DISPATCHED_METHODS,
            status=Refund.Status.PENDING,
            dispatched_at__isnull=True,
            created_at__lte=now - LOST_DISPATCH_AFTER,
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for refund_id in ids:
        try:
            refund = refund_dispatch(refund_id=refund_id)
        except Exception:  # one refund's trouble must not stop the others; logged, retried next run
            logger.exception("Refund %s: dispatch from reconciliation failed", refund_id)
            continue
        sent += refund.dispatched_at is not None or refund.status != Refund.Status.PENDING
    if ids:
        logger.warning("VNPay reconciliation sent %s refund(s) whose dispatch was lost", sent)
    return sent


def unanswered_refunds(*, now: datetime) -> list[str]:
    """References of VNPay refunds sent more than VNPAY_RECONCILE_AFTER_MINUTES ago and still
    pending (the call timed out or its answer could not be trusted)."""
    from payments.settlement.models import Refund

    cutoff = now - timedelta(minutes=settings.VNPAY_RECONCILE_AFTER_MINUTES)
    rows = Refund.objects.filter(
        method=PaymentMethod.VNPAY, status=Refund.Status.PENDING, dispatched_at__lte=cutoff
    ).order_by("dispatched_at", "pk")
    return [f"#{refund.pk}" for refund in rows[:100]]


def _reconcile_one(attempt: PaymentAttempt, *, client: VNPayClient, now: datetime, report: ReconcileReport):
    try:
        answer = client.query(
            txn_ref=attempt.reference,
            transaction_date=attempt.created_at,
            ip_addr=attempt.payer_ip or FALLBACK_IP,
            order_info=f"Tra cuu {attempt_info(attempt)}",
        )
    except VNPayError as error:
        logger.warning("querydr %s: %s", attempt.reference, error)
        report.errors += 1
        return
    raw = {key: value for key, value in answer.raw.items() if key not in HASH_KEYS}
    try:
        if answer.paid:
            if answer.amount != attempt.amount:
                raise AttemptAmountMismatch()
            result = payment_collected(
                reference=attempt.reference,
                amount=answer.amount,
                gateway_transaction_no=answer.transaction_no,
                raw=raw,
            )
            if result.outcome == Outcome.LATE:
                report.late += 1
            elif result.outcome == Outcome.PAID:
                report.paid += 1
        elif answer.response_code == NOT_FOUND or (
            answer.response_code == "00" and answer.transaction_status == "02"
        ):
            if answer.response_code == NOT_FOUND and attempt_expires_at(attempt) > now:
                report.pending += 1  # the page is still open: the buyer may yet pay
                return
            payment_failed(reference=attempt.reference, response_code=_failure_code(answer), raw=raw)
            report.failed += 1
        elif answer.pending:
            report.pending += 1
        else:  # reversed, suspected fraud, refunds we never asked for: for a person to look at
            logger.warning(
                "querydr %s answered %s/%s",
                attempt.reference,
                answer.response_code,
                answer.transaction_status,
            )
            report.errors += 1
    except (AttemptAmountMismatch, AttemptNotFound):
        logger.error("querydr %s: the gateway's amount differs from the attempt's", attempt.reference)
        report.errors += 1


def _failure_code(answer) -> str:
    # A page the buyer left without paying ends like VNPay's own timeout (11).
    return "11" if answer.response_code == NOT_FOUND else "99"
