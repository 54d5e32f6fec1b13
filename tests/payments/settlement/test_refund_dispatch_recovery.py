"""A gateway refund whose after-commit dispatch was lost (review F12): reconciliation sends it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from payments.settlement.models import Refund
from payments.settlement.refunds import refund_create
from payments.vnpay.reconcile import vnpay_reconcile
from tests.payments.settlement.helpers import GatewayTestProvider, balance, owner_of, paid_order

pytestmark = pytest.mark.django_db


def test_reconciliation_sends_a_refund_whose_dispatch_was_lost():
    order, _buyer = paid_order(price=100_000, delivery="post")
    # Committed, but the on_commit call never ran (a restart right after the commit).
    refund = refund_create(user=owner_of(order), order_id=order.pk, amount=30_000, reason="Thiếu")
    assert Refund.objects.get(pk=refund.pk).dispatched_at is None

    now = timezone.now()
    fresh = vnpay_reconcile(now=now, client=object())  # under a minute old: its own call may still come
    assert fresh.refunds_dispatched == 0 and GatewayTestProvider.sent == []

    report = vnpay_reconcile(now=now + timedelta(minutes=2), client=object())
    assert report.refunds_dispatched == 1 and GatewayTestProvider.sent == [refund.pk]
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and refund.dispatched_at is not None
    assert balance("escrow") == 100_000

    vnpay_reconcile(now=now + timedelta(minutes=5), client=object())
    assert GatewayTestProvider.sent == [refund.pk]  # never sent twice
