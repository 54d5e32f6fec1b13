"""Reconciliation: MoMo payments nobody told us about. An IPN can be lost (our server down, a
network cut, MoMo giving up its retries); the query API asks MoMo directly about each attempt
still pending MOMO_RECONCILE_AFTER_MINUTES after it was opened, and settles it through the same
`payment_collected` / `payment_failed` as the IPN. Money found for a group that has expired or
been cancelled meanwhile comes back as outcome `late`, which refunds it.

Each query runs outside any transaction (no lock is held across the HTTP call); each settlement
is its own short transaction, idempotent against an IPN arriving at the same time."""

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
from payments.momo.client import MomoClient, QueryResult
from payments.momo.protocol import ORDER_NOT_FOUND, MomoError
from payments.momo.provider import attempt_expires_at
from payments.services.collect import Outcome, payment_collected, payment_failed

logger = logging.getLogger(__name__)
LOST_DISPATCH_AFTER = timedelta(minutes=1)


@dataclass
class ReconcileReport:
    checked: int = 0
    paid: int = 0
    late: int = 0
    failed: int = 0
    pending: int = 0  # still open at MoMo, or its page still offered: asked again next run
    errors: int = 0  # no usable answer, or one that does not match the attempt
    # Refunds sent to MoMo whose answer never came: never resent automatically (it could pay
    # twice), listed for a person to check on MoMo's merchant portal.
    refunds_unanswered: list[str] = field(default_factory=list)
    refunds_dispatched: int = 0  # held but never sent (the process died after the commit): sent now


def due_attempts(*, now: datetime, limit: int) -> list[PaymentAttempt]:
    cutoff = now - timedelta(minutes=settings.MOMO_RECONCILE_AFTER_MINUTES)
    return list(
        PaymentAttempt.objects.select_related("group")
        .filter(
            method=PaymentMethod.MOMO,
            status=PaymentAttempt.Status.PENDING,
            group__isnull=False,
            created_at__lte=cutoff,
        )
        .order_by("created_at", "pk")[:limit]
    )


def momo_reconcile(
    *,
    now: datetime | None = None,
    limit: int = 500,
    client: MomoClient | None = None,
    progress: Callable[[int, int, ReconcileReport], None] | None = None,
) -> ReconcileReport:
    now = now or timezone.now()
    client = client or MomoClient.from_settings()
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
        logger.info("MoMo reconciliation: %s", report)
    return report


def _reconcile_one(attempt: PaymentAttempt, *, client: MomoClient, now: datetime, report: ReconcileReport):
    try:
        answer = client.query(order_id=attempt.reference)
    except MomoError as error:
        logger.warning("MoMo query %s: %s", attempt.reference, error)
        report.errors += 1
        return
    raw = {key: str(value)[:255] for key, value in answer.raw.items() if key != "signature"}
    try:
        if answer.paid:
            if answer.amount != attempt.amount:
                raise AttemptAmountMismatch()
            result = payment_collected(
                reference=attempt.reference,
                amount=answer.amount,
                gateway_transaction_no=answer.trans_id,
                raw=raw,
            )
            report.late += result.outcome == Outcome.LATE
            report.paid += result.outcome == Outcome.PAID
        elif answer.pending or (answer.result_code == ORDER_NOT_FOUND and attempt_expires_at(attempt) > now):
            report.pending += 1  # the buyer may yet pay
        elif answer.result_code is not None and _is_final_failure(answer):
            payment_failed(reference=attempt.reference, response_code=str(answer.result_code), raw=raw)
            report.failed += 1
        else:
            logger.warning("MoMo query %s answered %s", attempt.reference, answer.result_code)
            report.errors += 1
    except (AttemptAmountMismatch, AttemptNotFound):
        logger.error("MoMo query %s: MoMo's amount differs from the attempt's", attempt.reference)
        report.errors += 1


def _is_final_failure(answer: QueryResult) -> bool:
    # 42: MoMo never opened it (a create whose answer was lost) and its page is past; 1001-4100:
    # the buyer's side ended it (balance, refusal, expiry, limits). System errors (10, 11, 13, 99
    # …) say nothing about the payment and are asked again next run.
    code = answer.result_code
    return code == ORDER_NOT_FOUND or (code is not None and 1001 <= code <= 4100)


def dispatch_lost_refunds(*, now: datetime, limit: int = 100) -> int:
    """Sends MoMo refunds held more than a minute ago and never sent (their after-commit call
    was lost). `refund_dispatch` claims a refund once, so one sent meanwhile is not sent again."""
    from payments.settlement.models import Refund
    from payments.settlement.refunds import refund_dispatch

    ids = list(
        Refund.objects.filter(
            method=PaymentMethod.MOMO,
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
        except Exception:  # one refund's trouble must not stop the others; retried next run
            logger.exception("Refund %s: dispatch from MoMo reconciliation failed", refund_id)
            continue
        sent += refund.dispatched_at is not None or refund.status != Refund.Status.PENDING
    return sent


def unanswered_refunds(*, now: datetime) -> list[str]:
    from payments.settlement.models import Refund

    cutoff = now - timedelta(minutes=settings.MOMO_RECONCILE_AFTER_MINUTES)
    rows = Refund.objects.filter(
        method=PaymentMethod.MOMO, status=Refund.Status.PENDING, dispatched_at__lte=cutoff
    ).order_by("dispatched_at", "pk")
    return [f"#{refund.pk}" for refund in rows[:100]]
