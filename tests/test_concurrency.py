"""Races between real parallel clients, each with its own PostgreSQL connection."""

import pytest
from django.db import connection

from catalog.models import Product
from catalog.services.variants import variant_create
from marketplace.businesses.models import Business, BusinessEvent
from marketplace.businesses.services import business_approve, business_register, business_reject
from marketplace.errors import DomainError
from tests.factories import (
    BusinessFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
    business_with_owner,
    tuyen_quang_commune,
)
from tests.parallel import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_two_sellers_racing_for_one_tax_code_get_one_business():
    commune = tuyen_quang_commune()
    users = [UserFactory() for _ in range(6)]
    results = run_in_parallel(
        *[
            lambda user=user: business_register(
                user=user,
                name="HTX Cam sành",
                kind="cooperative",
                tax_code="0100233488",
                representative_name="Lý Văn Tài",
                phone="0912345678",
                address_line="Thôn 1",
                commune_code=commune.code,
            )
            for user in users
        ]
    )
    winners = [r for r in results if isinstance(r, Business)]
    losers = [r for r in results if isinstance(r, DomainError)]
    assert len(winners) == 1
    assert {e.code for e in losers} == {"TAX_CODE_TAKEN"} and len(losers) == 5
    assert Business.objects.filter(tax_code="0100233488").count() == 1


def test_officers_approving_at_the_same_moment_approve_once():
    business = BusinessFactory(status=Business.Status.PENDING)
    officers = [OfficerFactory() for _ in range(4)]
    results = run_in_parallel(
        *[
            lambda officer=officer: business_approve(officer=officer, business_id=business.pk)
            for officer in officers
        ]
    )
    assert len([r for r in results if isinstance(r, Business)]) == 1
    assert [r.code for r in results if isinstance(r, DomainError)] == ["INVALID_TRANSITION"] * 3
    assert BusinessEvent.objects.filter(business=business).count() == 1


def test_concurrent_decisions_are_serialised_into_one_consistent_history():
    business = BusinessFactory(status=Business.Status.PENDING)
    officers = [OfficerFactory() for _ in range(6)]
    calls = [
        lambda o=officer: business_approve(officer=o, business_id=business.pk) for officer in officers[:3]
    ] + [
        lambda o=officer: business_reject(officer=o, business_id=business.pk, reason="Thiếu giấy tờ")
        for officer in officers[3:]
    ]
    run_in_parallel(*calls)
    events = list(BusinessEvent.objects.filter(business=business).order_by("id"))
    # Each decision saw the state the previous one left: no lost update, no double decision.
    assert events[0].from_status == "pending"
    for before, after in zip(events, events[1:]):
        assert after.from_status == before.to_status != after.to_status
    business.refresh_from_db()
    assert business.status == events[-1].to_status


def test_parallel_variant_creation_keeps_the_price_range_true():
    business, owner = business_with_owner()
    product = ProductFactory(business=business)
    prices = [10_000 * (i + 1) for i in range(8)]
    results = run_in_parallel(
        *[
            lambda price=price: variant_create(
                user=owner,
                product_id=product.pk,
                name=f"Gói {price}",
                sku=f"SKU-{price}",
                price=price,
                unit="gói",
            )
            for price in prices
        ]
    )
    assert not [r for r in results if isinstance(r, DomainError)]
    product = Product.objects.get(pk=product.pk)
    assert (product.price_min, product.price_max) == (min(prices), max(prices))
    assert sorted(product.variants.values_list("position", flat=True)) == list(range(1, 9))


def test_product_approval_racing_a_seller_suspension_never_leaves_a_suspended_seller_public():
    from catalog.services.products import product_approve
    from marketplace.businesses.services import business_suspend

    for _round in range(5):
        business = BusinessFactory()
        products = [ProductFactory(business=business, status=Product.Status.PENDING) for _ in range(3)]
        officers = [OfficerFactory() for _ in range(4)]
        run_in_parallel(
            lambda: business_suspend(officer=officers[0], business_id=business.pk, reason="Hàng giả"),
            *[
                lambda p=p, o=o: product_approve(officer=o, product_id=p.pk)
                for p, o in zip(products, officers[1:])
            ],
        )
        assert not Product.objects.filter(business=business, is_public=True).exists()
        assert Product.objects.filter(business=business, status=Product.Status.APPROVED).count() == 3
