"""A refund voided after the release re-releases the difference (review F5): the split's parts
are rounded one by one, so recomputing them could shrink the seller's net; it never raises and
the rounding remainder goes to the seller's net."""

import pytest

from marketplace.accounts.models import User
from orders.services.lifecycle import order_complete
from payments.settlement.models import OrderSettlement, Refund
from payments.settlement.refunds import refund_create, refund_mark
from tests.factories import UserFactory
from tests.payments.settlement.helpers import (
    GatewayTestProvider,
    balance,
    committed,
    deliver,
    owner_of,
    paid_order,
    past_grace,
    payable,
)

pytestmark = pytest.mark.django_db


def test_voiding_a_one_dong_refund_after_release_adds_it_to_the_sellers_net(settings):
    settings.ORDER_COMMISSION_RATE_BPS = 300  # the reviewer's numbers
    settings.DELIVERY_FEE_POST = 30_000
    settings.DELIVERY_FEE_SELLER = 15_000
    order, buyer = paid_order(kind="household", price=100_000, delivery="post")  # 100 000 + 30 000
    committed(refund_create, user=owner_of(order), order_id=order.pk, amount=99_950, reason="Hỏng")
    GatewayTestProvider.answer = "later"
    small = committed(refund_create, user=owner_of(order), order_id=order.pk, amount=1, reason="Làm tròn")
    deliver(order)
    committed(order_complete, user=buyer, order_id=order.pk)  # releases kept = 30 049
    first = OrderSettlement.objects.get(order=order)
    assert first.gross == 30_049
    net_before = first.seller_net
    past_grace(small)
    committed(
        refund_mark,
        user=UserFactory(role=User.Role.FINANCE),
        refund_id=small.pk,
        sent=False,
        note="VNPay từ chối",
    )
    assert Refund.objects.get(pk=small.pk).status == Refund.Status.FAILED
    settlement = OrderSettlement.objects.get(order=order)
    assert settlement.gross == 30_050
    # Nothing already released moves back; the seller nets what the parts did not take.
    assert settlement.seller_net >= net_before
    assert settlement.commission >= first.commission and settlement.withheld_total >= first.withheld_total
    assert settlement.seller_net + settlement.commission + settlement.withheld_total == 30_050
    assert payable(order.business_id) == settlement.seller_net
    assert balance("escrow") == 0
