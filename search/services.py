"""Keeping the index true: the outbox written with every change, and the processor applying it."""

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog.models import Product
from catalog.selectors import in_category_tree
from search import documents as docs
from search.backends import SearchBackend, get_backend
from search.locks import writer_lock
from search.models import IndexChange

logger = logging.getLogger(__name__)

APPLY_CHUNK = 1000  # products per engine request
MAX_RETRY_DELAY_SECONDS = 300


def index_changed(
    *, products: Iterable[int] = (), businesses: Iterable[int] = (), categories: Iterable[int] = ()
) -> None:
    """Record, inside the caller's transaction, that these objects' search documents may differ.

    Catalog services announce changes with `catalog.signals.products_changed`, which lands here;
    orders.stock still calls this directly until stock moves into catalog services. The change
    is applied after commit."""
    rows = [
        IndexChange(kind=kind, object_id=object_id)
        for kind, ids in (
            (IndexChange.Kind.PRODUCT, products),
            (IndexChange.Kind.BUSINESS, businesses),
            (IndexChange.Kind.CATEGORY, categories),
        )
        for object_id in dict.fromkeys(ids)
    ]
    if not rows or settings.SEARCH_BACKEND == "database":
        return
    IndexChange.objects.bulk_create(rows)
    if settings.SEARCH_OUTBOX_INLINE:
        transaction.on_commit(outbox_drain, robust=True)


def record_products_changed(sender, *, products=(), businesses=(), categories=(), **kwargs) -> None:
    """Receiver of `catalog.signals.products_changed`: the outbox rows, in the sender's transaction."""
    index_changed(products=products, businesses=businesses, categories=categories)


def _product_ids(changes: list[IndexChange]) -> list[int]:
    by_kind: dict[str, set[int]] = {kind: set() for kind in IndexChange.Kind.values}
    for change in changes:
        by_kind[change.kind].add(change.object_id)
    ids = set(by_kind[IndexChange.Kind.PRODUCT])
    if by_kind[IndexChange.Kind.BUSINESS]:
        ids.update(
            Product.objects.filter(business_id__in=by_kind[IndexChange.Kind.BUSINESS]).values_list(
                "pk", flat=True
            )
        )
    if categories := by_kind[IndexChange.Kind.CATEGORY]:
        ids.update(Product.objects.filter(in_category_tree(categories)).values_list("pk", flat=True))
    return sorted(ids)


def _apply(backend: SearchBackend, product_ids: list[int]) -> None:
    for start in range(0, len(product_ids), APPLY_CHUNK):
        documents, removed = docs.documents_for(product_ids[start : start + APPLY_CHUNK])
        backend.apply(documents=documents, removed_ids=removed)


def _postpone(changes: list[IndexChange], error: Exception) -> None:
    now = timezone.now()
    for change in changes:
        change.attempts += 1
        delay = min(2**change.attempts, MAX_RETRY_DELAY_SECONDS)
        change.available_at = now + timedelta(seconds=delay)
        change.last_error = f"{type(error).__name__}: {error}"[:2000]
    IndexChange.objects.bulk_update(changes, ["attempts", "available_at", "last_error"])


def _due() -> Q:
    return Q(available_at__isnull=True) | Q(available_at__lte=timezone.now())


def _process_due(backend: SearchBackend, batch_size: int) -> tuple[int, int]:
    """Applies due changes oldest first; stops at the first failure. Caller holds the writer lock."""
    applied = 0
    while changes := list(IndexChange.objects.filter(_due()).order_by("id")[:batch_size]):
        try:
            _apply(backend, _product_ids(changes))
        except Exception as error:  # the engine's own errors vary; none may lose a change
            _postpone(changes, error)
            logger.warning("Search index update failed, %s changes kept for retry: %s", len(changes), error)
            return applied, len(changes)
        IndexChange.objects.filter(pk__in=[c.pk for c in changes]).delete()
        applied += len(changes)
    return applied, 0


def outbox_process(*, backend: SearchBackend | None = None, wait: bool = True) -> tuple[int, int]:
    """Apply every due change; returns (applied, failed). Used by the worker and the commands."""
    with writer_lock(wait=wait) as acquired:
        if not acquired:
            return 0, 0
        return _process_due(backend or get_backend(), settings.SEARCH_OUTBOX_BATCH_SIZE)


def outbox_drain() -> None:
    """After a commit: apply pending changes unless another process is already doing it.

    That process re-checks the outbox after releasing the lock, so a change committed while it
    worked is not left behind."""
    while True:
        applied, failed = outbox_process(wait=False)
        if failed or not (applied and IndexChange.objects.filter(_due()).exists()):
            return


def search_reindex(
    *, backend: SearchBackend | None = None, on_total: Callable[[int], None] | None = None, progress=None
) -> int:
    """Rebuild the whole index from the database and swap it in; returns documents indexed.

    Outbox rows are kept and applied afterwards: a change committed while the rebuild read the
    database is then applied on top, at the cost of re-indexing a few products twice."""
    backend = backend or get_backend()
    with writer_lock(wait=True):
        if on_total:
            on_total(docs.indexable_count())
        indexed = backend.rebuild(docs.all_documents(), progress=progress)
        backend.refresh()
        _process_due(backend, settings.SEARCH_OUTBOX_BATCH_SIZE)
    return indexed
