"""Escrow release: when an order completes, what the buyer paid and kept (after refunds) leaves
escrow — the seller's net to its payable, the commission to revenue, the tax withheld to the
tax payable — in the completing transaction (the order flow's `order_completed` hook)."""

import logging
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from orders.models import Order, PaymentMethod
from orders.pricing import commission_on
from payments.attempts import PaymentAttempt
from payments.ledger.accounts import COMMISSION_REVENUE, ESCROW, TAX_WITHHELD, business_account_code
from payments.ledger.services import Move, ledger_post
from payments.settlement.models import OrderSettlement, Refund
from payments.settlement.withholding import is_withheld, withholding_on

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Split:
    """How `goods + delivery` VND of a sale divide between seller, platform and tax office."""

    goods: int
    delivery: int
    commission: int
    vat: int
    pit: int

    @property
    def gross(self) -> int:
        return self.goods + self.delivery

    @property
    def withheld(self) -> int:
        return self.vat + self.pit

    @property
    def net(self) -> int:
        return self.gross - self.commission - self.withheld


def split_of(order: Order, *, kept: int, business_kind: str) -> Split:
    """The split of the `kept` part of the order's total. Refunds reduce the goods first (a
    buyer is refunded for goods; the delivery was made), then the delivery fee."""
    refunded = order.total - kept
    goods = max(order.subtotal - refunded, 0)
    delivery = kept - goods
    withholding = withholding_on(business_kind=business_kind, goods=goods, delivery=delivery)
    return Split(
        goods=goods,
        delivery=delivery,
        commission=commission_on(goods, order.commission_rate_bps),
        vat=withholding.vat,
        pit=withholding.pit,
    )


def funded(order: Order) -> bool:
    """Whether the order's money is in escrow: its group was paid by an attempt the ledger
    recorded (`payment_collected`). Escrow is one pool; an order marked paid any other way must
    not take other orders' money."""
    return PaymentAttempt.objects.filter(
        group_id=order.payment_group_id, status=PaymentAttempt.Status.PAID
    ).exists()


def refunded_of(order: Order) -> int:
    """What has left escrow or is held to leave it for this order (pending and done refunds)."""
    return (
        Refund.objects.filter(
            order=order, status__in=(Refund.Status.PENDING, Refund.Status.SUCCEEDED)
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )


def _grown(before: Split, target: Split) -> Split:
    """`before` grown to `target`'s gross. Commission, VAT and PIT are each rounded on their own,
    so recomputing them for a slightly larger gross can move one up by more than the gross grew
    (or one down): each part only grows, by at most what is left of the added gross, and the
    rounding remainder goes to the seller's net. Nothing moved out of escrow ever moves back."""
    left = target.gross - before.gross
    grown = {}
    for name in ("vat", "pit", "commission"):
        step = min(max(getattr(target, name) - getattr(before, name), 0), left)
        grown[name] = getattr(before, name) + step
        left -= step
    return Split(goods=target.goods, delivery=target.delivery, **grown)


def settle_locked(order: Order, *, kept: int, source: str, extra_moves=(), key: str = "") -> OrderSettlement:
    """Moves out of escrow what the order's settlement lacks to match `kept` VND (caller locked
    the order). The first release is `release:<number>`; a later one (a refund voided after
    the release) moves only the difference, keyed by the gross it brings the order to."""
    business = order.business
    settlement = OrderSettlement.objects.filter(order=order).first()
    target = split_of(
        order, kept=kept, business_kind=settlement.business_kind if settlement else business.kind
    )
    before = (
        Split(
            settlement.goods_base,
            settlement.delivery_base,
            settlement.commission,
            settlement.vat_withheld,
            settlement.pit_withheld,
        )
        if settlement
        else Split(0, 0, 0, 0, 0)
    )
    if settlement is not None and target.gross == before.gross:
        return settlement
    if target.gross < before.gross:  # a release only ever adds: refunds after it are refused
        raise ValueError(f"settlement of {order.number} would shrink")
    after = _grown(before, target)
    payable = business_account_code(business.pk)
    moves = [*extra_moves]
    for account, amount in (
        (payable, after.net - before.net),
        (COMMISSION_REVENUE, after.commission - before.commission),
        (TAX_WITHHELD, after.withheld - before.withheld),
    ):
        if amount:
            moves.append(Move(ESCROW, account, amount))
    if not key:
        key = f"release:{order.number}" if settlement is None else f"release:{order.number}:{target.gross}"
    entry = ledger_post(
        key=key,
        kind=source,
        moves=moves,
        memo=f"{order.number}",
        order_number=order.number,
        business_id=business.pk,
    )
    fields = {
        "business": business,
        "source": source,
        "business_kind": settlement.business_kind if settlement else business.kind,
        "goods_base": after.goods,
        "delivery_base": after.delivery,
        "commission": after.commission,
        "vat_withheld": after.vat,
        "pit_withheld": after.pit,
        "seller_net": after.net,
        "entry": entry,
    }
    fields["withheld"] = is_withheld(fields["business_kind"])
    if settlement is None:
        return OrderSettlement.objects.create(order=order, released_at=timezone.now(), **fields)
    for name, value in fields.items():
        setattr(settlement, name, value)
    settlement.save()
    return settlement


def order_release(*, order: Order) -> OrderSettlement | None:
    """Releases a completed prepaid order's escrow (caller locked the order row). Cash on
    delivery settles when the seller records the cash (`cod_collected`); an unpaid order holds
    nothing."""
    if order.payment_method == PaymentMethod.COD or order.paid_at is None:
        return None
    if order.status != Order.Status.COMPLETED:
        return None
    if not funded(order):
        logger.error("Order %s completed without its payment in escrow: nothing released", order.number)
        return None
    kept = order.total - refunded_of(order)
    if kept <= 0:
        return None
    return settle_locked(order, kept=kept, source=OrderSettlement.Source.RELEASE)
