"""The officer's queue of products waiting for review comes oldest first without a sortBy."""

import datetime

import pytest
from django.utils import timezone

from catalog.models import Product
from tests.factories import OfficerFactory, ProductFactory

pytestmark = pytest.mark.django_db

QUEUE = """{ products(first: 20, filter: {status: [PENDING]}) { edges { node { name } } } }"""


def test_the_pending_products_queue_comes_oldest_first(gql):
    for name, days_ago in (("An trà", 1), ("Bánh gai", 7), ("Chè lam", 3)):
        product = ProductFactory(name=name, status=Product.Status.PENDING)
        created = timezone.now() - datetime.timedelta(days=days_ago)
        Product.objects.filter(pk=product.pk).update(created_at=created)
    edges = gql.login(OfficerFactory())(QUEUE)["data"]["products"]["edges"]
    assert [edge["node"]["name"] for edge in edges] == ["Bánh gai", "Chè lam", "An trà"]
