"""What sellers and buyers do to an order after it is placed. Each step locks the order row,
checks who may act and from which state, and writes an OrderEvent."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.services.stock import stock_put_back
from marketplace.auth import require_user
from marketplace.businesses.permissions import member_business_ids
from marketplace.errors import InvalidTransition, PermissionDenied, ValidationFailed
from marketplace.validation import check_text_fields
from orders.errors import OrderNotFound, ReasonRequired, TrackingNumberRequired
from orders.events import record
from orders.models import DeliveryMethod, Order, OrderEvent, OrderLine, PaymentGroup
from orders.notifications import notify_on_commit
from orders.providers import provider_for
from orders.selectors import order_may_read
from orders.services.outbox import refund_add
from orders.services.sweeps import sweep_due
from search.services import index_changed

logger = logging.getLogger(__name__)
S = Order.Status
# Before the seller confirms, the buyer may still change their mind. A seller cancels only what
# it could fulfil: an unpaid order is the buyer's to drop, or expires on its own.
BUYER_CANCELLABLE = {S.AWAITING_PAYMENT, S.PAID, S.PLACED}
SELLER_CANCELLABLE = {S.PAID, S.PLACED, S.CONFIRMED}


def _locked_order(order_id: int) -> Order:
    order = (
        Order.objects.select_for_update(of=("self",)).select_related("business").filter(pk=order_id).first()
    )
    if order is None:
        raise OrderNotFound(field="id")
    return order


def _refuse(user, order: Order, message: str):
    """Who may read the order is told they may not do this; anyone else that it does not exist."""
    if order_may_read(user=user, order=order):
        if user.is_trade_officer:
            message = _("Cán bộ Sở Công Thương chỉ xem đơn hàng, không thay đổi.")
        raise PermissionDenied(message)
    raise OrderNotFound(field="id")


def _as_seller(user, order_id: int) -> Order:
    require_user(user)
    order = _locked_order(order_id)
    if order.business_id not in member_business_ids(user):
        _refuse(user, order, _("Chỉ người bán của đơn này mới được thực hiện thao tác này."))
    return order


def _as_buyer(user, order_id: int) -> Order:
    require_user(user)
    order = _locked_order(order_id)
    if order.buyer_id != user.pk:
        _refuse(user, order, _("Chỉ người mua của đơn này mới được xác nhận đã nhận hàng."))
    return order


def _require_status(order: Order, allowed: set[str]) -> None:
    if order.status not in allowed:
        raise InvalidTransition(
            _("Đơn %(number)s đang ở trạng thái “%(status)s”, không thể thực hiện thao tác này.")
            % {"number": order.number, "status": order.get_status_display()},
            field="id",
        )


def order_confirm(*, user, order_id: int) -> Order:
    with transaction.atomic():
        order = _as_seller(user, order_id)
        _require_status(order, {S.PAID, S.PLACED})
        record(order, S.CONFIRMED, actor=user)
        order.save(update_fields=["status", "updated_at"])
        notify_on_commit("confirmed", [order])
    return order


def order_ship(*, user, order_id: int, carrier: str = "", tracking_number: str = "") -> Order:
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    problems = check_text_fields(Order, {"carrier": carrier, "tracking_number": tracking_number})
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        order = _as_seller(user, order_id)
        _require_status(order, {S.CONFIRMED})
        if order.delivery_method == DeliveryMethod.POST and not tracking_number:
            # The buyer follows a parcel by its tracking number; without one they cannot.
            raise TrackingNumberRequired(field="tracking_number")
        order.carrier, order.tracking_number = carrier, tracking_number
        note = " ".join(part for part in (carrier, tracking_number) if part)
        record(order, S.SHIPPED, actor=user, note=note)
        order.save(update_fields=["status", "carrier", "tracking_number", "updated_at"])
        notify_on_commit("shipped", [order])
    return order


def order_deliver(*, user, order_id: int) -> Order:
    with transaction.atomic():
        order = _as_seller(user, order_id)
        _require_status(order, {S.SHIPPED})
        record(order, S.DELIVERED, actor=user)
        if order.paid_at is None:  # cash on delivery: the money changed hands now
            order.paid_at = timezone.now()
        order.save(update_fields=["status", "paid_at", "updated_at"])
    return order


def order_complete(*, user, order_id: int) -> Order:
    """The buyer confirms they received the goods in order."""
    with transaction.atomic():
        order = _as_buyer(user, order_id)
        _require_status(order, {S.DELIVERED})
        record(order, S.COMPLETED, actor=user)
        order.save(update_fields=["status", "updated_at"])
        _announce_completed(order)
    return order


def _announce_completed(order: Order) -> None:
    """The provider releases the order's money in this same transaction."""
    provider = provider_for(order.payment_method)
    if provider is not None:
        provider.order_completed(order)


def orders_complete_delivered(*, now: datetime | None = None) -> int:
    """Completes orders delivered ORDER_AUTO_COMPLETE_DAYS ago that the buyer neither completed
    nor disputed, so sellers get paid when a buyer forgets. Each order in its own short
    transaction; one locked by a buyer acting right now is left to the next run (SKIP LOCKED)."""
    now = now or timezone.now()
    delivered_before = now - timedelta(days=settings.ORDER_AUTO_COMPLETE_DAYS)
    due = Order.objects.filter(
        status=S.DELIVERED,
        pk__in=OrderEvent.objects.filter(to_status=S.DELIVERED, created_at__lte=delivered_before).values(
            "order_id"
        ),
    )

    def complete(order: Order) -> None:
        record(
            order,
            S.COMPLETED,
            note=_("Tự động hoàn tất sau %(days)d ngày kể từ khi giao.")
            % {"days": settings.ORDER_AUTO_COMPLETE_DAYS},
        )
        order.save(update_fields=["status", "updated_at"])
        _announce_completed(order)

    completed = sweep_due(due, order_by="pk", apply=complete)
    if completed:
        logger.info("Completed %d delivered orders automatically", completed)
    return completed


def _quantities(orders: list[Order]) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for line in OrderLine.objects.filter(order__in=orders, variant__isnull=False):
        quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity
    return quantities


def cancel_locked(order: Order, *, actor, reason: str, stock_returned: bool = False) -> None:
    """Cancels an order whose row the caller locked: stock goes back, a paid order waits for
    its refund. Used by buyers, sellers and the payment expiry job (actor None)."""
    paid = order.paid_at is not None
    if not stock_returned:
        index_changed(products=stock_put_back(quantities=_quantities([order])))
    order.cancel_reason = reason
    record(order, S.REFUND_REQUESTED if paid else S.CANCELLED, actor=actor, note=reason)
    order.save(update_fields=["status", "cancel_reason", "updated_at"])
    notify_on_commit("cancelled", [order])
    if paid:
        refund_add(order)


# Statuses from which payments may cancel a paid order it refunds in full (a seller before
# shipping, the platform's finance operator until the money is released).
REFUND_CANCELLABLE = {S.PAID, S.CONFIRMED, S.SHIPPED, S.DELIVERED}


def order_cancel_for_refund(*, order: Order, actor, reason: str) -> None:
    """A full refund cancels the order (caller locked it). Stock goes back only if the goods
    never left the shop; once shipped they are with the buyer or the carrier."""
    _require_status(order, REFUND_CANCELLABLE)
    cancel_locked(order, actor=actor, reason=reason, stock_returned=order.status in {S.SHIPPED, S.DELIVERED})


def order_cancel(*, user, order_id: int, reason: str = "") -> Order:
    """The buyer before the seller confirms; a seller member with a reason until it ships.
    While a group awaits payment, the buyer cancelling one order cancels the whole payment
    (they pay once for all of them, so the amount cannot change under the gateway)."""
    require_user(user)
    reason = (reason or "").strip()
    with transaction.atomic():
        # Lock order everywhere: payment group, then orders, then variants (as payments do).
        group_id = Order.objects.filter(pk=order_id).values_list("payment_group_id", flat=True).first()
        if group_id is None:
            raise OrderNotFound(field="id")
        group = PaymentGroup.objects.select_for_update().get(pk=group_id)
        order = _locked_order(order_id)
        is_buyer = order.buyer_id == user.pk
        is_seller = order.business_id in member_business_ids(user)
        if not (is_buyer or is_seller):
            _refuse(user, order, _("Bạn không được huỷ đơn này."))
        if is_seller and not (is_buyer and order.status in BUYER_CANCELLABLE):
            _require_status(order, SELLER_CANCELLABLE)
            if not reason:
                raise ReasonRequired(field="reason")
        else:
            _require_status(order, BUYER_CANCELLABLE)
        if order.status == S.AWAITING_PAYMENT:
            cancel_group_locked(group, actor=user, reason=reason or _("Người mua huỷ đơn."))
            order.refresh_from_db()
            return order
        cancel_locked(order, actor=user, reason=reason or _("Người mua huỷ đơn."))
    return order


def cancel_group_locked(
    group: PaymentGroup, *, actor, reason: str, status: str = PaymentGroup.Status.CANCELLED
) -> None:
    """Ends an unpaid group: every awaiting order is cancelled and its stock returned."""
    orders = list(
        Order.objects.select_for_update(of=("self",))
        .select_related("business")
        .filter(payment_group=group, status=S.AWAITING_PAYMENT)
        .order_by("pk")
    )
    # All the group's stock in one pass, so its rows are locked in one primary-key order.
    index_changed(products=stock_put_back(quantities=_quantities(orders)))
    for order in orders:
        cancel_locked(order, actor=actor, reason=reason, stock_returned=True)
    group.status = status
    group.save(update_fields=["status"])
