"""checkoutComplete: one order per seller, one payment group, stock reserved once."""

import re

import pytest
from django.db.models import Sum
from django.utils import timezone

from catalog.models import ProductVariant
from marketplace.businesses.models import Business
from orders.models import Checkout, Order, OrderEvent, PaymentGroup
from orders.notifications import MemoryBackend
from orders.services.checkout import checkout_create
from search.models import IndexChange
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant

pytestmark = pytest.mark.django_db

COMPLETE = """
mutation($id: ID!, $method: PaymentMethod!) {
  checkoutComplete(token: $id, paymentMethod: $method) {
    paymentGroup { number status method amount expiresAt }
    orders { number status subtotal deliveryFee total commission sellerNet business { name }
             lines { productName variantName unitPrice quantity lineTotal } }
    payment { redirectUrl instructions }
    errors { field code message }
  }
}"""


def complete(gql, checkout, method="COD"):
    return gql(COMPLETE, {"id": str(checkout.token), "method": method})["data"]["checkoutComplete"]


def test_a_three_seller_cart_becomes_three_orders_under_one_payment(gql):
    buyer = UserFactory()
    tea, _ = seller_variant(price=150_000, stock=10)
    honey, _ = seller_variant(price=400_000, stock=5)
    noodles, _ = seller_variant(price=45_000, stock=20)
    Business.objects.filter(pk=honey.business_id).update(commission_rate_bps=500)
    checkout = ready_checkout(buyer, [(tea, 2), (honey, 1), (noodles, 4)])

    result = complete(gql.login(buyer), checkout)

    assert result["errors"] == []
    orders = {o["business"]["name"]: o for o in result["orders"]}
    assert len(orders) == 3
    honey_order = orders[honey.business.name]
    assert (honey_order["subtotal"], honey_order["deliveryFee"], honey_order["total"]) == (
        400_000,
        30_000,
        430_000,
    )
    assert honey_order["commission"] is None  # the seller's terms are not the buyer's business
    by_seller = {o.business_id: o for o in Order.objects.all()}
    honey_row, tea_row = by_seller[honey.business_id], by_seller[tea.business_id]
    assert (honey_row.commission, honey_row.seller_net) == (20_000, 410_000)
    assert (tea_row.commission, tea_row.seller_net) == (9_000, 321_000)  # platform default 3 %
    group = result["paymentGroup"]
    assert group["amount"] == sum(o["total"] for o in result["orders"]) == 330_000 + 430_000 + 210_000
    assert (group["status"], group["method"]) == ("CASH_ON_DELIVERY", "COD")
    assert {o["status"] for o in result["orders"]} == {"PLACED"}
    stock = dict(ProductVariant.objects.values_list("pk", "stock"))
    assert (stock[tea.pk], stock[honey.pk], stock[noodles.pk]) == (8, 4, 16)
    assert Checkout.objects.get(pk=checkout.pk).completed_at is not None


def test_order_numbers_are_readable_unique_and_dated(gql):
    buyer = UserFactory()
    variants = [seller_variant()[0] for _ in range(3)]
    result = complete(gql.login(buyer), ready_checkout(buyer, [(v, 1) for v in variants]))
    today = timezone.localdate().strftime("%y%m%d")
    numbers = [o["number"] for o in result["orders"]]
    assert all(re.fullmatch(rf"DH{today}\d{{4}}", n) for n in numbers)
    assert len(set(numbers)) == 3
    assert re.fullmatch(rf"TT{today}\d{{4}}", result["paymentGroup"]["number"])


def test_completing_twice_returns_the_same_orders(gql):
    buyer = UserFactory()
    variant, _ = seller_variant(stock=5)
    checkout = ready_checkout(buyer, [(variant, 2)])
    first = complete(gql.login(buyer), checkout)
    second = complete(gql, checkout)
    assert second["errors"] == []
    assert second["paymentGroup"]["number"] == first["paymentGroup"]["number"]
    assert [o["number"] for o in second["orders"]] == [o["number"] for o in first["orders"]]
    assert Order.objects.count() == 1
    assert ProductVariant.objects.get(pk=variant.pk).stock == 3


def test_a_short_line_fails_the_whole_checkout_and_names_every_short_line(gql):
    buyer = UserFactory()
    tea, _ = seller_variant(stock=10)
    honey, _ = seller_variant(stock=3)
    noodles, _ = seller_variant(stock=2)
    checkout = ready_checkout(buyer, [(tea, 2), (honey, 3), (noodles, 2)])
    ProductVariant.objects.filter(pk=honey.pk).update(stock=1)
    ProductVariant.objects.filter(pk=noodles.pk).update(stock=0)

    result = complete(gql.login(buyer), checkout)

    assert result["paymentGroup"] is None
    assert [e["code"] for e in result["errors"]] == ["INSUFFICIENT_STOCK", "INSUFFICIENT_STOCK"]
    messages = " ".join(e["message"] for e in result["errors"])
    assert honey.product.name in messages and noodles.product.name in messages
    assert Order.objects.count() == 0 and PaymentGroup.objects.count() == 0
    assert ProductVariant.objects.get(pk=tea.pk).stock == 10
    assert Checkout.objects.get(pk=checkout.pk).completed_at is None


def test_a_price_change_is_shown_before_the_buyer_is_charged_it(gql):
    buyer = UserFactory()
    variant, _ = seller_variant(price=50_000)
    checkout = ready_checkout(buyer, [(variant, 2)])
    ProductVariant.objects.filter(pk=variant.pk).update(price=60_000)
    refused = complete(gql.login(buyer), checkout)
    assert [e["code"] for e in refused["errors"]] == ["PRICE_CHANGED"]
    accepted = complete(gql, checkout)
    assert accepted["errors"] == []
    assert accepted["orders"][0]["subtotal"] == 120_000


def test_an_address_is_required(gql):
    buyer = UserFactory()
    variant, _ = seller_variant()
    checkout = checkout_create(user=buyer, lines=[(variant.pk, 1)])
    result = complete(gql.login(buyer), checkout)
    assert result["errors"][0]["code"] == "SHIPPING_ADDRESS_REQUIRED"


def test_an_empty_cart_cannot_be_ordered(gql):
    buyer = UserFactory()
    variant, _ = seller_variant()
    checkout = ready_checkout(buyer, [(variant, 1)])
    checkout.lines.all().delete()
    assert complete(gql.login(buyer), checkout)["errors"][0]["code"] == "EMPTY_CHECKOUT"


def test_a_method_without_a_provider_is_refused(gql, settings):
    settings.PAYMENT_PROVIDERS = {"cod": "payments.providers.CashOnDelivery"}
    buyer = UserFactory()
    variant, _ = seller_variant()
    result = complete(gql.login(buyer), ready_checkout(buyer, [(variant, 1)]), method="WALLET")
    assert result["errors"][0]["code"] == "PAYMENT_METHOD_UNAVAILABLE"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10


def test_a_prepaid_method_waits_for_payment_until_the_deadline(gql, settings):
    settings.ORDER_PAYMENT_TIMEOUT_MINUTES = 30
    buyer = UserFactory()
    variant, _ = seller_variant()
    before = timezone.now()
    result = complete(gql.login(buyer), ready_checkout(buyer, [(variant, 1)]), method="VNPAY")
    assert result["paymentGroup"]["status"] == "AWAITING_PAYMENT"
    assert result["orders"][0]["status"] == "AWAITING_PAYMENT"
    assert result["payment"]["redirectUrl"].endswith(result["paymentGroup"]["number"])
    group = PaymentGroup.objects.get()
    assert 29 * 60 <= (group.expires_at - before).total_seconds() <= 31 * 60


def test_an_anonymous_buyer_orders_and_follows_the_orders_with_the_cart_token(gql):
    variant, _ = seller_variant()
    checkout = ready_checkout(None, [(variant, 1)])
    result = complete(gql, checkout)
    assert result["errors"] == []
    assert Order.objects.get().buyer is None
    followed = gql(
        "query($id: ID!) { checkout(token: $id) { isCompleted paymentGroup { number orders { number status } } } }",
        {"id": str(checkout.token)},
    )["data"]["checkout"]
    assert followed["isCompleted"] is True
    assert followed["paymentGroup"]["orders"] == [{"number": Order.objects.get().number, "status": "PLACED"}]


def test_a_buyer_who_signed_in_after_filling_a_visitors_cart_owns_the_orders(gql):
    variant, _ = seller_variant()
    checkout = ready_checkout(None, [(variant, 1)])
    buyer = UserFactory()
    assert complete(gql.login(buyer), checkout)["errors"] == []
    assert Order.objects.get().buyer == buyer


def test_a_completed_cart_cannot_change(gql):
    buyer = UserFactory()
    variant, _ = seller_variant()
    checkout = ready_checkout(buyer, [(variant, 1)])
    complete(gql.login(buyer), checkout)
    result = gql(
        """mutation($id: ID!, $lines: [CheckoutLineInput!]!) {
             checkoutLinesAdd(token: $id, lines: $lines) { errors { code } } }""",
        {"id": str(checkout.token), "lines": [{"variant": "UHJvZHVjdFZhcmlhbnQ6MQ==", "quantity": 1}]},
    )
    assert result["data"]["checkoutLinesAdd"]["errors"][0]["code"] == "CHECKOUT_COMPLETED"


def test_placing_writes_an_event_and_notifies_buyer_and_seller(gql, django_capture_on_commit_callbacks):
    buyer = UserFactory(email="mai@example.vn")
    variant, _ = seller_variant()
    checkout = ready_checkout(buyer, [(variant, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        complete(gql.login(buyer), checkout)
    order = Order.objects.get()
    event = OrderEvent.objects.get(order=order)
    assert (event.from_status, event.to_status, event.actor) == ("", "placed", buyer)
    (sent,) = MemoryBackend.outbox
    assert sent.event == "placed" and sent.order_number == order.number
    assert set(sent.phones) == {"+84912345678", variant.business.phone}
    assert "mai@example.vn" in sent.emails


def test_sold_stock_is_queued_for_the_search_index(gql, settings):
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_OUTBOX_INLINE = False
    buyer = UserFactory()
    variant, _ = seller_variant()
    complete(gql.login(buyer), ready_checkout(buyer, [(variant, 1)]))
    assert IndexChange.objects.filter(kind="product", object_id=variant.product_id).exists()


def test_money_adds_up_on_every_order(gql):
    buyer = UserFactory()
    variants = [seller_variant(price=p)[0] for p in (33_333, 99_999, 1)]
    complete(gql.login(buyer), ready_checkout(buyer, [(v, 3) for v in variants]))
    for order in Order.objects.all():
        assert order.total == order.subtotal + order.delivery_fee
        assert order.seller_net == order.total - order.commission
        assert order.subtotal == order.lines.aggregate(s=Sum("line_total"))["s"]
    assert PaymentGroup.objects.get().amount == Order.objects.aggregate(s=Sum("total"))["s"]
