"""Cancelling gives the stock back through catalog's stock service and tells the search index."""

import pytest

from catalog.models import ProductVariant
from orders.services.complete import checkout_complete
from orders.services.lifecycle import order_cancel
from search.models import IndexChange
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant

pytestmark = pytest.mark.django_db


def test_a_cancelled_order_returns_its_stock_and_queues_the_product_for_the_index(settings):
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_OUTBOX_INLINE = False
    buyer = UserFactory()
    variant, _ = seller_variant(stock=4)
    group = checkout_complete(
        user=buyer, token=str(ready_checkout(buyer, [(variant, 3)]).token), payment_method="cod"
    )
    IndexChange.objects.all().delete()
    order_cancel(user=buyer, order_id=group.orders.get().pk)
    assert ProductVariant.objects.get(pk=variant.pk).stock == 4
    assert list(IndexChange.objects.values_list("kind", "object_id")) == [("product", variant.product_id)]
