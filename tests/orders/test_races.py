"""Buyers racing for the same stock, on PostgreSQL with real parallel connections."""

import pytest
from django.db.models import Sum

from catalog.models import ProductVariant
from marketplace.errors import DomainError, ValidationFailed
from orders.models import Order, OrderLine, PaymentGroup
from orders.services.complete import checkout_complete
from orders.services.payment import payment_group_paid, payment_groups_expire
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant
from tests.parallel import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def completion(buyer, checkout, method="cod"):
    return lambda: checkout_complete(user=buyer, token=str(checkout.token), payment_method=method)


def short_codes(result) -> set[str]:
    assert isinstance(result, ValidationFailed), result  # anything else (a deadlock) fails here
    return {error.code for error in result.errors}


def test_fifty_buyers_racing_for_ten_units_buy_exactly_ten():
    variant, _ = seller_variant(stock=10)
    buyers = [UserFactory() for _ in range(50)]
    checkouts = [ready_checkout(buyer, [(variant, 1)]) for buyer in buyers]

    results = run_in_parallel(*[completion(b, c) for b, c in zip(buyers, checkouts, strict=True)])

    winners = [r for r in results if isinstance(r, PaymentGroup)]
    losers = [r for r in results if not isinstance(r, PaymentGroup)]
    assert len(winners) == 10
    assert all(short_codes(r) == {"INSUFFICIENT_STOCK"} for r in losers) and len(losers) == 40
    assert ProductVariant.objects.get(pk=variant.pk).stock == 0
    assert OrderLine.objects.filter(variant=variant).aggregate(sold=Sum("quantity"))["sold"] == 10
    assert Order.objects.count() == 10


def test_carts_holding_two_variants_in_opposite_orders_never_deadlock():
    tea, _ = seller_variant(stock=10)
    honey, _ = seller_variant(stock=10)
    buyers = [UserFactory() for _ in range(30)]
    # Half add tea first, half honey first: the line order differs, the lock order must not.
    checkouts = [
        ready_checkout(buyer, [(tea, 1), (honey, 1)] if i % 2 else [(honey, 1), (tea, 1)])
        for i, buyer in enumerate(buyers)
    ]

    results = run_in_parallel(*[completion(b, c) for b, c in zip(buyers, checkouts, strict=True)])

    winners = [r for r in results if isinstance(r, PaymentGroup)]
    assert len(winners) == 10
    assert all(short_codes(r) == {"INSUFFICIENT_STOCK"} for r in results if r not in winners)
    assert ProductVariant.objects.get(pk=tea.pk).stock == 0
    assert ProductVariant.objects.get(pk=honey.pk).stock == 0
    assert Order.objects.count() == 20  # two sellers per winning cart


def test_a_double_click_completes_the_checkout_once():
    variant, _ = seller_variant(stock=10)
    other, _ = seller_variant(stock=10)
    buyer = UserFactory()
    checkout = ready_checkout(buyer, [(variant, 2), (other, 1)])

    results = run_in_parallel(*[completion(buyer, checkout) for _ in range(8)])

    assert all(isinstance(r, PaymentGroup) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Order.objects.count() == 2 and PaymentGroup.objects.count() == 1
    assert ProductVariant.objects.get(pk=variant.pk).stock == 8


def test_a_payment_racing_the_expiry_job_either_pays_or_expires_never_both():
    variant, _ = seller_variant(stock=5)
    buyer = UserFactory()
    checkout = ready_checkout(buyer, [(variant, 2)])
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method="cod")
    PaymentGroup.objects.filter(pk=group.pk).update(status="awaiting_payment", expires_at="2000-01-01T00:00Z")
    Order.objects.filter(payment_group=group).update(status="awaiting_payment")

    results = run_in_parallel(
        lambda: payment_group_paid(number=group.number, amount=group.amount),
        lambda: payment_groups_expire(),
    )

    status = PaymentGroup.objects.get(pk=group.pk).status
    stock = ProductVariant.objects.get(pk=variant.pk).stock
    if status == "paid":
        assert stock == 3 and set(Order.objects.values_list("status", flat=True)) == {"paid"}
    else:
        assert status == "expired" and stock == 5
        assert isinstance(results[0], DomainError) and results[0].code == "PAYMENT_GROUP_CLOSED"
