"""Reads: the cart grouped by seller with its money, and the orders each kind of user may see."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from marketplace.businesses.permissions import member_business_ids
from orders.models import (
    Checkout,
    CheckoutLine,
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLine,
    PaymentGroup,
    SideEffect,
)
from orders.pricing import delivery_fee, delivery_options
from orders.providers import PaymentStart

DEFAULT_DELIVERY_METHOD = DeliveryMethod.POST  # reaches every commune; the buyer may pick another


@dataclass
class SellerGroup:
    """One seller's part of the cart: it becomes one order."""

    business: object
    lines: list[CheckoutLine] = field(default_factory=list)
    delivery_method: str = DEFAULT_DELIVERY_METHOD
    quoted_fee: int | None = None  # what the buyer was shown (None: a cart older than quotes)
    previous_fee: int | None = None  # before a change checkoutComplete refused over

    @property
    def fee_changed(self) -> bool:
        return (self.quoted_fee is not None and self.quoted_fee != self.delivery_fee) or (
            self.previous_fee is not None
        )

    @property
    def subtotal(self) -> int:
        return sum(line.variant.price * line.quantity for line in self.lines)

    @property
    def delivery_fee(self) -> int:
        return delivery_fee(self.business, self.delivery_method)

    @property
    def delivery_options(self) -> list[tuple[str, int]]:
        return delivery_options(self.business)

    @property
    def total(self) -> int:
        return self.subtotal + self.delivery_fee


@dataclass
class CheckoutSummary:
    checkout: Checkout
    groups: list[SellerGroup]

    @property
    def lines(self) -> list[CheckoutLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def subtotal(self) -> int:
        return sum(group.subtotal for group in self.groups)

    @property
    def delivery_total(self) -> int:
        return sum(group.delivery_fee for group in self.groups)

    @property
    def total(self) -> int:
        return self.subtotal + self.delivery_total

    @property
    def price_changed(self) -> bool:
        return any(
            line.unit_price != line.variant.price or line.previous_unit_price is not None
            for line in self.lines
        ) or any(group.fee_changed for group in self.groups)


def checkout_lines(checkout: Checkout, *, with_images: bool = True) -> list[CheckoutLine]:
    """Lines with variant, product and seller (and the products' images, for display)."""
    from catalog.models import ProductImage

    lines = (
        CheckoutLine.objects.filter(checkout=checkout)
        .select_related("variant__product", "variant__business")
        .order_by("id")
    )
    if with_images:
        images = ProductImage.objects.order_by("position", "id")
        lines = lines.prefetch_related(Prefetch("variant__product__images", queryset=images))
    return list(lines)


def checkout_summary(checkout: Checkout, lines: list[CheckoutLine] | None = None) -> CheckoutSummary:
    lines = checkout_lines(checkout) if lines is None else lines
    chosen = (
        {
            business_id: (method, quoted, previous)
            for business_id, method, quoted, previous in checkout.deliveries.values_list(
                "business_id", "method", "quoted_fee", "previous_fee"
            )
        }
        if lines
        else {}
    )
    groups: dict[int, SellerGroup] = {}
    for line in lines:
        business = line.variant.business
        group = groups.get(business.pk)
        if group is None:
            method, quoted, previous = chosen.get(business.pk, (DEFAULT_DELIVERY_METHOD, None, None))
            group = groups[business.pk] = SellerGroup(
                business=business, delivery_method=method, quoted_fee=quoted, previous_fee=previous
            )
        group.lines.append(line)
    return CheckoutSummary(checkout=checkout, groups=list(groups.values()))


def checkout_of_user(*, user, checkout_id: int) -> Checkout | None:
    """A signed-in buyer's own cart by its ID; a visitor's cart is reachable only by its token."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return (
        Checkout.objects.select_related("province", "commune").filter(pk=checkout_id, user_id=user.pk).first()
    )


def orders_visible_to(user, *, checkout_ids=()) -> QuerySet[Order]:
    """The one rule for reading an order, at the root and under any nested path: officers and the
    platform's finance operators (who refund them) read every order; a buyer their own; a seller member its business's; whoever proved a cart's
    secret token (`checkout_ids`) the orders placed from that cart. Never an order of another
    seller that merely shares the buyer's payment."""
    visible = Q(pk__in=[])
    if checkout_ids:
        visible |= Q(payment_group__checkout_id__in=list(checkout_ids))
    if user is not None and user.is_authenticated and user.is_active:
        if user.is_trade_officer or user.is_finance_operator:
            return Order.objects.all()
        visible |= Q(buyer_id=user.pk) | Q(business_id__in=member_business_ids(user))
    return Order.objects.filter(visible)


def sees_whole_payment_group(user, group, *, checkout_ids=()) -> bool:
    """Whether this user reads every order a payment group pays for (the rule above, without
    a query): its buyer, whoever proved its cart's token, officers and finance. A seller sees only its own
    order of a shared payment, so it is not shown the group's amount either."""
    if group.checkout_id in set(checkout_ids):
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_trade_officer or user.is_finance_operator or group.buyer_id == user.pk


def with_order_relations(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.select_related(
        "business__commune__province",
        "business__commune__legacy_district",
        "payment_group",
        "commune__province",
        "commune__legacy_district",
    ).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor").order_by("created_at", "id")),
    )


def orders_of_payment_groups(*, user, group_ids: list[int], checkout_ids=()) -> dict[int, list[Order]]:
    """{payment group id: the orders in it this user may read}, for many groups in one query."""
    grouped: dict[int, list[Order]] = {}
    rows = orders_visible_to(user, checkout_ids=checkout_ids).filter(payment_group_id__in=group_ids)
    for order in with_order_relations(rows.order_by("pk")):
        grouped.setdefault(order.payment_group_id, []).append(order)
    return grouped


def order_list(
    *,
    user,
    statuses: list[str] | None = None,
    business_id: int | None = None,
    number: str | None = None,
) -> QuerySet[Order]:
    queryset = orders_visible_to(user)
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    if business_id:
        queryset = queryset.filter(business_id=business_id)
    if number:
        queryset = queryset.filter(number=number.strip().upper())
    return with_order_relations(queryset.order_by("-created_at", "-id"))


def order_get(*, user, order_id: int, checkout_ids=()) -> Order | None:
    return (
        with_order_relations(orders_visible_to(user, checkout_ids=checkout_ids)).filter(pk=order_id).first()
    )


def order_may_read(*, user, order: Order) -> bool:
    """Whether the user may read this order (the services then tell "not allowed" from "not found")."""
    return orders_visible_to(user).filter(pk=order.pk).exists()


def payment_start_of(group: PaymentGroup) -> PaymentStart | None:
    """What the buyer does next to pay, once the provider answered (None while it has not)."""
    result = (
        SideEffect.objects.filter(kind=SideEffect.Kind.PAYMENT_START, key=group.number, done_at__isnull=False)
        .values_list("result", flat=True)
        .first()
    )
    return PaymentStart(**result) if result else None
