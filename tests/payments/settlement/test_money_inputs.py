"""What people type into the money mutations (probe F-low-1, F-low-2, F-low-3): refused with a
field error past its limit, never cut; errors name the mutation's arguments; a repeated
codCollected with another amount is refused."""

import pytest

from marketplace.accounts.models import User
from marketplace.graphql.ids import encode_id
from payments.settlement.cod import cod_collected
from payments.settlement.errors import CodAmountMismatch
from payments.settlement.models import Payout, Refund
from payments.settlement.payouts import payout_run
from tests.factories import UserFactory
from tests.payments.settlement.helpers import (
    bank_accounts_for_all,
    committed,
    completed_order,
    deliver,
    owner_of,
    paid_order,
    placed_order,
)

pytestmark = pytest.mark.django_db

CREATE = """mutation($id: ID!, $reason: String!, $amount: Int) {
    refundCreate(orderId: $id, amount: $amount, reason: $reason) { errors { field code message } refund { id } } }"""
MARK = """mutation($id: ID!, $reference: String, $note: String) {
    refundMark(refundId: $id, outcome: SENT, reference: $reference, note: $note) {
        errors { field code message } refund { status reference } } }"""
PAYOUT_MARK = """mutation($id: ID!, $reference: String, $note: String) {
    payoutMark(payoutId: $id, outcome: PAID, reference: $reference, note: $note) {
        errors { field code message } payout { status } } }"""


def test_a_refund_reason_past_500_characters_is_refused(gql):
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    client = gql.login(owner_of(order))
    variables = {"id": encode_id("Order", order.pk), "amount": 1_000, "reason": "x" * 501}
    errors = client(CREATE, variables)["data"]["refundCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("reason", "TOO_LONG")]
    assert "500" in errors[0]["message"]
    assert not Refund.objects.exists()
    assert (
        committed(lambda: client(CREATE, {**variables, "reason": "x" * 500}))["data"]["refundCreate"][
            "errors"
        ]
        == []
    )


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\x07"])
def test_a_refund_reason_with_hidden_characters_is_refused_but_line_breaks_are_kept(gql, hidden):
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    client = gql.login(owner_of(order))
    variables = {"id": encode_id("Order", order.pk), "amount": 1_000, "reason": f"Thiếu{hidden} hàng"}
    errors = client(CREATE, variables)["data"]["refundCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("reason", "INVISIBLE_CHARACTERS")]
    assert not Refund.objects.exists()
    answer = committed(lambda: client(CREATE, {**variables, "reason": "Thiếu 1 gói\nvỡ 1 hũ"}))
    assert answer["data"]["refundCreate"]["errors"] == []


def test_refund_create_errors_name_the_order_id_argument(gql):
    order, _buyer = paid_order(price=50_000, delivery="pickup", method="cod")
    client = gql.login(owner_of(order))
    errors = client(CREATE, {"id": encode_id("Order", order.pk), "reason": "x"})["data"]["refundCreate"][
        "errors"
    ]
    assert errors[0]["field"] == "orderId"
    _other, stranger = __import__("tests.factories", fromlist=["business_with_owner"]).business_with_owner()
    errors = gql.login(stranger)(CREATE, {"id": encode_id("Order", order.pk), "reason": "x"})["data"][
        "refundCreate"
    ]["errors"]
    assert (errors[0]["field"], errors[0]["code"]) == ("orderId", "ORDER_NOT_FOUND")


def test_refund_mark_refuses_a_long_reference_or_note_instead_of_cutting_it(gql):
    order, _buyer = paid_order(price=50_000, delivery="pickup", method="bank_transfer")
    refund = committed(
        lambda: __import__("payments.settlement.refunds", fromlist=["x"]).refund_create(
            user=owner_of(order), order_id=order.pk, amount=1_000, reason="thiếu"
        )
    )
    client = gql.login(UserFactory(role=User.Role.FINANCE))
    variables = {"id": encode_id("Refund", refund.pk), "reference": "FT" + "9" * 63, "note": ""}
    errors = client(MARK, variables)["data"]["refundMark"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("reference", "TOO_LONG")]
    errors = client(MARK, {**variables, "reference": "FT9", "note": "n" * 501})["data"]["refundMark"][
        "errors"
    ]
    assert [(e["field"], e["code"]) for e in errors] == [("note", "TOO_LONG")]
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.PENDING
    done = client(MARK, {**variables, "reference": "FT" + "9" * 62})["data"]["refundMark"]
    assert done["refund"] == {"status": "SUCCEEDED", "reference": "FT" + "9" * 62}


def test_payout_mark_refuses_a_long_reference_or_note(gql, monkeypatch):
    bank_accounts_for_all(monkeypatch)
    completed_order(kind="enterprise", price=100_000, delivery="pickup")
    fin = UserFactory(role=User.Role.FINANCE)
    payout = payout_run(user=fin).batch.payouts.get()
    client = gql.login(fin)
    variables = {"id": encode_id("Payout", payout.pk), "reference": "F" * 65}
    errors = client(PAYOUT_MARK, variables)["data"]["payoutMark"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("reference", "TOO_LONG")]
    errors = client(PAYOUT_MARK, {**variables, "reference": "FT9", "note": "n" * 501})["data"]["payoutMark"][
        "errors"
    ]
    assert [(e["field"], e["code"]) for e in errors] == [("note", "TOO_LONG")]
    assert Payout.objects.get(pk=payout.pk).status == Payout.Status.PENDING


def test_a_repeated_cod_collected_with_another_amount_is_refused():
    order, _buyer = placed_order(method="cod", price=100_000, delivery="pickup")
    deliver(order)
    first = cod_collected(user=owner_of(order), order_id=order.pk, amount=100_000)
    with pytest.raises(CodAmountMismatch):
        cod_collected(user=owner_of(order), order_id=order.pk, amount=1_000)
    assert cod_collected(user=owner_of(order), order_id=order.pk, amount=100_000).pk == first.pk
