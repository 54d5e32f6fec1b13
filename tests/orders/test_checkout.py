"""The cart through the API: lines, validation, grouping by seller, address, delivery, sign-in."""

import pytest

from catalog.models import Product, ProductVariant
from marketplace.businesses.models import Business
from marketplace.errors import DomainError
from marketplace.graphql.ids import encode_id
from orders.models import Checkout
from orders.services.complete import checkout_complete
from tests.factories import PASSWORD, UserFactory, VariantFactory, tuyen_quang_commune
from tests.orders.helpers import address, seller_variant

pytestmark = pytest.mark.django_db

CHECKOUT_FIELDS = """
    id token quantity subtotal deliveryTotal total priceChanged isCompleted
    shippingAddress { recipientName recipientPhone commune { code } streetLine }
    sellerGroups {
        business { id name }
        subtotal deliveryMethod deliveryFee total
        deliveryOptions { method fee }
        lines { id quantity unitPrice previousUnitPrice lineTotal productName variant { id } }
    }
"""
CREATE = f"""
mutation($lines: [CheckoutLineInput!]!) {{
  checkoutCreate(lines: $lines) {{ checkout {{ {CHECKOUT_FIELDS} }} errors {{ field code message }} }}
}}"""
ADD = f"""
mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(token: $id, lines: $lines) {{ checkout {{ {CHECKOUT_FIELDS} }} errors {{ field code message }} }}
}}"""
UPDATE = f"""
mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesUpdate(token: $id, lines: $lines) {{ checkout {{ {CHECKOUT_FIELDS} }} errors {{ field code }} }}
}}"""
DELETE = """
mutation($id: ID!, $lineIds: [ID!]!) {
  checkoutLinesDelete(token: $id, lineIds: $lineIds) { checkout { quantity } errors { field code } }
}"""
ADDRESS = """
mutation($id: ID!, $address: ShippingAddressInput!) {
  checkoutShippingAddressUpdate(token: $id, address: $address) {
    checkout { shippingAddress { recipientPhone commune { code } } } errors { field code message }
  }
}"""
DELIVERY = """
mutation($id: ID!, $business: ID!, $method: DeliveryMethod!) {
  checkoutDeliveryMethodUpdate(token: $id, business: $business, method: $method) {
    checkout { deliveryTotal total sellerGroups { deliveryMethod deliveryFee } } errors { field code }
  }
}"""
QUERY = f"query($id: ID!) {{ checkout(token: $id) {{ {CHECKOUT_FIELDS} }} }}"


def line(variant, quantity):
    return {"variant": encode_id("ProductVariant", variant.pk), "quantity": quantity}


def create(gql, *lines):
    return gql(CREATE, {"lines": [line(v, q) for v, q in lines]})["data"]["checkoutCreate"]


def test_adding_the_same_variant_again_increases_its_quantity(gql):
    variant, _ = seller_variant(stock=10, price=45_000)
    checkout = create(gql, (variant, 2))["checkout"]
    again = gql(ADD, {"id": checkout["token"], "lines": [line(variant, 3)]})["data"]["checkoutLinesAdd"]
    assert again["errors"] == []
    lines = again["checkout"]["sellerGroups"][0]["lines"]
    assert [(row["quantity"], row["lineTotal"]) for row in lines] == [(5, 225_000)]


@pytest.mark.parametrize("quantity", [0, -1, 1_001])
def test_quantities_outside_one_to_the_maximum_are_refused(gql, quantity):
    variant, _ = seller_variant(stock=5_000)
    result = create(gql, (variant, quantity))
    assert result["checkout"] is None
    assert result["errors"][0]["code"] == "INVALID_QUANTITY"
    assert Checkout.objects.count() == 0


def test_more_than_the_stock_is_refused_with_what_is_left(gql):
    variant, _ = seller_variant(stock=3)
    checkout = create(gql, (variant, 2))["checkout"]
    result = gql(ADD, {"id": checkout["token"], "lines": [line(variant, 2)]})["data"]["checkoutLinesAdd"]
    assert result["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert "3" in result["errors"][0]["message"]
    assert gql(QUERY, {"id": checkout["token"]})["data"]["checkout"]["quantity"] == 2


@pytest.mark.parametrize(
    "make_unavailable",
    [
        lambda v: Product.objects.filter(pk=v.product_id).update(status="hidden", is_public=False),
        lambda v: (
            Business.objects.filter(pk=v.business_id).update(status="suspended"),
            Product.objects.filter(pk=v.product_id).update(is_public=False),
        ),
    ],
    ids=["product hidden", "seller suspended"],
)
def test_products_not_on_sale_cannot_be_added(gql, make_unavailable):
    variant, _ = seller_variant()
    make_unavailable(variant)
    assert create(gql, (variant, 1))["errors"][0]["code"] == "PRODUCT_UNAVAILABLE"


def test_lines_are_grouped_by_seller_with_subtotals_fees_and_total(gql):
    tea, _ = seller_variant(price=150_000)
    honey, _ = seller_variant(price=400_000)
    Business.objects.filter(pk=honey.business_id).update(delivery_fee_post=25_000)
    checkout = create(gql, (tea, 2), (honey, 1))["checkout"]
    groups = {g["business"]["id"]: g for g in checkout["sellerGroups"]}
    tea_group = groups[encode_id("Business", tea.business_id)]
    honey_group = groups[encode_id("Business", honey.business_id)]
    assert (tea_group["subtotal"], tea_group["deliveryMethod"], tea_group["deliveryFee"]) == (
        300_000,
        "POST",
        30_000,
    )
    assert (honey_group["subtotal"], honey_group["deliveryFee"]) == (400_000, 25_000)
    assert {o["method"]: o["fee"] for o in honey_group["deliveryOptions"]} == {
        "SELLER": 15_000,
        "POST": 25_000,
        "PICKUP": 0,
    }
    assert (checkout["subtotal"], checkout["deliveryTotal"], checkout["total"]) == (700_000, 55_000, 755_000)
    assert checkout["quantity"] == 3


def test_choosing_pickup_for_one_seller_drops_its_fee(gql):
    tea, _ = seller_variant(price=150_000)
    honey, _ = seller_variant(price=400_000)
    checkout = create(gql, (tea, 1), (honey, 1))["checkout"]
    result = gql(
        DELIVERY,
        {"id": checkout["token"], "business": encode_id("Business", tea.business_id), "method": "PICKUP"},
    )["data"]["checkoutDeliveryMethodUpdate"]
    assert result["errors"] == []
    assert result["checkout"]["deliveryTotal"] == 30_000
    assert result["checkout"]["total"] == 580_000


def test_a_delivery_method_for_a_seller_not_in_the_cart_is_refused(gql):
    tea, _ = seller_variant()
    other, _ = seller_variant()
    checkout = create(gql, (tea, 1))["checkout"]
    result = gql(
        DELIVERY,
        {"id": checkout["token"], "business": encode_id("Business", other.business_id), "method": "SELLER"},
    )["data"]["checkoutDeliveryMethodUpdate"]
    assert result["errors"][0]["code"] == "SELLER_NOT_IN_CHECKOUT"


def test_a_changed_price_is_shown_next_to_the_old_one(gql):
    variant, _ = seller_variant(price=50_000)
    checkout = create(gql, (variant, 2))["checkout"]
    ProductVariant.objects.filter(pk=variant.pk).update(price=55_000)
    shown = gql(QUERY, {"id": checkout["token"]})["data"]["checkout"]
    row = shown["sellerGroups"][0]["lines"][0]
    assert shown["priceChanged"] is True
    assert (row["unitPrice"], row["previousUnitPrice"], row["lineTotal"]) == (55_000, 50_000, 110_000)


def refused_for_a_price_change(gql, *, old: int, new: int):
    """A signed-in buyer's cart whose completion was refused because the price went old → new."""
    buyer = UserFactory()
    variant, _ = seller_variant(price=old)
    checkout = create(gql.login(buyer), (variant, 2))["checkout"]
    row = Checkout.objects.get(user=buyer)
    address(row, buyer)
    ProductVariant.objects.filter(pk=variant.pk).update(price=new)
    with pytest.raises(DomainError) as refused:
        checkout_complete(user=buyer, token=str(row.token), payment_method="cod")
    assert refused.value.code == "PRICE_CHANGED"
    return buyer, variant, checkout, row


def shown_lines(gql, checkout) -> tuple[bool, list[tuple[int, int | None]]]:
    shown = gql(QUERY, {"id": checkout["token"]})["data"]["checkout"]
    rows = [line for group in shown["sellerGroups"] for line in group["lines"]]
    return shown["priceChanged"], [(row["unitPrice"], row["previousUnitPrice"]) for row in rows]


def test_after_a_refusal_for_a_price_change_the_cart_still_shows_old_and_new_prices(gql):
    _, _, checkout, _ = refused_for_a_price_change(gql, old=50_000, new=60_000)

    assert shown_lines(gql, checkout) == (True, [(60_000, 50_000)])
    assert shown_lines(gql, checkout) == (True, [(60_000, 50_000)])  # looking again changes nothing


def test_the_old_price_goes_once_the_buyer_changes_the_line(gql):
    _, variant, checkout, _ = refused_for_a_price_change(gql, old=50_000, new=60_000)

    gql(UPDATE, {"id": checkout["token"], "lines": [line(variant, 3)]})

    assert shown_lines(gql, checkout) == (False, [(60_000, None)])


def test_the_old_price_goes_once_the_buyer_orders_at_the_new_one(gql):
    buyer, _, _, row = refused_for_a_price_change(gql, old=50_000, new=60_000)

    group = checkout_complete(user=buyer, token=str(row.token), payment_method="cod")

    assert group.amount == 2 * 60_000 + group.orders.get().delivery_fee
    assert list(row.lines.values_list("unit_price", "previous_unit_price")) == [(60_000, None)]


def test_a_second_change_after_the_refusal_shows_the_price_last_seen(gql):
    buyer, variant, checkout, row = refused_for_a_price_change(gql, old=50_000, new=60_000)
    ProductVariant.objects.filter(pk=variant.pk).update(price=65_000)

    assert shown_lines(gql, checkout) == (True, [(65_000, 60_000)])


def test_updating_to_zero_removes_a_line_and_delete_removes_by_id(gql):
    tea, _ = seller_variant()
    honey, _ = seller_variant()
    checkout = create(gql, (tea, 1), (honey, 2))["checkout"]
    updated = gql(UPDATE, {"id": checkout["token"], "lines": [line(tea, 0), line(honey, 4)]})["data"]
    groups = updated["checkoutLinesUpdate"]["checkout"]["sellerGroups"]
    assert [row["quantity"] for g in groups for row in g["lines"]] == [4]
    line_id = groups[0]["lines"][0]["id"]
    deleted = gql(DELETE, {"id": checkout["token"], "lineIds": [line_id]})["data"]["checkoutLinesDelete"]
    assert deleted == {"checkout": {"quantity": 0}, "errors": []}


def test_the_shipping_address_takes_a_vietnamese_mobile_and_a_commune_of_the_province(gql):
    variant, _ = seller_variant()
    checkout = create(gql, (variant, 1))["checkout"]
    commune = tuyen_quang_commune()
    good = {
        "recipientName": "Hoàng Thị Mai",
        "recipientPhone": "0912 345 678",
        "provinceCode": commune.province_id,
        "communeCode": commune.code,
        "streetLine": "Tổ 5",
    }
    saved = gql(ADDRESS, {"id": checkout["token"], "address": good})["data"]["checkoutShippingAddressUpdate"]
    assert saved["checkout"]["shippingAddress"] == {
        "recipientPhone": "+84912345678",
        "commune": {"code": commune.code},
    }
    bad = {**good, "recipientPhone": "12345", "communeCode": "99999", "recipientName": " "}
    refused = gql(ADDRESS, {"id": checkout["token"], "address": bad})["data"]["checkoutShippingAddressUpdate"]
    assert {(e["field"], e["code"]) for e in refused["errors"]} == {
        ("recipientName", "REQUIRED"),
        ("recipientPhone", "INVALID_PHONE"),
        ("communeCode", "UNKNOWN_COMMUNE"),
    }
    assert Checkout.objects.get().recipient_phone == "+84912345678"  # the good address stays


def test_a_signed_in_buyers_cart_is_theirs_alone(gql):
    variant, _ = seller_variant()
    owner, stranger = UserFactory(), UserFactory()
    checkout = create(gql.login(owner), (variant, 1))["checkout"]
    result = gql.login(stranger)(QUERY, {"id": checkout["token"]}, allow_errors=True)
    assert result["data"]["checkout"] is None
    assert result["errors"][0]["extensions"]["code"] == "CHECKOUT_NOT_FOUND"
    added = gql(ADD, {"id": checkout["token"], "lines": [line(variant, 1)]})["data"]["checkoutLinesAdd"]
    assert added["errors"][0]["code"] == "CHECKOUT_NOT_FOUND"
    assert gql.logout()(QUERY, {"id": checkout["token"]}, allow_errors=True)["data"]["checkout"] is None


def test_a_signed_in_buyer_keeps_one_open_cart_across_devices(gql):
    tea, _ = seller_variant()
    honey, _ = seller_variant()
    buyer = UserFactory()
    first = create(gql.login(buyer), (tea, 1))["checkout"]
    second = create(gql, (honey, 2))["checkout"]
    assert first["id"] == second["id"]
    assert second["quantity"] == 3


def test_signing_in_merges_the_anonymous_cart_into_the_buyers_cart(gql):
    tea, _ = seller_variant()
    honey, _ = seller_variant()
    buyer = UserFactory()
    own = create(gql.login(buyer), (tea, 1))["checkout"]
    anonymous = create(gql.logout(), (tea, 2), (honey, 1))["checkout"]
    signed_in = gql(
        """mutation($phone: String!, $password: String!, $checkout: ID) {
             tokenCreate(identifier: $phone, password: $password, checkoutId: $checkout) { token errors { code } }
           }""",
        {"phone": buyer.phone, "password": PASSWORD, "checkout": anonymous["token"]},
    )["data"]["tokenCreate"]
    assert signed_in["errors"] == [] and signed_in["token"]
    merged = gql.login(buyer)(QUERY, {"id": own["token"]})["data"]["checkout"]
    quantities = {row["variant"]["id"]: row["quantity"] for g in merged["sellerGroups"] for row in g["lines"]}
    assert quantities == {encode_id("ProductVariant", tea.pk): 3, encode_id("ProductVariant", honey.pk): 1}
    assert not Checkout.objects.filter(token=anonymous["token"]).exists()


def test_a_stale_cart_token_does_not_stop_sign_in(gql):
    buyer = UserFactory()
    result = gql(
        """mutation($phone: String!, $password: String!) {
             tokenCreate(identifier: $phone, password: $password, checkoutId: "not-a-cart") { token errors { code } }
           }""",
        {"phone": buyer.phone, "password": PASSWORD},
    )["data"]["tokenCreate"]
    assert result["errors"] == [] and result["token"]


def test_an_unknown_or_malformed_cart_id_is_a_coded_error(gql):
    for bad in ("not-a-uuid", "0b6f2a8e-0000-4000-8000-000000000000"):
        result = gql(QUERY, {"id": bad}, allow_errors=True)
        assert result["errors"][0]["extensions"]["code"] == "CHECKOUT_NOT_FOUND"


def test_variant_of_unknown_id_type_is_refused(gql):
    variant = VariantFactory()
    result = gql(CREATE, {"lines": [{"variant": encode_id("Product", variant.product_id), "quantity": 1}]})
    assert result["data"]["checkoutCreate"]["errors"][0]["code"] == "INVALID_ID"


FEES = "query($id: ID!) { checkout(token: $id) { priceChanged total sellerGroups { deliveryFee previousDeliveryFee } } }"


def a_cart_then_the_seller_raises_its_post_fee(gql, *, old: int, new: int):
    buyer = UserFactory()
    variant, _ = seller_variant(price=50_000)
    Business.objects.filter(pk=variant.product.business_id).update(delivery_fee_post=old)
    create(gql.login(buyer), (variant, 1))
    row = Checkout.objects.get(user=buyer)
    address(row, buyer)
    Business.objects.filter(pk=variant.product.business_id).update(delivery_fee_post=new)
    return buyer, variant, row


def test_a_delivery_fee_raised_after_the_quote_is_refused_once_and_shown_then_charged(gql):
    buyer, _, row = a_cart_then_the_seller_raises_its_post_fee(gql, old=20_000, new=45_000)

    with pytest.raises(DomainError) as refused:
        checkout_complete(user=buyer, token=str(row.token), payment_method="cod")
    shown = gql(FEES, {"id": str(row.token)})["data"]["checkout"]
    group = checkout_complete(user=buyer, token=str(row.token), payment_method="cod")

    assert (refused.value.code, refused.value.field) == ("PRICE_CHANGED", "delivery")
    assert shown["priceChanged"] is True
    assert shown["sellerGroups"] == [{"deliveryFee": 45_000, "previousDeliveryFee": 20_000}]
    assert group.amount == 50_000 + 45_000 and group.orders.get().delivery_fee == 45_000
    assert row.deliveries.get().previous_fee is None  # ordered at the new fee: seen and accepted


def test_choosing_a_delivery_method_quotes_its_fee(gql):
    buyer, variant, row = a_cart_then_the_seller_raises_its_post_fee(gql, old=20_000, new=45_000)
    business_id = encode_id("Business", variant.product.business_id)

    gql(DELIVERY, {"id": str(row.token), "business": business_id, "method": "POST"})
    group = checkout_complete(user=buyer, token=str(row.token), payment_method="cod")

    assert group.orders.get().delivery_fee == 45_000  # shown when the buyer chose it: no refusal
