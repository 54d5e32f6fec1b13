"""checkoutComplete: one order per seller under one payment group, stock reserved, once."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.services.stock import stock_lock, stock_take
from marketplace.errors import ValidationFailed
from orders.errors import (
    EmptyCheckout,
    InsufficientStock,
    PaymentMethodUnavailable,
    PriceChanged,
    ProductUnavailable,
    ShippingAddressRequired,
)
from orders.models import Checkout, CheckoutDelivery, Order, OrderEvent, OrderLine, PaymentGroup, SideEffect
from orders.notifications import notify_on_commit
from orders.numbers import allocate_order_numbers, payment_number
from orders.pricing import commission_on, commission_rate_bps
from orders.providers import provider_for
from orders.selectors import CheckoutSummary, checkout_lines, checkout_summary
from orders.services.checkout import checkout_get
from orders.services.outbox import payment_start_add, side_effects_apply
from search.services import index_changed


def _refresh_changed_prices(checkout: Checkout) -> int:
    """Tells the buyer before charging a price or a delivery fee they have not seen: stale
    snapshots are updated (and committed) and the completion refused; completing again accepts
    the new amounts. What they had seen stays on the line or seller, so the cart can show what
    changed, until they act on it or complete. Returns how many sellers the cart holds (order
    numbers to reserve)."""
    summary = checkout_summary(checkout, checkout_lines(checkout, with_images=False))
    stale = [line for line in summary.lines if line.unit_price != line.variant.price]
    stale_fees = [group for group in summary.groups if _fee_unquoted(group)]
    if stale or stale_fees:
        with transaction.atomic():
            for line in stale:
                line.previous_unit_price, line.unit_price = line.unit_price, line.variant.price
                line.save(update_fields=["previous_unit_price", "unit_price"])
            for group in stale_fees:
                CheckoutDelivery.objects.filter(checkout=checkout, business_id=group.business.pk).update(
                    previous_fee=group.quoted_fee, quoted_fee=group.delivery_fee
                )
        raise PriceChanged(field="lines" if stale else "delivery")
    return len(summary.groups)


def _fee_unquoted(group) -> bool:
    """The seller changed its delivery fee since the buyer was quoted (a cart from before
    quotes has none on record, and is charged what it shows)."""
    return group.quoted_fee is not None and group.quoted_fee != group.delivery_fee


def _problems(summary: CheckoutSummary, locked: dict) -> list:
    """Every line that cannot be sold as it stands, checked against the locked rows."""
    problems = []
    for line in summary.lines:
        variant = locked.get(line.variant_id)
        if variant is None or not variant.product.is_public:
            problems.append(ProductUnavailable(field="lines"))
        elif variant.stock < line.quantity:  # one line per variant (a unique constraint)
            problems.append(
                InsufficientStock(
                    product_name=variant.product.name,
                    unit=variant.unit,
                    available=variant.stock,
                    line_id=line.pk,
                )
            )
        elif variant.price != line.unit_price:
            problems.append(PriceChanged(field="lines"))
    # A fee changed between the check above and the lock: refused like a price.
    problems += [PriceChanged(field="delivery") for group in summary.groups if _fee_unquoted(group)][:1]
    return problems


def _subtotal(part) -> int:
    """At the prices the buyer was shown; the locked rows confirm them before the commit."""
    return sum(line.unit_price * line.quantity for line in part.lines)


def _build_orders(summary, group, numbers, *, buyer_id, method, initial_status) -> list[Order]:
    checkout = summary.checkout
    orders = []
    for group_part, number in zip(summary.groups, numbers[: len(summary.groups)], strict=True):
        business = group_part.business
        subtotal = _subtotal(group_part)
        fee = group_part.delivery_fee
        rate = commission_rate_bps(business)
        commission = commission_on(subtotal, rate)
        orders.append(
            Order(
                number=number,
                payment_group=group,
                buyer_id=buyer_id,
                buyer_email=checkout.email,
                business=business,
                status=initial_status,
                payment_method=method,
                delivery_method=group_part.delivery_method,
                subtotal=subtotal,
                delivery_fee=fee,
                total=subtotal + fee,
                commission_rate_bps=rate,
                commission=commission,
                seller_net=subtotal + fee - commission,
                recipient_name=checkout.recipient_name,
                recipient_phone=checkout.recipient_phone,
                province_id=checkout.province_id,
                commune_id=checkout.commune_id,
                street_line=checkout.street_line,
            )
        )
    Order.objects.bulk_create(orders)
    order_lines, events = [], []
    for order, group_part in zip(orders, summary.groups, strict=True):
        for line in group_part.lines:
            variant = line.variant
            order_lines.append(
                OrderLine(
                    order=order,
                    variant=variant,
                    product_id_at_sale=variant.product_id,
                    product_name=variant.product.name,
                    variant_name=variant.name,
                    sku=variant.sku,
                    unit=variant.unit,
                    unit_price=line.unit_price,
                    quantity=line.quantity,
                    line_total=line.unit_price * line.quantity,
                )
            )
        events.append(OrderEvent(order=order, from_status="", to_status=initial_status, actor_id=buyer_id))
    OrderLine.objects.bulk_create(order_lines)
    OrderEvent.objects.bulk_create(events)
    return orders


def checkout_complete(*, user, token: str, payment_method: str) -> PaymentGroup:
    """Turns the cart into one order per seller under one payment group, reserving stock, then
    starts the payment (`payment_start_of` reads the result).

    Idempotent: completing a completed checkout (a double click, a retried request, a parallel
    call that waited on the checkout lock) returns the group made the first time; its payment is
    started once, and again only if the earlier start failed and is due for a retry."""
    group = _place(user=user, token=token, payment_method=payment_method)
    # After the commit: a provider may call its gateway, and no lock is held here. Inline mode
    # has already tried on commit; this covers the worker mode and a retried request.
    side_effects_apply(keys=[(SideEffect.Kind.PAYMENT_START, group.number)])
    return group


def _place(*, user, token: str, payment_method: str) -> PaymentGroup:
    provider = provider_for(payment_method)
    if provider is None:
        raise PaymentMethodUnavailable(field="payment_method")
    checkout = checkout_get(user=user, token=token, allow_completed=True)
    if checkout.completed_at:
        return PaymentGroup.objects.get(checkout=checkout)
    sellers = _refresh_changed_prices(checkout)
    if sellers == 0:
        raise EmptyCheckout(field="id")
    numbers = allocate_order_numbers(sellers)

    with transaction.atomic():
        checkout = checkout_get(user=user, token=token, lock=True, allow_completed=True)
        if checkout.completed_at:
            return PaymentGroup.objects.get(checkout=checkout)
        if not checkout.has_shipping_address:
            raise ShippingAddressRequired(field="shipping_address")
        summary = checkout_summary(checkout, checkout_lines(checkout, with_images=False))
        if not summary.lines:
            raise EmptyCheckout(field="id")
        if len(summary.groups) > len(numbers):  # a seller's lines were added since counting
            numbers += allocate_order_numbers(len(summary.groups) - len(numbers))
        # A signed-in buyer completing a visitor's cart (same person, new session) owns the orders.
        buyer_id = checkout.user_id or (user.pk if user is not None and user.is_authenticated else None)
        now = timezone.now()
        initial = Order.Status.AWAITING_PAYMENT if provider.prepaid else Order.Status.PLACED
        group = PaymentGroup(
            number=payment_number(numbers[0]),
            checkout=checkout,
            buyer_id=buyer_id,
            method=payment_method,
            status=(
                PaymentGroup.Status.AWAITING_PAYMENT
                if provider.prepaid
                else PaymentGroup.Status.CASH_ON_DELIVERY
            ),
            amount=sum(_subtotal(part) + part.delivery_fee for part in summary.groups),
            expires_at=(
                now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES) if provider.prepaid else None
            ),
        )
        group.save()
        orders = _build_orders(
            summary,
            group,
            numbers,
            buyer_id=buyer_id,
            method=payment_method,
            initial_status=initial,
        )
        checkout.completed_at = now
        checkout.save(update_fields=["completed_at", "updated_at"])
        # Ordered at the new prices: the change has been seen and accepted.
        if any(line.previous_unit_price is not None for line in summary.lines):
            checkout.lines.update(previous_unit_price=None)
        if any(group.previous_fee is not None for group in summary.groups):
            checkout.deliveries.update(previous_fee=None)
        # The stock rows last: every checkout of a popular product queues on them, so they are
        # held only for the check, one UPDATE and the commit. A short line rolls all of it back.
        locked = stock_lock(variant_ids=[line.variant_id for line in summary.lines])
        problems = _problems(summary, locked)
        if problems:
            raise ValidationFailed(problems)
        moved = stock_take(
            quantities={line.variant_id: line.quantity for line in summary.lines}, locked=locked
        )
        index_changed(products=moved)  # "in stock" is a search filter

        notify_on_commit("placed", orders)
        payment_start_add(group)
    return group
