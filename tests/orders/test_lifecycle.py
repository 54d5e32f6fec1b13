"""An order's life after placement: who moves it where, what each step records and returns."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import ProductVariant
from marketplace.accounts.models import User
from marketplace.businesses.models import BusinessMember
from marketplace.errors import DomainError
from orders.models import Order, PaymentGroup
from orders.notifications import MemoryBackend
from orders.services.complete import checkout_complete
from orders.services.lifecycle import order_cancel, order_complete, order_confirm, order_deliver, order_ship
from orders.services.payment import (
    order_refunded,
    payment_group_failed,
    payment_group_paid,
    payment_groups_expire,
)
from tests.factories import UserFactory
from tests.orders.helpers import PrepaidTestProvider, ready_checkout, seller_variant

pytestmark = pytest.mark.django_db

ACTION = """
mutation($id: ID!, $reason: String) {
  orderCancel(id: $id, reason: $reason) { order { status cancelReason } errors { field code message } }
}"""


def place(*, method="cod", quantity=2, delivery=None, sellers=1):
    """Places an order of `quantity` units from each of `sellers` new sellers."""
    buyer = UserFactory()
    made = [seller_variant(stock=10) for _ in range(sellers)]
    checkout = ready_checkout(buyer, [(variant, quantity) for variant, _ in made], delivery=delivery)
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method=method)
    orders = list(group.orders.order_by("pk"))
    return buyer, made, group, orders


def stock_of(variant) -> int:
    return ProductVariant.objects.get(pk=variant.pk).stock


def test_a_cash_on_delivery_order_goes_from_placed_to_completed(django_capture_on_commit_callbacks):
    buyer, [(variant, seller)], _, [order] = place(delivery="seller")
    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(user=seller, order_id=order.pk)
        order_ship(user=seller, order_id=order.pk, carrier="Người bán tự giao")
    delivered = order_deliver(user=seller, order_id=order.pk)
    assert delivered.paid_at is not None  # the cash changed hands at the door
    completed = order_complete(user=buyer, order_id=order.pk)
    assert completed.status == Order.Status.COMPLETED
    steps = [(e.from_status, e.to_status, e.actor) for e in order.events.order_by("id")]
    assert steps == [
        ("", "placed", buyer),
        ("placed", "confirmed", seller),
        ("confirmed", "shipped", seller),
        ("shipped", "delivered", seller),
        ("delivered", "completed", buyer),
    ]
    assert [n.event for n in MemoryBackend.outbox] == ["confirmed", "shipped"]


@pytest.mark.parametrize(
    "step",
    [
        lambda buyer, seller, order: order_ship(user=seller, order_id=order.pk, tracking_number="X1"),
        lambda buyer, seller, order: order_deliver(user=seller, order_id=order.pk),
        lambda buyer, seller, order: order_complete(user=buyer, order_id=order.pk),
    ],
    ids=["ship before confirming", "deliver before shipping", "complete before delivery"],
)
def test_steps_out_of_order_are_refused(step):
    buyer, [(_, seller)], _, [order] = place()
    with pytest.raises(DomainError) as refused:
        step(buyer, seller, order)
    assert refused.value.code == "INVALID_TRANSITION"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PLACED


def test_confirming_twice_is_refused():
    _, [(_, seller)], _, [order] = place()
    order_confirm(user=seller, order_id=order.pk)
    with pytest.raises(DomainError) as refused:
        order_confirm(user=seller, order_id=order.pk)
    assert refused.value.code == "INVALID_TRANSITION"


def test_a_parcel_sent_by_post_needs_a_tracking_number():
    _, [(_, seller)], _, [order] = place(delivery="post")
    order_confirm(user=seller, order_id=order.pk)
    with pytest.raises(DomainError) as refused:
        order_ship(user=seller, order_id=order.pk, carrier="VNPost")
    assert refused.value.code == "TRACKING_NUMBER_REQUIRED"
    shipped = order_ship(user=seller, order_id=order.pk, carrier="VNPost", tracking_number="EB123456789VN")
    assert (shipped.status, shipped.tracking_number) == ("shipped", "EB123456789VN")


def test_the_buyer_cancels_before_confirmation_and_the_stock_returns(gql):
    buyer, [(variant, _)], _, [order] = place(quantity=3)
    assert stock_of(variant) == 7
    result = gql.login(buyer)(ACTION, {"id": _id(order)})["data"]["orderCancel"]
    assert result["errors"] == []
    assert result["order"]["status"] == "CANCELLED"
    assert stock_of(variant) == 10


def test_the_buyer_cannot_cancel_once_the_seller_confirmed(gql):
    buyer, [(variant, seller)], _, [order] = place()
    order_confirm(user=seller, order_id=order.pk)
    result = gql.login(buyer)(ACTION, {"id": _id(order)})["data"]["orderCancel"]
    assert result["errors"][0]["code"] == "INVALID_TRANSITION"
    assert stock_of(variant) == 8


def test_a_seller_cancels_only_with_a_reason(gql):
    _, [(variant, seller)], _, [order] = place()
    order_confirm(user=seller, order_id=order.pk)
    no_reason = gql.login(seller)(ACTION, {"id": _id(order)})["data"]["orderCancel"]
    assert no_reason["errors"][0]["code"] == "REASON_REQUIRED"
    result = gql(ACTION, {"id": _id(order), "reason": "Hết hàng do mưa lũ"})["data"]["orderCancel"]
    assert result["order"] == {"status": "CANCELLED", "cancelReason": "Hết hàng do mưa lũ"}
    assert stock_of(variant) == 10


def test_a_seller_cannot_cancel_an_unpaid_order_of_a_shared_payment(gql):
    _, made, _, orders = place(method="vnpay", sellers=2)
    seller = made[0][1]
    result = gql.login(seller)(ACTION, {"id": _id(orders[0]), "reason": "Hết hàng"})["data"]["orderCancel"]
    assert result["errors"][0]["code"] == "INVALID_TRANSITION"
    assert set(Order.objects.values_list("status", flat=True)) == {"awaiting_payment"}


def test_a_seller_cannot_cancel_a_shipped_order(gql):
    _, [(_, seller)], _, [order] = place(delivery="seller")
    order_confirm(user=seller, order_id=order.pk)
    order_ship(user=seller, order_id=order.pk)
    result = gql.login(seller)(ACTION, {"id": _id(order), "reason": "Đổi ý"})["data"]["orderCancel"]
    assert result["errors"][0]["code"] == "INVALID_TRANSITION"


def test_payment_marks_every_order_of_the_group_paid_once(django_capture_on_commit_callbacks):
    _, _, group, orders = place(method="vnpay", sellers=2)
    with django_capture_on_commit_callbacks(execute=True):
        payment_group_paid(number=group.number, amount=group.amount)
        payment_group_paid(number=group.number, amount=group.amount)  # the gateway retries
    assert set(Order.objects.values_list("status", flat=True)) == {"paid"}
    assert PaymentGroup.objects.get().status == "paid"
    assert (
        sum(1 for o in orders for e in Order.objects.get(pk=o.pk).events.all() if e.to_status == "paid") == 2
    )
    assert [n.event for n in MemoryBackend.outbox] == ["paid", "paid"]


def test_a_payment_of_the_wrong_amount_is_refused():
    _, _, group, _ = place(method="vnpay")
    with pytest.raises(DomainError) as refused:
        payment_group_paid(number=group.number, amount=group.amount - 1)
    assert refused.value.code == "AMOUNT_MISMATCH"
    assert PaymentGroup.objects.get().status == "awaiting_payment"


def test_unpaid_orders_release_their_stock_after_the_deadline():
    _, [(variant, _)], group, [order] = place(method="vnpay", quantity=4)
    _, [(cod_variant, _)], _, _ = place(method="cod", quantity=1)
    assert payment_groups_expire(now=timezone.now() + timedelta(minutes=29)) == 0
    assert payment_groups_expire(now=timezone.now() + timedelta(minutes=31)) == 1
    assert stock_of(variant) == 10 and stock_of(cod_variant) == 9
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.events.last().actor is None  # the system did it
    assert PaymentGroup.objects.get(pk=group.pk).status == "expired"
    assert payment_groups_expire(now=timezone.now() + timedelta(hours=1)) == 0


def test_money_arriving_after_expiry_is_refused_for_refund():
    _, _, group, _ = place(method="vnpay")
    payment_groups_expire(now=timezone.now() + timedelta(hours=1))
    with pytest.raises(DomainError) as refused:
        payment_group_paid(number=group.number, amount=group.amount)
    assert refused.value.code == "PAYMENT_GROUP_CLOSED"


def test_a_failed_payment_cancels_the_orders():
    _, [(variant, _)], group, _ = place(method="vnpay")
    payment_group_failed(number=group.number, reason="Thẻ bị từ chối")
    assert stock_of(variant) == 10
    assert PaymentGroup.objects.get().status == "failed"


def test_cancelling_one_unpaid_order_cancels_the_whole_payment(gql):
    buyer, made, _, orders = place(method="vnpay", sellers=2)
    gql.login(buyer)(ACTION, {"id": _id(orders[0])})
    assert set(Order.objects.values_list("status", flat=True)) == {"cancelled"}
    assert PaymentGroup.objects.get().status == "cancelled"
    assert [stock_of(v) for v, _ in made] == [10, 10]


def test_a_paid_order_cancelled_by_the_seller_waits_for_its_refund(django_capture_on_commit_callbacks):
    _, [(variant, seller)], group, [order] = place(method="vnpay")
    payment_group_paid(number=group.number, amount=group.amount)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = order_cancel(user=seller, order_id=order.pk, reason="Hàng bị hỏng")
    assert cancelled.status == Order.Status.REFUND_REQUESTED
    assert PrepaidTestProvider.refunded == [order.number]
    assert stock_of(variant) == 10
    assert order_refunded(order_id=order.pk).status == Order.Status.REFUNDED


def test_the_expiry_command_reports_what_it_released(capsys):
    place(method="vnpay")
    PaymentGroup.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("orders_expire_unpaid")
    assert "1" in capsys.readouterr().out
    assert Order.objects.get().status == Order.Status.CANCELLED


def test_a_staff_member_can_fulfil_but_a_former_member_cannot():
    _, [(variant, _)], _, [order] = place()
    staff = UserFactory()
    membership = BusinessMember.objects.create(business_id=variant.business_id, user=staff)
    order_confirm(user=staff, order_id=order.pk)
    membership.delete()
    with pytest.raises(DomainError) as refused:
        # A fresh user object, as the next request has (memberships are cached per request).
        order_ship(user=User.objects.get(pk=staff.pk), order_id=order.pk, tracking_number="1")
    assert refused.value.code == "ORDER_NOT_FOUND"


def _id(order):
    from marketplace.graphql.ids import encode_id

    return encode_id("Order", order.pk)
