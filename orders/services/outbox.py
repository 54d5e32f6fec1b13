"""The order flow's outbox: side effects (payment start, refund, notification) are written as
`SideEffect` rows in the transaction that needs them and applied after it commits.

Inline (ORDER_OUTBOX_INLINE, the default) the web process applies a transaction's rows right
after its commit; `manage.py orders_worker` applies whatever is due, including retries. An
attempt first claims its row with one UPDATE that pushes `next_attempt_at` past a lease, so two
processes never call a provider for the same row at once and no lock is held during the call.
A failure is retried with exponential backoff. Providers and backends should still be idempotent
per key (a process may die after the call and before the row is marked done)."""

import logging
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from orders.models import Order, PaymentGroup, SideEffect
from orders.providers import provider_for

logger = logging.getLogger(__name__)

K = SideEffect.Kind
LEASE_SECONDS = 120  # an attempt still running after this may be taken over by another process
MAX_RETRY_DELAY_SECONDS = 3600


def side_effects_add(effects: list[SideEffect]) -> None:
    """Queues side effects inside the caller's transaction; one already queued is kept as is."""
    if not effects:
        return
    SideEffect.objects.bulk_create(effects, ignore_conflicts=True)
    if settings.ORDER_OUTBOX_INLINE:
        keys = [(effect.kind, effect.key) for effect in effects]
        transaction.on_commit(lambda: side_effects_apply(keys=keys), robust=True)


def payment_start_add(group: PaymentGroup) -> None:
    side_effects_add([SideEffect(kind=K.PAYMENT_START, key=group.number, payload={"group_id": group.pk})])


def refund_add(order: Order) -> None:
    side_effects_add([SideEffect(kind=K.REFUND, key=order.number, payload={"order_id": order.pk})])


def side_effects_apply(*, keys: list[tuple[str, str]], now: datetime | None = None) -> int:
    """Applies the named side effects that are due and not done; returns how many succeeded."""
    return sum(_attempt(SideEffect.objects.filter(kind=kind, key=key), now) for kind, key in keys)


def outbox_process(*, now: datetime | None = None, batch_size: int = 100) -> tuple[int, int]:
    """One pass over due side effects, oldest due first; returns (applied, failed)."""
    now = now or timezone.now()
    due = SideEffect.objects.filter(done_at__isnull=True, next_attempt_at__lte=now)
    pks = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:batch_size])
    applied = sum(side_effect_apply(pk=pk, now=now) for pk in pks)
    return applied, len(pks) - applied


def side_effect_apply(*, pk: int, now: datetime | None = None) -> bool:
    return _attempt(SideEffect.objects.filter(pk=pk), now)


def _attempt(row: QuerySet[SideEffect], now: datetime | None) -> bool:
    """Claims the row if due, calls the provider or backend, and records the outcome."""
    now = now or timezone.now()
    claimed = row.filter(done_at__isnull=True, next_attempt_at__lte=now).update(
        next_attempt_at=now + timedelta(seconds=LEASE_SECONDS), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    effect = row.get()
    pk = effect.pk
    try:
        result = _HANDLERS[effect.kind](effect.payload)
    except Exception as error:  # a gateway's or mail server's errors vary; none may lose the effect
        delay = min(2**effect.attempts, MAX_RETRY_DELAY_SECONDS)
        SideEffect.objects.filter(pk=pk).update(
            next_attempt_at=now + timedelta(seconds=delay),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("%s failed (attempt %d), retried in %d s: %s", effect, effect.attempts, delay, error)
        return False
    SideEffect.objects.filter(pk=pk).update(done_at=timezone.now(), result=result, last_error="")
    return True


def _start_payment(payload: dict) -> dict | None:
    group = PaymentGroup.objects.get(pk=payload["group_id"])
    if group.status not in (PaymentGroup.Status.AWAITING_PAYMENT, PaymentGroup.Status.CASH_ON_DELIVERY):
        # Cancelled or expired before the start ran (a worker's turn, a retry): opening a
        # gateway payment now would only take money that must then be refunded.
        return None
    provider = provider_for(group.method)
    if provider is None:
        raise LookupError(f"no provider for {group.method}")
    return asdict(provider.start(group))


def _refund(payload: dict) -> None:
    order = Order.objects.get(pk=payload["order_id"])
    provider = provider_for(order.payment_method)
    if provider is None:
        raise LookupError(f"no provider for {order.payment_method}")
    provider.refund(order)


def _notify(payload: dict) -> None:
    from orders.notifications import Notification

    fields = dict(payload)
    import_string(fields.pop("backend"))().send(Notification(**fields))


_HANDLERS = {K.PAYMENT_START: _start_payment, K.REFUND: _refund, K.NOTIFY: _notify}
