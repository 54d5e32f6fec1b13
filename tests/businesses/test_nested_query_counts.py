"""SQL pinned for nested shapes: a business's counts, certificates, members and events under a
list load in one query each, whatever the number of rows (3 or 20 rows, the same count)."""

import datetime

import pytest

from marketplace.businesses.models import BusinessMember, OcopCertificate
from tests.factories import OfficerFactory, UserFactory, VariantFactory, business_with_owner

pytestmark = pytest.mark.django_db

BUSINESS_FIELDS = """name productCount status statusReason commissionRateBps
    commune { name province { name } legacyDistrict { name } }
    ocopCertificates { number stars } members { fullName role } events { kind actorName }
    invitations { phone }"""
PRODUCTS = (
    f"{{ products(first: 20) {{ totalCount edges {{ node {{ name business {{ {BUSINESS_FIELDS} }} }} }} }} }}"
)
BUSINESSES = f"{{ businesses(first: 20) {{ totalCount edges {{ node {{ {BUSINESS_FIELDS} }} }} }} }}"


def shops_with_products(count: int) -> None:
    for i in range(count):
        business, owner = business_with_owner()
        BusinessMember.objects.create(business=business, user=UserFactory(), role="staff")
        OcopCertificate.objects.create(
            business=business,
            number=f"{i}/QĐ-UBND",
            product_name="Chè",
            group="drinks",
            stars=4,
            issued_on=datetime.date(2024, 1, 1),
            expires_on=datetime.date(2027, 1, 1),
        )
        VariantFactory(product__business=business)


# session user, count, page (products with business and communes), variants, images, then one
# query per nested business field: product counts, certificates, members, events, invitations
@pytest.mark.parametrize("rows", [3, 20])
def test_products_with_their_sellers_nested_fields_cost_the_same_for_3_or_20(
    gql, rows, django_assert_num_queries
):
    shops_with_products(rows)
    gql.login(OfficerFactory())
    with django_assert_num_queries(10):
        result = gql(PRODUCTS)["data"]["products"]
    assert len(result["edges"]) == rows
    assert all(len(edge["node"]["business"]["members"]) == 2 for edge in result["edges"])


@pytest.mark.parametrize("rows", [3, 20])
def test_the_officers_business_list_with_nested_fields_costs_the_same_for_3_or_20(
    gql, rows, django_assert_num_queries
):
    shops_with_products(rows)
    gql.login(OfficerFactory())
    with django_assert_num_queries(7):
        result = gql(BUSINESSES)["data"]["businesses"]
    assert len(result["edges"]) == rows
    assert all(edge["node"]["ocopCertificates"] for edge in result["edges"])
