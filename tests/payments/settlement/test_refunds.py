"""Refunds: held in escrow when asked, posted when the gateway or operator confirms, voided when
they fail; never more than the order holds; only the seller (before shipping) or finance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.errors import PermissionDenied
from orders.errors import OrderNotFound
from orders.models import Order, PaymentGroup
from orders.services.lifecycle import order_cancel, order_complete
from orders.services.payment import payment_groups_expire
from payments.services.collect import Outcome, payment_collected
from payments.settlement.errors import (
    NothingToRefund,
    RefundAmountInvalid,
    RefundNotAllowedNow,
    RefundNotManual,
)
from payments.settlement.models import Refund
from payments.settlement.refunds import refund_create, refund_mark
from tests.factories import OfficerFactory, UserFactory, business_with_owner
from tests.parallel import run_in_parallel
from tests.payments.helpers import open_attempt
from tests.payments.settlement.helpers import (
    GatewayTestProvider,
    balance,
    committed,
    deliver,
    owner_of,
    paid_order,
    past_grace,
    payable,
    placed_order,
)

pytestmark = pytest.mark.django_db
S = Order.Status


def finance():
    return UserFactory(role=User.Role.FINANCE)


def test_the_seller_refunds_everything_before_shipping_and_the_order_is_refunded():
    order, _buyer = paid_order(price=100_000, delivery="post")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=None, reason="Hết hàng")
    refund.refresh_from_db()
    order.refresh_from_db()
    assert (refund.amount, refund.full, refund.status) == (130_000, True, Refund.Status.SUCCEEDED)
    assert refund.reference == f"RF{refund.pk}"
    assert order.status == S.REFUNDED
    assert balance("escrow") == 0
    assert balance("vnpay_clearing") == 0  # what came in through VNPay went back through it
    assert GatewayTestProvider.sent == [refund.pk]  # the cancellation's own refund found nothing left


def test_a_partial_refund_keeps_the_order_and_reduces_the_goods_first():
    order, buyer = paid_order(kind="household", price=100_000, delivery="post")
    committed(refund_create, user=owner_of(order), order_id=order.pk, amount=40_000, reason="Thiếu 2 kg")
    order.refresh_from_db()
    assert order.status == S.PAID
    assert "40.000" in order.events.last().note
    deliver(order)
    order_complete(user=buyer, order_id=order.pk)
    settlement = Order.objects.get(pk=order.pk).settlement
    assert (settlement.goods_base, settlement.delivery_base) == (60_000, 30_000)
    assert settlement.commission == 1_800
    assert (settlement.vat_withheld, settlement.pit_withheld) == (600 + 900, 300 + 450)
    assert payable(order.business_id) == 90_000 - 1_800 - 2_250
    assert balance("escrow") == 0


def test_a_refund_never_exceeds_what_the_order_still_holds():
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    owner = owner_of(order)
    with pytest.raises(RefundAmountInvalid):
        committed(refund_create, user=owner, order_id=order.pk, amount=50_001, reason="x")
    with pytest.raises(RefundAmountInvalid):
        committed(refund_create, user=owner, order_id=order.pk, amount=0, reason="x")
    committed(refund_create, user=owner, order_id=order.pk, amount=20_000, reason="x")
    with pytest.raises(RefundAmountInvalid) as error:
        committed(refund_create, user=owner, order_id=order.pk, amount=30_001, reason="x")
    assert "30.000" in str(error.value.message)
    committed(refund_create, user=owner, order_id=order.pk, amount=30_000, reason="x")  # the rest: cancels
    with pytest.raises((NothingToRefund, RefundNotAllowedNow)):
        committed(refund_create, user=finance(), order_id=order.pk, amount=None, reason="x")
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED
    assert balance("escrow") == 0


def test_who_may_refund():
    order, buyer = paid_order(price=50_000)
    other_business, other_owner = business_with_owner()
    with pytest.raises(OrderNotFound):
        committed(refund_create, user=other_owner, order_id=order.pk, amount=None, reason="x")
    with pytest.raises(PermissionDenied):
        committed(refund_create, user=buyer, order_id=order.pk, amount=None, reason="x")
    with pytest.raises(PermissionDenied) as officer_error:
        committed(refund_create, user=OfficerFactory(), order_id=order.pk, amount=None, reason="x")
    assert "chỉ xem" in str(officer_error.value.message)
    assert not Refund.objects.exists()


def test_after_shipping_only_finance_refunds_and_not_once_released():
    order, buyer = paid_order(price=50_000, delivery="pickup")
    deliver(order)
    with pytest.raises(RefundNotAllowedNow):
        committed(refund_create, user=owner_of(order), order_id=order.pk, amount=10_000, reason="x")
    committed(refund_create, user=finance(), order_id=order.pk, amount=10_000, reason="Hàng dập")
    order_complete(user=buyer, order_id=order.pk)
    with pytest.raises(RefundNotAllowedNow):
        committed(refund_create, user=finance(), order_id=order.pk, amount=1_000, reason="x")
    assert Order.objects.get(pk=order.pk).settlement.goods_base == 40_000


def test_a_full_refund_after_shipping_does_not_put_the_goods_back_in_stock():
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    variant = order.lines.get().variant
    stock = variant.stock
    deliver(order)
    committed(refund_create, user=finance(), order_id=order.pk, amount=None, reason="Mất hàng khi giao")
    variant.refresh_from_db()
    assert variant.stock == stock
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED


def test_a_refused_refund_is_voided_and_the_money_stays_in_escrow():
    GatewayTestProvider.answer = "refused"
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=None, reason="x")
    refund.refresh_from_db()
    assert refund.status == Refund.Status.FAILED
    assert balance("escrow") == 50_000
    assert Order.objects.get(pk=order.pk).status == S.REFUND_REQUESTED
    GatewayTestProvider.answer = "ok"  # finance tries again
    committed(refund_create, user=finance(), order_id=order.pk, amount=None, reason="Thử lại")
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED
    assert balance("escrow") == 0


def test_a_gateway_error_leaves_the_refund_pending_and_it_is_never_sent_twice():
    GatewayTestProvider.answer = "raise"
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=None, reason="x")
    from payments.settlement.refunds import refund_dispatch

    refund_dispatch(refund_id=refund.pk)
    refund.refresh_from_db()
    assert refund.status == Refund.Status.PENDING and refund.dispatched_at is not None
    assert GatewayTestProvider.sent == [refund.pk]
    assert balance("escrow") == 50_000  # held, not gone
    # Past the grace period, the operator checks VNPay's merchant portal and records what happened.
    past_grace(refund)
    refund_mark(user=finance(), refund_id=refund.pk, sent=True, reference="VNP14000123")
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED
    assert balance("escrow") == 0


def test_a_gateway_refund_not_yet_sent_is_not_marked_by_hand():
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    refund = refund_create(user=owner_of(order), order_id=order.pk, amount=None, reason="x")  # not committed
    with pytest.raises(RefundNotManual):
        refund_mark(user=finance(), refund_id=refund.pk, sent=True, reference="X")


def test_a_voided_refund_of_a_completed_order_is_released_to_the_seller():
    GatewayTestProvider.answer = "later"
    order, buyer = paid_order(kind="enterprise", price=100_000, delivery="pickup")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=30_000, reason="x")
    deliver(order)
    order_complete(user=buyer, order_id=order.pk)
    assert payable(order.business_id) == 70_000 - 2_100
    from payments.settlement.refunds import refund_settle

    refund_settle(refund_id=refund.pk, succeeded=False)
    settlement = Order.objects.get(pk=order.pk).settlement
    assert settlement.goods_base == 100_000
    assert payable(order.business_id) == 100_000 - 3_000
    assert balance("escrow") == 0


def test_bank_transfer_refunds_are_recorded_by_the_operator():
    order, _buyer = paid_order(price=50_000, delivery="pickup", method="bank_transfer")
    refund = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=None, reason="x")
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.PENDING
    with pytest.raises(PermissionDenied):
        refund_mark(user=owner_of(order), refund_id=refund.pk, sent=True, reference="FT1")
    refund_mark(user=finance(), refund_id=refund.pk, sent=True, reference="FT26120100123")
    refund.refresh_from_db()
    assert (refund.status, refund.reference) == (Refund.Status.SUCCEEDED, "FT26120100123")
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED
    assert balance("escrow") == 0 and balance("bank_clearing") == 0


def test_cancelling_a_paid_order_ends_in_the_same_refund():
    order, buyer = paid_order(price=50_000, delivery="pickup")
    committed(order_cancel, user=buyer, order_id=order.pk, reason="Đặt nhầm")
    refund = Refund.objects.get(order=order)
    assert (refund.amount, refund.full, refund.status, refund.created_by) == (
        50_000,
        True,
        Refund.Status.SUCCEEDED,
        None,
    )
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED
    assert balance("escrow") == 0


def test_money_arriving_after_the_group_expired_goes_straight_back():
    order, _buyer = placed_order(price=50_000, delivery="pickup")
    attempt = open_attempt(order.payment_group)
    payment_groups_expire(now=timezone.now() + timedelta(days=1))
    assert PaymentGroup.objects.get(pk=order.payment_group_id).status == PaymentGroup.Status.EXPIRED
    result = committed(payment_collected, reference=attempt.reference, amount=50_000)
    assert result.outcome == Outcome.LATE
    refund = Refund.objects.get(attempt=attempt)
    assert (refund.amount, refund.status, refund.order) == (50_000, Refund.Status.SUCCEEDED, None)
    assert balance("escrow") == 0


def test_refund_create_through_the_api(gql):
    from marketplace.graphql.ids import encode_id

    order, buyer = paid_order(price=50_000, delivery="pickup")
    mutation = """mutation($id: ID!, $amount: Int) {
        refundCreate(orderId: $id, amount: $amount, reason: "Thiếu hàng") {
            errors { field code } refund { amount status full } order { status } } }"""
    variables = {"id": encode_id("Order", order.pk), "amount": 20_000}
    refused = gql.login(buyer)(mutation, variables)["data"]["refundCreate"]
    assert refused["errors"][0]["code"] == "PERMISSION_DENIED"
    _other, stranger = business_with_owner()
    assert gql.login(stranger)(mutation, variables)["data"]["refundCreate"]["errors"][0]["code"] == (
        "ORDER_NOT_FOUND"
    )
    done = committed(lambda: gql.login(owner_of(order))(mutation, variables))["data"]["refundCreate"]
    assert done == {
        "errors": [],
        "refund": {"amount": 20_000, "status": "PENDING", "full": False},
        "order": {"status": "PAID"},
    }
    assert Refund.objects.get(order=order).status == Refund.Status.SUCCEEDED  # after the commit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parallel_refunds_of_everything_refund_once():
    GatewayTestProvider.answer = "later"
    order, _buyer = paid_order(price=50_000, delivery="pickup")
    staff = finance()
    results = run_in_parallel(
        *[lambda: refund_create(user=staff, order_id=order.pk, amount=50_000, reason="x") for _ in range(4)]
    )
    made = [r for r in results if isinstance(r, Refund)]
    assert len(made) == 1, results
    assert all(
        isinstance(r, (NothingToRefund, RefundAmountInvalid, RefundNotAllowedNow))
        for r in results
        if r not in made
    )
    assert Refund.objects.filter(order=order).count() == 1
    assert balance("escrow") == 50_000  # all of it held by the one refund, none paid twice
