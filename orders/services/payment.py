"""What payment providers call when money moves (see payments/providers.py), and the job that
releases the stock of groups nobody paid. All of it is idempotent: gateways retry."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.errors import AmountMismatch, PaymentGroupClosed, PaymentGroupNotFound
from orders.events import record
from orders.models import Order, PaymentGroup
from orders.notifications import notify_on_commit
from orders.services.lifecycle import cancel_group_locked
from orders.services.sweeps import sweep_due

logger = logging.getLogger(__name__)
G = PaymentGroup.Status


def _locked_group(number: str) -> PaymentGroup:
    group = PaymentGroup.objects.select_for_update().filter(number=number).first()
    if group is None:
        raise PaymentGroupNotFound(field="number")
    return group


def payment_group_paid(*, number: str, amount: int, locked: PaymentGroup | None = None) -> PaymentGroup:
    """Marks a group and its orders paid. A repeat for a paid group changes nothing. `locked`:
    the group, when the caller already holds its row lock in its own transaction and has
    checked that the group awaits this amount (then no savepoint of its own: three statements
    less on the hot path of every payment callback)."""
    with transaction.atomic(savepoint=locked is None):
        group = locked if locked is not None and locked.number == number else _locked_group(number)
        if group.status == G.PAID:
            return group
        if group.status != G.AWAITING_PAYMENT:
            raise PaymentGroupClosed()
        if amount != group.amount:
            raise AmountMismatch(field="amount")
        now = timezone.now()
        group.status, group.paid_at = G.PAID, now
        group.save(update_fields=["status", "paid_at"])
        orders = list(
            Order.objects.select_for_update(of=("self",))
            .select_related("business")
            .filter(payment_group=group, status=Order.Status.AWAITING_PAYMENT)
            .order_by("pk")
        )
        for order in orders:
            record(order, Order.Status.PAID)
            order.paid_at = now
            order.save(update_fields=["status", "paid_at", "updated_at"])
        notify_on_commit("paid", orders)
    return group


def payment_group_failed(*, number: str, reason: str) -> PaymentGroup:
    """The gateway refused the payment: orders are cancelled and stock returned."""
    with transaction.atomic():
        group = _locked_group(number)
        if group.status == G.AWAITING_PAYMENT:
            cancel_group_locked(group, actor=None, reason=reason, status=G.FAILED)
    return group


def order_refunded(*, order_id: int) -> Order:
    """The provider returned the money of a cancelled paid order."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status == Order.Status.REFUND_REQUESTED:
            record(order, Order.Status.REFUNDED)
            order.save(update_fields=["status", "updated_at"])
    return order


def order_partially_refunded(*, order: Order, amount: int, actor=None) -> None:
    """Notes a partial refund in the order's history; the order goes on (caller locked it)."""
    note = _("Đã hoàn %(amount)s đ cho người mua.") % {"amount": f"{amount:,}".replace(",", ".")}
    record(order, order.status, actor=actor, note=note)


def payment_groups_expire(*, now=None) -> int:
    """Cancels groups still unpaid at their deadline and returns their stock. Each group in its
    own short transaction; a group locked by a payment arriving right now is left to the next
    run (SKIP LOCKED) rather than waited for."""
    now = now or timezone.now()
    expired = sweep_due(
        PaymentGroup.objects.filter(status=G.AWAITING_PAYMENT, expires_at__lte=now),
        order_by="expires_at",
        apply=lambda group: cancel_group_locked(
            group, actor=None, reason=_("Quá hạn thanh toán."), status=G.EXPIRED
        ),
    )
    if expired:
        logger.info("Released the stock of %d unpaid payment groups", expired)
    return expired
