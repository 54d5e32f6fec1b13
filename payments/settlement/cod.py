"""Cash on delivery: the seller records the cash it took from the buyer. The sale settles at
once, like a release, and since the seller already holds the cash, the commission and the tax
withheld become the seller's debt on its payable, netted against its next payouts."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.auth import require_user
from marketplace.businesses.permissions import member_business_ids
from marketplace.errors import PermissionDenied
from orders.errors import OrderNotFound
from orders.models import Order, PaymentMethod
from orders.selectors import order_may_read
from payments.ledger.accounts import COD_CLEARING, ESCROW, business_account_code
from payments.ledger.services import Move
from payments.settlement.errors import CodAmountMismatch, CodNotCashOnDelivery, CodNotDelivered
from payments.settlement.models import OrderSettlement
from payments.settlement.release import settle_locked

S = Order.Status


def locked_order(order_id: int, *, field: str = "order_id") -> Order:
    order = (
        Order.objects.select_for_update(of=("self",)).select_related("business").filter(pk=order_id).first()
    )
    if order is None:
        raise OrderNotFound(field=field)
    return order


def refuse(user, order: Order, message: str, *, field: str = "order_id"):
    """Who may read the order is told they may not do this; anyone else that it does not exist.
    `field` is the mutation's argument (`orderId`), as the errors' `field` names it."""
    if order_may_read(user=user, order=order):
        if user.is_trade_officer and not user.is_finance_operator:
            message = _("Cán bộ Sở Công Thương chỉ xem số liệu tiền, không thực hiện thao tác tiền.")
        raise PermissionDenied(message)
    raise OrderNotFound(field=field)


def cod_collected(*, user, order_id: int, amount: int) -> OrderSettlement:
    """A member of the seller records `amount` VND collected in cash for a delivered order; it
    must be the order's total. Once per order: a repeat returns the first settlement; a repeat
    with another amount is refused like a first call with it (COD_AMOUNT_MISMATCH)."""
    require_user(user)
    with transaction.atomic():
        order = locked_order(order_id)
        if order.business_id not in member_business_ids(user):
            refuse(user, order, _("Chỉ người bán của đơn này mới ghi nhận đã thu tiền."))
        if order.payment_method != PaymentMethod.COD:
            raise CodNotCashOnDelivery(field="order_id")
        if amount != order.total:  # before the replay: a repeat contradicting the record is refused
            raise CodAmountMismatch(total=order.total)
        if order.status not in (S.DELIVERED, S.COMPLETED):
            raise CodNotDelivered(field="order_id")
        return cod_settle_locked(order)  # a repeat returns the first settlement


def cod_settle_locked(order: Order) -> OrderSettlement:
    """Settles a delivered COD order whose row the caller locked, once: the cash passes through
    escrow so the sale splits as a prepaid one does, and the seller keeping the cash is the last
    move (its payable debited the whole amount)."""
    existing = OrderSettlement.objects.filter(order=order).first()
    if existing is not None:
        return existing
    payable = business_account_code(order.business_id)
    cash_in = [Move(payable, COD_CLEARING, order.total), Move(COD_CLEARING, ESCROW, order.total)]
    return settle_locked(
        order,
        kept=order.total,
        source=OrderSettlement.Source.COD,
        extra_moves=cash_in,
        key=f"cod:{order.number}",
    )
