"""paymentStart and paymentGroup follow the order rules: the whole group (and its attempts) is
its buyer's, its cart token holder's and officers'; a seller sees only its own part."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from marketplace.businesses.permissions import member_business_ids
from marketplace.graphql.ids import encode_id
from orders.models import PaymentGroup
from orders.services.complete import checkout_complete
from payments.vnpay.client import VNPayClient
from payments.vnpay.ipn import ipn_apply
from tests.factories import OfficerFactory, UserFactory
from tests.orders.helpers import ready_checkout, seller_variant
from tests.payments.vnpay.helpers import callback

pytestmark = pytest.mark.django_db

START = """mutation($id: ID!, $token: ID) { paymentStart(paymentGroupId: $id, checkoutToken: $token) {
  payment { redirectUrl qr { payload } instructions } paymentGroup { number status }
  errors { field code message } } }"""
GROUP = """query($id: ID!, $token: ID) { paymentGroup(id: $id, checkoutToken: $token) {
  id number status amount orders { number }
  attempts { reference status method amount responseCode resultMessage } } }"""


@pytest.fixture
def shared():
    """A buyer's group paying two sellers; returns (group, buyer, first seller's owner)."""
    buyer = UserFactory()
    (first, first_owner), (second, _owner) = seller_variant(price=40_000), seller_variant(price=60_000)
    checkout = ready_checkout(buyer, [(first, 1), (second, 1)], delivery="pickup")
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method="vnpay")
    return group, buyer, first_owner


def gid(group) -> str:
    return encode_id("PaymentGroup", group.pk)


def start(gql, group, token=None) -> dict:
    return gql(START, {"id": gid(group), "token": token})["data"]["paymentStart"]


def test_the_buyer_gets_a_signed_vnpay_url_and_the_same_one_again(gql, shared):
    group, buyer, _ = shared
    first = start(gql.login(buyer), group)
    assert first["errors"] == []
    url = first["payment"]["redirectUrl"]
    params = dict(parse_qsl(urlsplit(url).query))
    assert VNPayClient.from_settings().verify(params) and params["vnp_Amount"] == str(group.amount * 100)
    assert first["payment"]["qr"] is None
    assert start(gql, group)["payment"]["redirectUrl"] == url


def test_a_visitor_pays_with_the_carts_token_and_only_with_it(gql):
    variant, _ = seller_variant(price=40_000)
    checkout = ready_checkout(None, [(variant, 1)], delivery="pickup")
    checkout.email = "khach@example.vn"
    checkout.save(update_fields=["email"])
    group = checkout_complete(user=None, token=str(checkout.token), payment_method="vnpay")
    anonymous = start(gql, group)
    assert [e["code"] for e in anonymous["errors"]] == ["PAYMENT_GROUP_NOT_FOUND"]
    with_token = start(gql, group, token=str(group.checkout.token))
    assert with_token["errors"] == [] and with_token["payment"]["redirectUrl"]
    other = start(gql, group, token="00000000-0000-0000-0000-000000000000")
    assert [e["code"] for e in other["errors"]] == ["PAYMENT_GROUP_NOT_FOUND"]
    data = gql(GROUP, {"id": gid(group), "token": str(checkout.token)})["data"]["paymentGroup"]
    assert len(data["attempts"]) == 1 and data["amount"] == group.amount


def test_a_seller_of_one_order_may_not_start_the_buyers_payment(gql, shared):
    group, _, seller = shared
    answer = start(gql.login(seller), group)
    assert [e["code"] for e in answer["errors"]] == ["PERMISSION_DENIED"]
    assert answer["payment"] is None


def test_another_buyer_finds_nothing(gql, shared):
    group, _, _ = shared
    gql.login(UserFactory())
    assert [e["code"] for e in start(gql, group)["errors"]] == ["PAYMENT_GROUP_NOT_FOUND"]
    assert gql(GROUP, {"id": gid(group)})["data"]["paymentGroup"] is None


def test_a_paid_group_cannot_be_started_again(gql, shared):
    group, buyer, _ = shared
    attempt = group.attempts.get()
    assert ipn_apply(callback(attempt)) == "00"
    answer = start(gql.login(buyer), group)
    assert [e["code"] for e in answer["errors"]] == ["PAYMENT_GROUP_NOT_PAYABLE"]
    assert "không còn chờ trả tiền" in answer["errors"][0]["message"]


def test_a_cash_on_delivery_group_is_not_started_here(gql):
    buyer = UserFactory()
    variant, _ = seller_variant(price=40_000)
    checkout = ready_checkout(buyer, [(variant, 1)], delivery="pickup")
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method="cod")
    assert [e["code"] for e in start(gql.login(buyer), group)["errors"]] == ["PAYMENT_GROUP_NOT_PAYABLE"]


def test_the_buyer_reads_the_group_with_its_attempts(gql, shared):
    group, buyer, _ = shared
    attempt = group.attempts.get()
    ipn_apply(callback(attempt, code="51"))
    data = gql.login(buyer)(GROUP, {"id": gid(group)})["data"]["paymentGroup"]
    assert (data["id"], data["status"], data["amount"]) == (gid(group), "AWAITING_PAYMENT", group.amount)
    assert data["attempts"] == [
        {
            "reference": attempt.reference,
            "status": "FAILED",
            "method": "VNPAY",
            "amount": group.amount,
            "responseCode": "51",
            "resultMessage": "Tài khoản không đủ số dư để thanh toán.",
        }
    ]


def test_a_seller_reads_only_its_part_and_no_attempts(gql, shared):
    group, _, seller = shared
    data = gql.login(seller)(GROUP, {"id": gid(group)})["data"]["paymentGroup"]
    mine = group.orders.get(business__in=member_business_ids(seller))
    assert [o["number"] for o in data["orders"]] == [mine.number]
    assert (data["amount"], data["attempts"]) == (None, [])


def test_an_officer_reads_everything(gql, shared):
    group, _, _ = shared
    data = gql.login(OfficerFactory())(GROUP, {"id": gid(group)})["data"]["paymentGroup"]
    assert len(data["orders"]) == 2 and len(data["attempts"]) == 1


@pytest.mark.parametrize("role", ["trade_officer", "finance"])
def test_officers_and_finance_read_the_group_but_never_start_its_payment(gql, shared, role):
    group, _, _ = shared
    before = list(group.attempts.values_list("reference", flat=True))
    answer = start(gql.login(UserFactory(role=role)), group)
    assert [e["code"] for e in answer["errors"]] == ["PERMISSION_DENIED"]
    assert list(group.attempts.values_list("reference", flat=True)) == before


def test_a_malformed_id_is_invalid_id(gql, shared):
    answer = gql(START, {"id": encode_id("Order", 1)})["data"]["paymentStart"]
    assert [e["code"] for e in answer["errors"]] == ["INVALID_ID"]


ORDERS = "{ orders(first: 20) { edges { node { paymentGroup { number attempts { reference status } } } } } }"


def test_attempts_of_a_page_of_orders_cost_one_query(gql, django_assert_max_num_queries):
    buyer = UserFactory()
    for _ in range(3):
        variant, _ = seller_variant(price=40_000)
        checkout = ready_checkout(buyer, [(variant, 1)], delivery="pickup")
        checkout_complete(user=buyer, token=str(checkout.token), payment_method="vnpay")
    gql.login(buyer)
    one_group = PaymentGroup.objects.count()
    assert one_group == 3
    with django_assert_max_num_queries(12) as captured:
        edges = gql(ORDERS)["data"]["orders"]["edges"]
    assert len(edges) == 3 and all(len(e["node"]["paymentGroup"]["attempts"]) == 1 for e in edges)
    attempt_queries = [q for q in captured.captured_queries if "payments_paymentattempt" in q["sql"]]
    assert len(attempt_queries) == 1


def test_starting_again_and_reading_the_group_cost_pinned_queries(gql, shared, django_assert_num_queries):
    group, buyer, _ = shared
    gql.login(buyer)
    # Start: the group, the user, their businesses, may-read; then, in a savepoint, the group's
    # lock and the live attempt with its group.
    with django_assert_num_queries(QUERIES_START):
        assert start(gql, group)["errors"] == []
    # Read: the same four, the orders with their lines and events, the attempts in one query.
    with django_assert_num_queries(QUERIES_GROUP):
        assert len(gql(GROUP, {"id": gid(group)})["data"]["paymentGroup"]["attempts"]) == 1


QUERIES_START = 8
QUERIES_GROUP = 8
