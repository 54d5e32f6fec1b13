"""Stock moves for orders. Rows are locked in primary-key order so that two checkouts holding
the same variants in opposite orders queue instead of deadlocking."""

from collections.abc import Iterable

from django.db.models import F

from catalog.models import ProductVariant
from search.services import index_changed


def lock_variants(variant_ids: Iterable[int]) -> dict[int, ProductVariant]:
    rows = (
        ProductVariant.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=set(variant_ids))
        .order_by("pk")
    )
    return {variant.pk: variant for variant in rows}


def take(locked: dict[int, ProductVariant], quantities: dict[int, int]) -> None:
    """Removes sold quantities from rows the caller locked and checked."""
    for variant_id in sorted(quantities):
        ProductVariant.objects.filter(pk=variant_id).update(stock=F("stock") - quantities[variant_id])
    _reindex(locked[variant_id] for variant_id in quantities)


def put_back(quantities: dict[int, int]) -> None:
    """Returns the stock of cancelled orders (variants deleted since are skipped)."""
    locked = lock_variants(quantities)
    for variant_id in sorted(locked):
        ProductVariant.objects.filter(pk=variant_id).update(stock=F("stock") + quantities[variant_id])
    _reindex(locked.values())


def _reindex(variants: Iterable[ProductVariant]) -> None:
    # "In stock" is a search filter: products whose stock moved go through the index outbox.
    index_changed(products=sorted({variant.product_id for variant in variants}))
