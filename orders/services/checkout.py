"""The cart: lines, shipping address and delivery choices. Completing it is in `complete.py`."""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from marketplace.accounts.phone import InvalidPhone, normalize_phone
from marketplace.businesses.errors import UnknownCommune
from marketplace.errors import InvalidChoice, Required, ValidationFailed
from marketplace.regions.models import Commune
from marketplace.validation import check_text_fields
from orders.errors import (
    CheckoutCompleted,
    CheckoutNotFound,
    InsufficientStock,
    InvalidQuantity,
    ProductUnavailable,
    SellerNotInCheckout,
    TooManyLines,
)
from orders.models import Checkout, CheckoutDelivery, CheckoutLine, DeliveryMethod
from orders.selectors import checkout_lines, checkout_summary


def _is_buyer(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def checkout_get(*, user, token: str, lock: bool = False, allow_completed: bool = False) -> Checkout:
    """The checkout with this token, if the caller may use it: its owner, or anyone holding the
    token of an anonymous one. Others get CHECKOUT_NOT_FOUND (the token is the secret)."""
    try:
        key = uuid.UUID(str(token))
    except ValueError as exc:
        raise CheckoutNotFound(field="id") from exc
    queryset = Checkout.objects.select_related("province", "commune")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    checkout = queryset.filter(token=key).first()
    if checkout is None or (checkout.user_id and not (_is_buyer(user) and user.pk == checkout.user_id)):
        raise CheckoutNotFound(field="id")
    if checkout.completed_at and not allow_completed:
        raise CheckoutCompleted(field="id")
    return checkout


def _check_quantity(quantity: int) -> None:
    limit = settings.CHECKOUT_MAX_QUANTITY
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= limit:
        raise InvalidQuantity(
            _("Số lượng phải từ 1 đến %(limit)d.") % {"limit": limit},
            field="quantity",
        )


def _sellable_variants(variant_ids) -> dict[int, ProductVariant]:
    variants = ProductVariant.objects.select_related("product").filter(pk__in=set(variant_ids))
    return {v.pk: v for v in variants}


def _check_sellable(variant: ProductVariant | None, quantity: int) -> ProductVariant:
    if variant is None or not variant.product.is_public:
        raise ProductUnavailable(field="variant")
    if quantity > variant.stock:
        raise InsufficientStock(product_name=variant.product.name, unit=variant.unit, available=variant.stock)
    return variant


def _merge_quantities(lines: list[tuple[int, int]]) -> dict[int, int]:
    """[(variant, qty)] with repeats → {variant: total qty}, validating each quantity."""
    merged: dict[int, int] = {}
    for variant_id, quantity in lines:
        _check_quantity(quantity)
        merged[variant_id] = merged.get(variant_id, 0) + quantity
    return merged


def _set_quantities(checkout: Checkout, wanted: dict[int, int], *, add: bool) -> None:
    """Adds to (or sets) each variant's quantity, checking availability and stock now and
    refreshing the price snapshot of the lines touched. The caller holds the checkout lock."""
    existing = {line.variant_id: line for line in checkout.lines.all()}
    variants = _sellable_variants(wanted)
    new_variants = set(wanted) - set(existing)
    if len(existing) + len(new_variants) > settings.CHECKOUT_MAX_LINES:
        raise TooManyLines(
            _("Một giỏ hàng có tối đa %(limit)d loại hàng.") % {"limit": settings.CHECKOUT_MAX_LINES},
            field="lines",
        )
    for variant_id, quantity in wanted.items():
        line = existing.get(variant_id)
        total = quantity + (line.quantity if line and add else 0)
        _check_quantity(total)
        variant = _check_sellable(variants.get(variant_id), total)
        if line:
            # The buyer acted on the line as it now stands: the price change has been seen.
            line.quantity, line.unit_price, line.previous_unit_price = total, variant.price, None
            line.save(update_fields=["quantity", "unit_price", "previous_unit_price"])
        else:
            CheckoutLine.objects.create(
                checkout=checkout, variant=variant, quantity=total, unit_price=variant.price
            )
    quote_delivery_fees(checkout, acted_on={variant.product.business_id for variant in variants.values()})
    checkout.save(update_fields=["updated_at"])


def quote_delivery_fees(checkout: Checkout, *, acted_on: Iterable[int] = ()) -> None:
    """Puts on record the delivery fee the buyer is now shown for every seller in the cart
    that has none, and for the sellers whose part the buyer just acted on (lines changed, a
    method chosen): that is the fee checkoutComplete will charge, or refuse over once."""
    acted = set(acted_on)
    for group in checkout_summary(checkout, checkout_lines(checkout, with_images=False)).groups:
        if group.quoted_fee is None or group.business.pk in acted:
            CheckoutDelivery.objects.update_or_create(
                checkout=checkout,
                business_id=group.business.pk,
                defaults={
                    "method": group.delivery_method,
                    "quoted_fee": group.delivery_fee,
                    "previous_fee": None,
                },
            )


def checkout_create(*, user, lines: list[tuple[int, int]], email: str = "") -> Checkout:
    """A signed-in buyer's open cart (made if needed) with these lines added; anonymous
    visitors get a new cart each time, identified by its token."""
    wanted = _merge_quantities(lines)
    with transaction.atomic():
        checkout = None
        if _is_buyer(user):
            checkout = (
                Checkout.objects.select_for_update().filter(user=user, completed_at__isnull=True).first()
            )
        if checkout is None:
            try:
                with transaction.atomic():
                    checkout = Checkout.objects.create(
                        user=user if _is_buyer(user) else None,
                        email=email or (getattr(user, "email", None) or ""),
                    )
            except IntegrityError:  # the same buyer's other device made one a moment ago
                checkout = Checkout.objects.select_for_update().get(user=user, completed_at__isnull=True)
        _set_quantities(checkout, wanted, add=True)
    return checkout


def checkout_lines_add(*, user, token: str, lines: list[tuple[int, int]]) -> Checkout:
    wanted = _merge_quantities(lines)
    with transaction.atomic():
        checkout = checkout_get(user=user, token=token, lock=True)
        _set_quantities(checkout, wanted, add=True)
    return checkout


def checkout_lines_update(*, user, token: str, lines: list[tuple[int, int]]) -> Checkout:
    """Sets quantities; 0 removes the line."""
    removed = {variant_id for variant_id, quantity in lines if quantity == 0}
    wanted = _merge_quantities([(v, q) for v, q in lines if v not in removed])
    with transaction.atomic():
        checkout = checkout_get(user=user, token=token, lock=True)
        checkout.lines.filter(variant_id__in=removed).delete()
        _set_quantities(checkout, wanted, add=False)
    return checkout


def checkout_lines_delete(*, user, token: str, line_ids: list[int]) -> Checkout:
    with transaction.atomic():
        checkout = checkout_get(user=user, token=token, lock=True)
        checkout.lines.filter(pk__in=line_ids).delete()
        checkout.save(update_fields=["updated_at"])
    return checkout


def checkout_shipping_address_update(
    *,
    user,
    token: str,
    recipient_name: str,
    recipient_phone: str,
    province_code: str,
    commune_code: str,
    street_line: str,
) -> Checkout:
    values = {"recipient_name": (recipient_name or "").strip(), "street_line": (street_line or "").strip()}
    problems = [Required(field=field) for field, value in values.items() if not value]
    problems += check_text_fields(Checkout, values)
    try:
        phone = normalize_phone(recipient_phone, field="recipient_phone")
    except InvalidPhone as exc:
        problems.append(exc)
        phone = ""
    commune = Commune.objects.filter(code=commune_code, province_id=province_code).first()
    if commune is None:
        problems.append(UnknownCommune(field="commune_code"))
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        checkout = checkout_get(user=user, token=token, lock=True)
        checkout.recipient_phone, checkout.province_id, checkout.commune = phone, province_code, commune
        checkout.recipient_name, checkout.street_line = values["recipient_name"], values["street_line"]
        checkout.save()
    return checkout


def checkout_delivery_method_update(*, user, token: str, business_id: int, method: str) -> Checkout:
    if method not in DeliveryMethod.values:
        raise InvalidChoice(field="method", choices=DeliveryMethod.values)
    with transaction.atomic():
        checkout = checkout_get(user=user, token=token, lock=True)
        if not checkout.lines.filter(variant__business_id=business_id).exists():
            raise SellerNotInCheckout(field="business")
        CheckoutDelivery.objects.update_or_create(
            checkout=checkout, business_id=business_id, defaults={"method": method}
        )
        quote_delivery_fees(checkout, acted_on=[business_id])
        checkout.save(update_fields=["updated_at"])
    return checkout


def checkout_merge(*, user, token: str) -> Checkout:
    """On sign-in: the anonymous cart's lines join the buyer's open cart (quantities add up,
    capped at the per-line maximum), or the anonymous cart simply becomes theirs."""
    with transaction.atomic():
        anonymous = checkout_get(user=user, token=token, lock=True)
        if anonymous.user_id == user.pk:
            return anonymous
        own = Checkout.objects.select_for_update().filter(user=user, completed_at__isnull=True).first()
        if own is None:
            anonymous.user = user
            anonymous.email = anonymous.email or (user.email or "")
            anonymous.save(update_fields=["user", "email", "updated_at"])
            return anonymous
        existing = {line.variant_id: line for line in own.lines.all()}
        for line in anonymous.lines.all():
            mine = existing.get(line.variant_id)
            if mine:
                mine.quantity = min(mine.quantity + line.quantity, settings.CHECKOUT_MAX_QUANTITY)
                mine.unit_price = line.unit_price
                mine.save(update_fields=["quantity", "unit_price"])
            else:
                line.checkout = own
                line.save(update_fields=["checkout"])
        if not own.has_shipping_address and anonymous.has_shipping_address:
            for field in ("recipient_name", "recipient_phone", "province_id", "commune_id", "street_line"):
                setattr(own, field, getattr(anonymous, field))
        own.save()
        anonymous.delete()
        quote_delivery_fees(own)  # the visitor cart's quotes went with it: what the cart shows now
    return own


def checkout_merge_on_sign_in(sender, *, user, visitor_cart: str | None = None, **kwargs) -> None:
    """Receiver of `accounts.signals.user_signed_in`: signing in must not lose what the visitor
    put in the cart, and a stale cart token (ordered already, unknown) must not fail the sign-in."""
    if not visitor_cart:
        return
    try:
        checkout_merge(user=user, token=visitor_cart)
    except (CheckoutNotFound, CheckoutCompleted):
        pass
