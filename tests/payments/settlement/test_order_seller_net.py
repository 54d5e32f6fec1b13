"""`Order.sellerNet` / `Order.commission` are the estimate made at checkout (before withholding
and refunds) and say so, pointing at `settlement`, whose figures are what the ledger credits
the seller: the seller's screens never present the estimate as the amount received."""

import pytest

from marketplace.graphql.ids import encode_id
from payments.settlement.refunds import refund_create
from tests.payments.settlement.helpers import committed, deliver, paid_order, payable

pytestmark = pytest.mark.django_db

QUERY = """query($id: ID!) { order(id: $id) { total commission sellerNet
    settlement { commission sellerNet vatWithheld pitWithheld } } }"""
DESCRIPTIONS = """{ __type(name: "Order") { fields { name description } } }"""


def test_the_order_estimate_says_so_and_the_settlement_matches_the_ledger(gql):
    from orders.services.lifecycle import order_complete

    order, buyer = paid_order(kind="household", price=100_000, delivery="post")
    owner = order.business.members.first()
    committed(refund_create, user=owner, order_id=order.pk, amount=10_000, reason="Thiếu hàng")
    deliver(order)
    order_complete(user=buyer, order_id=order.pk)

    data = gql.login(owner)(QUERY, {"id": encode_id("Order", order.pk)})["data"]["order"]
    assert data["sellerNet"] == data["total"] - data["commission"]  # the checkout estimate
    assert data["settlement"]["sellerNet"] == payable(order.business_id) < data["sellerNet"]
    assert data["settlement"]["commission"] < data["commission"]  # refunded goods bear none

    fields = {f["name"]: f["description"] for f in gql(DESCRIPTIONS)["data"]["__type"]["fields"]}
    for name, settled in (("sellerNet", "`settlement.sellerNet`"), ("commission", "`settlement.commission`")):
        assert "ước tính" in fields[name].lower() and settled in fields[name]
    assert "chưa trừ thuế khấu trừ và hoàn tiền" in fields["sellerNet"]
