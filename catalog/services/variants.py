"""Variants: what a buyer actually puts in the cart (pack size, price in VND, stock)."""

from django.db import IntegrityError, transaction
from django.db.models import Max, Min

from catalog.errors import InvalidPrice, InvalidStock, InvalidWeight, LastVariant, SkuTaken
from catalog.models import Product, ProductVariant
from catalog.services.products import member_product
from catalog.signals import announce_products_changed
from marketplace.errors import DomainError, NotFound, Required, UnknownField, ValidationFailed
from marketplace.validation import check_text_fields

MAX_PRICE_VND = 1_000_000_000
MAX_STOCK = 1_000_000
MAX_WEIGHT_GRAMS = 1_000_000
_EDITABLE = ("name", "sku", "price", "unit", "stock", "weight_grams")


def _clean(changes: dict) -> dict:
    problems: list[DomainError] = []
    cleaned = {}
    for field, value in changes.items():
        if field in ("name", "sku", "unit"):
            value = (value or "").strip()
            if not value:
                problems.append(Required(field=field))
        elif field == "price":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_PRICE_VND:
                problems.append(InvalidPrice(field="price"))
        elif field == "stock":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_STOCK:
                problems.append(InvalidStock(field="stock"))
        elif field == "weight_grams":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT_GRAMS:
                problems.append(InvalidWeight(field="weight_grams"))
        cleaned[field] = value
    problems += check_text_fields(
        ProductVariant, {f: v for f, v in cleaned.items() if f in ("name", "sku", "unit")}
    )
    if problems:
        raise ValidationFailed(problems)
    return cleaned


def refresh_price_range(product: Product) -> None:
    """Keeps Product.price_min/max equal to its variants' range (caller holds the product lock)."""
    prices = ProductVariant.objects.filter(product_id=product.pk).aggregate(lo=Min("price"), hi=Max("price"))
    if (product.price_min, product.price_max) != (prices["lo"], prices["hi"]):
        product.price_min, product.price_max = prices["lo"], prices["hi"]
        Product.objects.filter(pk=product.pk).update(price_min=prices["lo"], price_max=prices["hi"])


def variant_create(
    *,
    user,
    product_id: int,
    name: str,
    sku: str,
    price: int,
    unit: str,
    stock: int = 0,
    weight_grams: int = 0,
) -> ProductVariant:
    fields = _clean(dict(name=name, sku=sku, price=price, unit=unit, stock=stock, weight_grams=weight_grams))
    try:
        with transaction.atomic():
            product = member_product(user, product_id)
            position = (product.variants.aggregate(last=Max("position"))["last"] or 0) + 1
            variant = ProductVariant.objects.create(
                product=product, business_id=product.business_id, position=position, **fields
            )
            refresh_price_range(product)
            announce_products_changed(products=[product.pk])
    except IntegrityError as exc:
        raise SkuTaken(field="sku") from exc
    return variant


def _member_variant(user, variant_id: int) -> tuple[Product, ProductVariant]:
    product_id = ProductVariant.objects.filter(pk=variant_id).values_list("product_id", flat=True).first()
    if product_id is None:
        raise NotFound(field="id")
    product = member_product(user, product_id)  # locks the product: variant writes are serialised
    return product, ProductVariant.objects.select_for_update(of=("self",)).get(pk=variant_id)


def variant_update(*, user, variant_id: int, **changes) -> ProductVariant:
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise UnknownField(field=sorted(unknown)[0])
    fields = _clean(changes)
    try:
        with transaction.atomic():
            product, variant = _member_variant(user, variant_id)
            for field, value in fields.items():
                setattr(variant, field, value)
            variant.save()
            refresh_price_range(product)
            announce_products_changed(products=[product.pk])
    except IntegrityError as exc:
        raise SkuTaken(field="sku") from exc
    return variant


def variant_delete(*, user, variant_id: int) -> None:
    with transaction.atomic():
        product, variant = _member_variant(user, variant_id)
        if (
            product.status in (Product.Status.APPROVED, Product.Status.PENDING)
            and product.variants.count() == 1
        ):
            raise LastVariant(field="id")
        variant.delete()
        refresh_price_range(product)
        announce_products_changed(products=[product.pk])
