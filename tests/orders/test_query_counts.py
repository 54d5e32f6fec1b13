"""SQL pinned for the cart and placing an order: a query per line or per seller fails here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.numbers import allocate_order_numbers
from orders.services.complete import checkout_complete
from tests.factories import OfficerFactory, UserFactory
from tests.orders.helpers import ready_checkout, seller_variant
from tests.orders.test_checkout import QUERY
from tests.orders.test_complete import COMPLETE

pytestmark = pytest.mark.django_db


def cart_of(buyer, sellers: int):
    return ready_checkout(buyer, [(seller_variant()[0], 2) for _ in range(sellers)])


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


@pytest.mark.parametrize("sellers", [1, 3])
def test_the_checkout_query_costs_five_queries_for_any_number_of_sellers(
    gql, sellers, django_assert_num_queries
):
    buyer = UserFactory()
    checkout = cart_of(buyer, sellers)
    gql.login(buyer)
    # user, checkout (+ address), lines with variant/product/seller, images, delivery choices
    with django_assert_num_queries(5):
        result = gql(QUERY, {"id": str(checkout.token)})["data"]["checkout"]
    assert len(result["sellerGroups"]) == sellers


def test_completing_a_checkout_costs_the_same_queries_for_one_or_three_sellers(gql):
    """Pinned at 28 (2 of them the savepoints of the test's transaction): orders, lines, events,
    the stock update and the outbox rows are each one statement whatever the number of sellers
    and lines; starting the payment through the outbox is 5 more (claim, row, group, done, read), and reading the quoted delivery fees before the lock 1."""
    allocate_order_numbers(1)  # the day's counter row exists, as it does after the first order
    counts = {}
    for sellers in (1, 3):
        buyer = UserFactory()
        checkout = cart_of(buyer, sellers)
        gql.login(buyer)
        counts[sellers] = count_queries(lambda: gql(COMPLETE, {"id": str(checkout.token), "method": "COD"}))
    assert counts == {1: 28, 3: 28}


NESTED_ORDERS = """{ orders(first: 20) { edges { node {
    number lines { productName } events { toStatus actorName }
    shippingAddress { commune { name legacyDistrict { name } } }
    business { name productCount ocopCertificates { number } members { fullName } events { kind } }
    paymentGroup { number orders { number business { name productCount members { role } } } }
} } } }"""


@pytest.mark.parametrize("buyers", [3, 20])
def test_orders_with_nested_group_orders_and_sellers_cost_the_same_for_3_or_20(
    gql, buyers, django_assert_num_queries
):
    """Each buyer's cart holds two sellers; the officer lists `buyers` orders (first 20)."""
    for _ in range(buyers):
        buyer = UserFactory()
        cart = cart_of(buyer, 2)
        checkout_complete(user=buyer, token=str(cart.token), payment_method="cod")
    gql.login(OfficerFactory())
    # session user, page, lines, events, group orders with their lines and events (3), then one
    # each for the sellers' product counts, certificates, members and events
    with django_assert_num_queries(11):
        edges = gql(NESTED_ORDERS)["data"]["orders"]["edges"]
    assert len(edges) == min(2 * buyers, 20)
    assert all(len(edge["node"]["paymentGroup"]["orders"]) == 2 for edge in edges)
