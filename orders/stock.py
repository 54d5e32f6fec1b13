"""Stock moves for orders. Rows are locked in primary-key order so that two checkouts holding
the same variants in opposite orders queue instead of deadlocking."""

from collections.abc import Iterable

from django.db.models import Case, F, Value, When

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
    _add_to_stock({variant_id: -quantity for variant_id, quantity in quantities.items()})
    _reindex(locked[variant_id] for variant_id in quantities)


def put_back(quantities: dict[int, int]) -> None:
    """Returns the stock of cancelled orders (variants deleted since are skipped)."""
    locked = lock_variants(quantities)
    _add_to_stock({variant_id: quantities[variant_id] for variant_id in locked})
    _reindex(locked.values())


def _add_to_stock(changes: dict[int, int]) -> None:
    """One UPDATE for every variant, each moved by its own amount."""
    if changes:
        delta = Case(*(When(pk=pk, then=Value(change)) for pk, change in changes.items()))
        ProductVariant.objects.filter(pk__in=list(changes)).update(stock=F("stock") + delta)


def _reindex(variants: Iterable[ProductVariant]) -> None:
    # "In stock" is a search filter: products whose stock moved go through the index outbox.
    index_changed(products=sorted({variant.product_id for variant in variants}))
