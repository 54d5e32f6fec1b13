"""refundCreate's idempotency key (review F3): a retried request refunds once."""

import pytest

from marketplace.graphql.ids import encode_id
from payments.settlement.errors import RefundIdempotencyConflict
from payments.settlement.models import Refund
from payments.settlement.refunds import refund_create
from tests.payments.settlement.helpers import GatewayTestProvider, balance, committed, owner_of, paid_order

pytestmark = pytest.mark.django_db


def test_the_same_refund_request_retried_with_its_key_refunds_once():
    order, _buyer = paid_order(price=100_000, delivery="post")
    made = [
        committed(
            refund_create,
            user=owner_of(order),
            order_id=order.pk,
            amount=20_000,
            reason="Thiếu 1 kg",
            idempotency_key="app-42",
        )
        for _ in range(2)
    ]
    assert made[0].pk == made[1].pk
    assert Refund.objects.filter(order=order, status=Refund.Status.SUCCEEDED).count() == 1
    assert balance("escrow") == 110_000


def test_a_key_reused_with_other_fields_is_refused():
    order, _buyer = paid_order(price=100_000, delivery="post")
    owner = owner_of(order)
    committed(
        refund_create, user=owner, order_id=order.pk, amount=20_000, reason="Thiếu", idempotency_key="k1"
    )
    with pytest.raises(RefundIdempotencyConflict):
        refund_create(user=owner, order_id=order.pk, amount=25_000, reason="Thiếu", idempotency_key="k1")
    with pytest.raises(RefundIdempotencyConflict):
        refund_create(user=owner, order_id=order.pk, amount=20_000, reason="Khác", idempotency_key="k1")
    # Another key is another refund.
    committed(
        refund_create, user=owner, order_id=order.pk, amount=20_000, reason="Thiếu", idempotency_key="k2"
    )
    assert Refund.objects.filter(order=order).count() == 2


def test_a_full_refund_replayed_after_the_order_was_cancelled_returns_the_first(gql):
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    mutation = """mutation($id: ID!, $key: String) {
        refundCreate(orderId: $id, reason: "Hết hàng", idempotencyKey: $key) {
            errors { field code } refund { id } } }"""
    variables = {"id": encode_id("Order", order.pk), "key": "k-full"}
    client = gql.login(owner_of(order))
    first = committed(lambda: client(mutation, variables))["data"]["refundCreate"]
    again = committed(lambda: client(mutation, variables))["data"]["refundCreate"]
    assert first["errors"] == [] and again == first
    conflict = client(mutation.replace("Hết hàng", "Khác"), variables)["data"]["refundCreate"]
    assert conflict["errors"] == [{"field": "idempotencyKey", "code": "REFUND_IDEMPOTENCY_CONFLICT"}]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_repeats_of_one_keyed_request_make_one_refund():
    from tests.parallel import run_in_parallel

    GatewayTestProvider.answer = "later"
    order, _buyer = paid_order(price=100_000, delivery="post")
    owner = owner_of(order)
    results = run_in_parallel(
        *[
            lambda: refund_create(
                user=owner, order_id=order.pk, amount=20_000, reason="Thiếu", idempotency_key="k"
            )
            for _ in range(4)
        ]
    )
    assert all(isinstance(r, Refund) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Refund.objects.filter(order=order).count() == 1
