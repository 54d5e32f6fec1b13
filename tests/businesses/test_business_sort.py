"""The business list sorts as asked; the officer's queue of pending sellers comes oldest first."""

import datetime

import pytest
from django.utils import timezone

from marketplace.businesses.models import Business
from tests.factories import BusinessFactory, OfficerFactory

pytestmark = pytest.mark.django_db

LIST = """query($filter: BusinessFilterInput, $sortBy: BusinessSortInput) {
  businesses(first: 20, filter: $filter, sortBy: $sortBy) { edges { node { name } } } }"""


def names(gql, **variables):
    edges = gql.login(OfficerFactory())(LIST, variables)["data"]["businesses"]["edges"]
    return [edge["node"]["name"] for edge in edges]


def registered(name: str, days_ago: int, status=Business.Status.PENDING) -> Business:
    business = BusinessFactory(name=name, status=status)
    created = timezone.now() - datetime.timedelta(days=days_ago)
    Business.objects.filter(pk=business.pk).update(created_at=created)
    return business


def test_the_pending_queue_comes_oldest_application_first(gql):
    registered("An Phú", days_ago=1)
    registered("Bảo Lâm", days_ago=9)
    registered("Chiêm Hoá", days_ago=4)
    assert names(gql, filter={"status": ["PENDING"]}) == ["Bảo Lâm", "Chiêm Hoá", "An Phú"]


def test_an_unfiltered_list_reads_by_name(gql):
    registered("Chiêm Hoá", days_ago=4, status=Business.Status.APPROVED)
    registered("An Phú", days_ago=1, status=Business.Status.APPROVED)
    assert names(gql) == ["An Phú", "Chiêm Hoá"]


def test_sort_by_created_descending_puts_the_newest_first(gql):
    registered("An Phú", days_ago=1)
    registered("Bảo Lâm", days_ago=9)
    registered("Chiêm Hoá", days_ago=4)
    newest_first = names(gql, sortBy={"field": "CREATED", "direction": "DESC"})
    assert newest_first == ["An Phú", "Chiêm Hoá", "Bảo Lâm"]
    assert names(gql, filter={"status": ["PENDING"]}, sortBy={"field": "NAME"}) == [
        "An Phú",
        "Bảo Lâm",
        "Chiêm Hoá",
    ]
