"""Stock moves: the one place that changes `ProductVariant.stock` besides the seller's own edit
(`variant_update`). Orders call these; rows are locked in primary-key order so that two
checkouts holding the same variants in opposite orders queue instead of deadlocking.

Each returns the products whose stock moved: "in stock" is a search filter, and the caller
(orders, which sits above search) records them in the search index outbox."""

from collections.abc import Iterable

from django.db.models import Case, F, Value, When

from catalog.errors import InsufficientStock
from catalog.models import ProductVariant


def stock_lock(*, variant_ids: Iterable[int]) -> dict[int, ProductVariant]:
    """Locks the rows (with their products) for a caller that checks them before `stock_take`.
    Must run inside `transaction.atomic()`; variants deleted since are absent."""
    rows = (
        ProductVariant.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=set(variant_ids))
        .order_by("pk")
    )
    return {variant.pk: variant for variant in rows}


def stock_take(*, quantities: dict[int, int], locked: dict[int, ProductVariant] | None = None) -> list[int]:
    """Removes sold quantities, all or nothing. `locked`: the rows the caller already locked with
    `stock_lock` in this transaction and checked, to name every short line; this check keeps
    stock from going negative whatever a caller forgot."""
    if locked is None:
        locked = stock_lock(variant_ids=quantities)
    if set(locked) != set(quantities) or any(locked[pk].stock < n for pk, n in quantities.items()):
        raise InsufficientStock(field="lines")
    _add_to_stock({variant_id: -quantity for variant_id, quantity in quantities.items()})
    return _products_of(locked.values())


def stock_put_back(*, quantities: dict[int, int]) -> list[int]:
    """Returns the stock of cancelled orders (variants deleted since are skipped)."""
    locked = stock_lock(variant_ids=quantities)
    _add_to_stock({variant_id: quantities[variant_id] for variant_id in locked})
    return _products_of(locked.values())


def _add_to_stock(changes: dict[int, int]) -> None:
    """One UPDATE for every variant, each moved by its own amount."""
    if changes:
        delta = Case(*(When(pk=pk, then=Value(change)) for pk, change in changes.items()))
        ProductVariant.objects.filter(pk__in=list(changes)).update(stock=F("stock") + delta)


def _products_of(variants: Iterable[ProductVariant]) -> list[int]:
    return sorted({variant.product_id for variant in variants})
