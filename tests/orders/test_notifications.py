"""Notification backends: pluggable, sent after commit, never able to undo an order."""

import pytest

from orders.models import Order
from orders.notifications import SmsBackend
from orders.services.complete import checkout_complete
from orders.services.lifecycle import order_confirm
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant

pytestmark = pytest.mark.django_db


class RecordingSms(SmsBackend):
    sent: list[tuple[str, str]] = []

    def send_sms(self, *, phone: str, text: str) -> None:
        RecordingSms.sent.append((phone, text))


class BrokenBackend(SmsBackend):
    def send_sms(self, *, phone: str, text: str) -> None:
        raise ConnectionError("SMS gateway down")


def place():
    buyer = UserFactory()
    variant, seller = seller_variant()
    checkout = ready_checkout(buyer, [(variant, 1)])
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method="cod")
    return group.orders.get(), seller


def test_an_sms_backend_texts_the_buyer_when_the_seller_confirms(
    settings, django_capture_on_commit_callbacks
):
    settings.ORDER_NOTIFICATION_BACKENDS = ["tests.orders.test_notifications.RecordingSms"]
    RecordingSms.sent.clear()
    order, seller = place()
    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(user=seller, order_id=order.pk)
    assert RecordingSms.sent == [("+84912345678", f"Người bán đã xác nhận đơn hàng {order.number}")]


def test_a_failing_backend_is_logged_and_the_order_stands(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.ORDER_NOTIFICATION_BACKENDS = ["tests.orders.test_notifications.BrokenBackend"]
    order, seller = place()
    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(user=seller, order_id=order.pk)
    assert Order.objects.get(pk=order.pk).status == Order.Status.CONFIRMED
    assert "confirmed" in caplog.text and order.number in caplog.text
