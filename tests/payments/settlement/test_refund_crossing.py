"""Refunds crossing a cancellation (review F1): a partial refund still at the gateway when the
order is cancelled, which then fails, must not leave the buyer's money in escrow; the order is
refunded only once succeeded refunds cover its whole total."""

import pytest

from marketplace.accounts.models import User
from orders.models import Order
from orders.services.lifecycle import order_cancel
from payments.settlement.models import Refund
from payments.settlement.refunds import refund_create, refund_mark
from tests.factories import UserFactory
from tests.payments.settlement.helpers import (
    GatewayTestProvider,
    balance,
    committed,
    owner_of,
    paid_order,
    past_grace,
)

pytestmark = pytest.mark.django_db
S = Order.Status


def _partial_then_cancel():
    order, _buyer = paid_order(price=100_000, delivery="post")  # total 130_000
    GatewayTestProvider.answer = "later"  # the gateway answers later: refunds stay pending
    partial = committed(
        refund_create, user=owner_of(order), order_id=order.pk, amount=30_000, reason="Thiếu 1"
    )
    committed(order_cancel, user=owner_of(order), order_id=order.pk, reason="Hết hàng")
    rest = Refund.objects.exclude(pk=partial.pk).get()
    assert (rest.amount, rest.full) == (100_000, True)
    past_grace(partial)
    past_grace(rest)
    return order, partial, rest, UserFactory(role=User.Role.FINANCE)


def test_a_partial_refund_failing_after_the_cancellations_refund_succeeded_is_refunded_again():
    order, partial, rest, fin = _partial_then_cancel()
    committed(refund_mark, user=fin, refund_id=rest.pk, sent=True, reference="FT1")
    order.refresh_from_db()
    assert order.status == S.REFUND_REQUESTED  # 30_000 still owed to the buyer
    GatewayTestProvider.answer = "ok"
    committed(refund_mark, user=fin, refund_id=partial.pk, sent=False, note="VNPay từ chối")
    again = Refund.objects.filter(order=order).exclude(pk__in=(partial.pk, rest.pk)).get()
    assert (again.amount, again.status) == (30_000, Refund.Status.SUCCEEDED)
    order.refresh_from_db()
    assert order.status == S.REFUNDED
    assert balance("escrow") == 0


def test_a_partial_refund_failing_while_the_cancellations_refund_is_pending_is_refunded_again():
    order, partial, rest, fin = _partial_then_cancel()
    committed(refund_mark, user=fin, refund_id=partial.pk, sent=False, note="VNPay từ chối")
    again = Refund.objects.filter(order=order, status=Refund.Status.PENDING).exclude(pk=rest.pk).get()
    assert again.amount == 30_000
    past_grace(again)
    committed(refund_mark, user=fin, refund_id=rest.pk, sent=True, reference="FT1")
    assert Order.objects.get(pk=order.pk).status == S.REFUND_REQUESTED
    committed(refund_mark, user=fin, refund_id=again.pk, sent=True, reference="FT2")
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED
    assert balance("escrow") == 0


def test_the_cancellations_own_refund_failing_leaves_the_remainder_to_finance():
    order, partial, rest, fin = _partial_then_cancel()
    committed(refund_mark, user=fin, refund_id=partial.pk, sent=True, reference="FT1")
    committed(refund_mark, user=fin, refund_id=rest.pk, sent=False, note="VNPay từ chối")
    order.refresh_from_db()
    assert order.status == S.REFUND_REQUESTED
    assert Refund.objects.filter(order=order, status=Refund.Status.PENDING).count() == 0  # no retry loop
    GatewayTestProvider.answer = "ok"
    committed(refund_create, user=fin, order_id=order.pk, amount=None, reason="Hoàn nốt")
    order.refresh_from_db()
    assert order.status == S.REFUNDED
    assert balance("escrow") == 0
