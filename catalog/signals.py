"""What the catalogue announces to the apps that keep copies of it (search).

Catalog depends on no such app: its services send `products_changed` and whoever copies
products connects a receiver (search.apps does, to write its index outbox).

`products_changed` is sent synchronously, inside the service's transaction, after the rows are
written; receivers must write in that same transaction (not after commit), so that a change and
its announcement commit or roll back together. Keyword arguments, each an iterable of ids:
- `products`: products whose name, text, status, price or stock may differ;
- `businesses`: sellers whose products may all differ (name, place, status);
- `categories`: categories whose products may all differ (name, parent)."""

from collections.abc import Iterable

from django.dispatch import Signal

products_changed = Signal()


def announce_products_changed(
    *, products: Iterable[int] = (), businesses: Iterable[int] = (), categories: Iterable[int] = ()
) -> None:
    """Send `products_changed`; call it from every service that changes what buyers see of a product."""
    products_changed.send(
        sender=None, products=list(products), businesses=list(businesses), categories=list(categories)
    )
