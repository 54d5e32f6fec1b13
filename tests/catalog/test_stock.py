"""catalog.services.stock is the one writer of stock for orders: take and put back."""

import pytest

from catalog.errors import InsufficientStock
from catalog.services.stock import stock_put_back, stock_take
from tests.factories import VariantFactory

pytestmark = pytest.mark.django_db


def test_stock_take_removes_each_quantity():
    first, second = VariantFactory(stock=5), VariantFactory(stock=7)
    stock_take(quantities={first.pk: 2, second.pk: 7})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.stock, second.stock) == (3, 0)


def test_stock_take_refuses_more_than_the_stock_and_takes_nothing():
    plenty, short = VariantFactory(stock=5), VariantFactory(stock=1)
    with pytest.raises(InsufficientStock):
        stock_take(quantities={plenty.pk: 1, short.pk: 2})
    plenty.refresh_from_db(), short.refresh_from_db()
    assert (plenty.stock, short.stock) == (5, 1)


def test_stock_put_back_returns_quantities_and_skips_deleted_variants():
    variant, gone = VariantFactory(stock=1), VariantFactory(stock=1)
    gone_pk = gone.pk
    gone.delete()
    stock_put_back(quantities={variant.pk: 4, gone_pk: 3})
    variant.refresh_from_db()
    assert variant.stock == 5


def test_stock_moves_name_the_products_whose_stock_moved_for_the_search_index():
    first, second = VariantFactory(stock=5), VariantFactory(stock=5)
    assert stock_take(quantities={first.pk: 1, second.pk: 1}) == sorted([first.product_id, second.product_id])
    assert stock_put_back(quantities={first.pk: 1}) == [first.product_id]
