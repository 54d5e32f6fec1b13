"""Every object reachable by a nested path is one its own root query would show the same caller.

The queries are built from the schema itself (every field without required arguments, every
object type to a bounded depth), so a field added later is walked too. For each role, each root
(`order`, `checkout`, `business`, `product`) is asked about every such object in the data; each
Order, Business, Product (or any other relay Node) found below a root is then looked up through
`order(id:)`, `business(id:)`, `product(id:)` or `node(id:)` as the same caller, which must
return it."""

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, is_leaf_type

from catalog.models import Product
from marketplace.businesses.models import Business, BusinessMember
from marketplace.businesses.services import business_suspend
from marketplace.graphql.ids import encode_id
from marketplace.graphql.schema import schema
from orders.models import Checkout, Order
from orders.services.complete import checkout_complete
from tests.factories import OfficerFactory, ProductFactory, UserFactory, VariantFactory, business_with_owner
from tests.orders.conftest import _orders_settings  # noqa: F401 (the order flow's settings)
from tests.orders.helpers import ready_checkout, seller_variant

pytestmark = pytest.mark.django_db

MAX_DEPTH = 6
MAX_VISITS_PER_TYPE = 2  # Order → paymentGroup → orders → paymentGroup, then stop
LOOKUP = {
    "Order": "query($id: ID!, $token: ID) { found: order(id: $id, checkoutToken: $token) { id } }",
    "Business": "query($id: ID!) { found: business(id: $id) { id } }",
    "Product": "query($id: ID!) { found: product(id: $id) { id } }",
}
NODE_LOOKUP = "query($id: ID!) { found: node(id: $id) { id } }"


def _unwrap(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def selection(type_: GraphQLObjectType, path: tuple[str, ...] = ()) -> str:
    """Every argument-free field of `type_`, nested object types expanded to a bounded depth."""
    parts = ["__typename"]
    path = (*path, type_.name)
    for name, field in type_.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        inner = _unwrap(field.type)
        if is_leaf_type(inner):
            parts.append(name)
        elif (
            isinstance(inner, GraphQLObjectType)
            and len(path) < MAX_DEPTH
            and path.count(inner.name) < MAX_VISITS_PER_TYPE
        ):
            parts.append(f"{name} {{ {selection(inner, path)} }}")
    return " ".join(parts)


def root_query(field: str, argument: str) -> str:
    root_type = _unwrap(schema.graphql_schema.query_type.fields[field].type)
    return f"query($key: ID!) {{ root: {field}({argument}: $key) {{ {selection(root_type)} }} }}"


def nested_objects(value, *, top=True):
    """(type name, global id) of every identified object below the root object."""
    if isinstance(value, list):
        for item in value:
            yield from nested_objects(item, top=False)
    elif isinstance(value, dict):
        if not top and value.get("id") and value.get("__typename"):
            yield value["__typename"], value["id"]
        for child in value.values():
            yield from nested_objects(child, top=False)


def is_node_type(name: str) -> bool:
    return any(interface.name == "Node" for interface in schema.graphql_schema.type_map[name].interfaces)


@pytest.fixture
def marketplace():
    """Two approved sellers sharing one buyer's payment, a pending and a suspended seller, carts
    (a visitor's too) and orders."""
    variant_a, owner_a = seller_variant()
    variant_b, owner_b = seller_variant()
    staff_b = UserFactory()
    BusinessMember.objects.create(business=variant_b.business, user=staff_b, role="staff")
    pending_business, _ = business_with_owner(status=Business.Status.PENDING)
    VariantFactory(product=ProductFactory(business=pending_business, status=Product.Status.PENDING))
    buyer, other_buyer = UserFactory(), UserFactory()
    shared = ready_checkout(buyer, [(variant_a, 1), (variant_b, 1)])
    checkout_complete(user=buyer, token=str(shared.token), payment_method="cod")
    other = ready_checkout(other_buyer, [(variant_b, 2)])
    checkout_complete(user=other_buyer, token=str(other.token), payment_method="cod")
    guest = ready_checkout(None, [(variant_a, 1), (variant_b, 1)])
    checkout_complete(user=None, token=str(guest.token), payment_method="cod")
    # A seller suspended after the buyer ordered: the buyer's order history still names it.
    variant_d, _ = seller_variant()
    bought = ready_checkout(buyer, [(variant_d, 1)])
    checkout_complete(user=buyer, token=str(bought.token), payment_method="cod")
    ready_checkout(other_buyer, [(variant_d, 1)])  # in a cart when its seller is suspended
    officer = OfficerFactory()
    business_suspend(officer=officer, business_id=variant_d.business_id, reason="Kiểm tra vệ sinh")
    ready_checkout(buyer, [(variant_a, 1), (variant_b, 1)])  # the buyer's next, open cart
    return {
        "anonymous": None,
        "buyer": buyer,
        "other buyer": other_buyer,
        "seller A owner": owner_a,
        "seller B staff": staff_b,
        "officer": officer,
    }


def roots():
    """(root field, argument, key, the checkout token that key proves) for every object."""
    for order in Order.objects.all():
        yield "order", "id", encode_id("Order", order.pk), None
    for checkout in Checkout.objects.all():
        yield "checkout", "token", str(checkout.token), str(checkout.token)
    for business in Business.objects.all():
        yield "business", "id", encode_id("Business", business.pk), None
    for product in Product.objects.all():
        yield "product", "id", encode_id("Product", product.pk), None


def test_every_nested_object_is_one_its_root_query_shows_the_same_caller(gql, marketplace):
    queries = {
        field: root_query(field, arg)
        for field, arg in {"order": "id", "checkout": "token", "business": "id", "product": "id"}.items()
    }
    leaks, walked = [], set()
    for role, user in marketplace.items():
        client = gql.login(user) if user else gql.logout()
        for field, _, key, token in roots():
            body = client(queries[field], {"key": key}, allow_errors=True)
            # Only "not yours" may come back as an error: a query refused for its size walks nothing.
            codes = {error["extensions"]["code"] for error in body.get("errors", [])}
            assert codes <= {"CHECKOUT_NOT_FOUND"}, (role, field, body["errors"])
            root = (body.get("data") or {}).get("root")
            for type_name, object_id in set(nested_objects(root)):
                if type_name not in LOOKUP and not is_node_type(type_name):
                    continue
                walked.add(type_name)
                lookup = LOOKUP.get(type_name, NODE_LOOKUP)
                variables = {"id": object_id, **({"token": token} if type_name == "Order" else {})}
                if client(lookup, variables, allow_errors=True)["data"]["found"] is None:
                    leaks.append((role, f"{field}({key})", type_name, object_id))
    assert leaks == []
    # The walk really went through the shapes that leaked before.
    assert {"Order", "Business", "ProductVariant"} <= walked


def test_a_seller_does_not_see_another_sellers_order_in_a_shared_payment_group(gql, marketplace):
    owner_a = marketplace["seller A owner"]
    buyer = marketplace["buyer"]
    order_a = Order.objects.get(buyer=buyer, business__memberships__user=owner_a)
    query = """query($id: ID!) { order(id: $id) { paymentGroup { orders {
        number business { name } shippingAddress { recipientPhone } } } } }"""
    shown = gql.login(owner_a)(query, {"id": encode_id("Order", order_a.pk)})["data"]["order"]
    assert [o["number"] for o in shown["paymentGroup"]["orders"]] == [order_a.number]
    everything = gql.login(buyer)(query, {"id": encode_id("Order", order_a.pk)})["data"]["order"]
    assert len(everything["paymentGroup"]["orders"]) == 2


def test_a_seller_is_not_told_what_the_buyer_paid_the_other_sellers(gql, marketplace):
    owner_a, buyer = marketplace["seller A owner"], marketplace["buyer"]
    order_a = Order.objects.get(buyer=buyer, business__memberships__user=owner_a)
    query = "query($id: ID!) { order(id: $id) { total paymentGroup { amount } } }"

    seller_view = gql.login(owner_a)(query, {"id": encode_id("Order", order_a.pk)})["data"]["order"]
    buyer_view = gql.login(buyer)(query, {"id": encode_id("Order", order_a.pk)})["data"]["order"]

    assert seller_view == {"total": order_a.total, "paymentGroup": {"amount": None}}
    assert buyer_view["paymentGroup"]["amount"] == order_a.payment_group.amount > order_a.total


def test_node_applies_each_types_visibility_rule(gql, marketplace):
    hidden = Product.objects.get(status=Product.Status.PENDING)
    found = gql.logout()(NODE_LOOKUP, {"id": encode_id("Product", hidden.pk)})["data"]["found"]
    assert found is None
    variant = hidden.variants.get()
    assert gql(NODE_LOOKUP, {"id": encode_id("ProductVariant", variant.pk)})["data"]["found"] is None
    assert gql.login(marketplace["officer"])(NODE_LOOKUP, {"id": encode_id("Product", hidden.pk)})["data"][
        "found"
    ] == {"id": encode_id("Product", hidden.pk)}


def test_a_checkout_id_is_a_global_id_and_the_token_is_separate(gql, marketplace):
    buyer = marketplace["buyer"]
    cart = Checkout.objects.get(user=buyer, completed_at__isnull=True)
    query = "query($token: ID!) { checkout(token: $token) { id token } }"
    shown = gql.login(buyer)(query, {"token": str(cart.token)})["data"]["checkout"]
    assert shown == {"id": encode_id("Checkout", cart.pk), "token": str(cart.token)}
    assert gql(NODE_LOOKUP, {"id": shown["id"]})["data"]["found"] == {"id": shown["id"]}
    assert gql.login(marketplace["other buyer"])(NODE_LOOKUP, {"id": shown["id"]})["data"]["found"] is None


def test_node_answers_exactly_what_each_types_root_query_answers(gql, marketplace):
    node = "query($id: ID!) { found: node(id: $id) { id } }"
    disagreements = []
    for role, user in marketplace.items():
        client = gql.login(user) if user else gql.logout()
        for field, _, key, _ in roots():
            if field == "checkout":
                continue  # a cart's root takes its token; node(id:) is checked above
            type_name = field.capitalize()
            by_root = client(LOOKUP[type_name], {"id": key})["data"]["found"]
            by_node = client(node, {"id": key})["data"]["found"]
            if by_root != by_node:
                disagreements.append((role, type_name, key, by_root, by_node))
    assert disagreements == []


@pytest.mark.parametrize(
    "raw",
    ["", "!!!", "Og==", "a" * 10_000, ("Order", ""), ("Product", "abc"), ("Product", "1:2"), ("Foo", "1"),
     ("Query", "1"), ("Business", "-3")],
)  # fmt: skip
def test_node_with_a_malformed_or_foreign_id_is_invalid_id_not_an_internal_error(gql, raw):
    from graphql_relay import to_global_id

    global_id = to_global_id(*raw) if isinstance(raw, tuple) else raw
    body = gql.raw("query($id: ID!) { node(id: $id) { id } }", {"id": global_id}).json()

    assert body["data"] == {"node": None}
    assert [error["extensions"]["code"] for error in body["errors"]] == ["INVALID_ID"]
