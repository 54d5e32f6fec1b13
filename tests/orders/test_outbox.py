"""The order outbox: payment starts, refunds and notifications are queued with the order change,
applied after the commit, retried after a failure, and never applied twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from orders.models import Order, SideEffect
from orders.notifications import MemoryBackend, SmsBackend
from orders.selectors import payment_start_of
from orders.services.complete import checkout_complete
from orders.services.lifecycle import order_cancel, order_confirm
from orders.services.outbox import outbox_process
from orders.services.payment import payment_group_paid
from payments.providers import PaymentStart
from tests.factories import UserFactory
from tests.orders.helpers import PrepaidTestProvider, ready_checkout, seller_variant

pytestmark = pytest.mark.django_db


class FlakyGateway(PrepaidTestProvider):
    """Down for the first `failures` calls of each kind, then answers; counts every call."""

    failures = 0
    starts: list[str] = []
    refunds: list[str] = []

    def start(self, group) -> PaymentStart:
        FlakyGateway.starts.append(group.number)
        if len(FlakyGateway.starts) <= FlakyGateway.failures:
            raise ConnectionError("gateway down")
        return PaymentStart(redirect_url=f"https://pay.example/{group.number}")

    def refund(self, order) -> None:
        FlakyGateway.refunds.append(order.number)
        if len(FlakyGateway.refunds) <= FlakyGateway.failures:
            raise ConnectionError("gateway down")


class BrokenSms(SmsBackend):
    def send_sms(self, *, phone: str, text: str) -> None:
        raise ConnectionError("SMS gateway down")


@pytest.fixture
def gateway(settings):
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "vnpay": "tests.orders.test_outbox.FlakyGateway",
    }
    FlakyGateway.failures = 0
    FlakyGateway.starts, FlakyGateway.refunds = [], []
    return FlakyGateway


def later():
    return timezone.now() + timedelta(hours=2)


def place(method="vnpay"):
    buyer = UserFactory()
    variant, seller = seller_variant()
    checkout = ready_checkout(buyer, [(variant, 1)])
    complete = lambda: checkout_complete(user=buyer, token=str(checkout.token), payment_method=method)  # noqa: E731
    return complete, buyer, seller


def test_a_retried_checkout_complete_does_not_start_the_payment_twice(gateway):
    complete, _, _ = place()
    first = complete()
    again = complete()
    assert gateway.starts == [first.number]
    assert payment_start_of(again) == PaymentStart(redirect_url=f"https://pay.example/{first.number}")


def test_a_failed_payment_start_is_kept_and_retried_until_the_gateway_answers(gateway):
    gateway.failures = 1
    complete, _, _ = place()
    group = complete()
    effect = SideEffect.objects.get(kind=SideEffect.Kind.PAYMENT_START, key=group.number)
    assert (payment_start_of(group), effect.done_at, effect.attempts) == (None, None, 1)
    assert "gateway down" in effect.last_error

    outbox_process(now=later())
    assert payment_start_of(group).redirect_url == f"https://pay.example/{group.number}"
    assert gateway.starts == [group.number, group.number]


def test_a_payment_cancelled_before_its_start_is_retried_is_not_started_again(gateway):
    gateway.failures = 1  # the gateway is down at checkout; the buyer cancels before the retry
    complete, buyer, _ = place()
    group = complete()
    order_cancel(user=buyer, order_id=group.orders.get().pk, reason="Đặt nhầm")

    outbox_process(now=later())

    assert gateway.starts == [group.number]  # only the attempt that failed at checkout
    assert SideEffect.objects.get(kind=SideEffect.Kind.PAYMENT_START, key=group.number).done_at is not None


def test_a_failed_side_effect_waits_for_its_backoff(gateway):
    gateway.failures = 1
    complete, _, _ = place()
    group = complete()
    outbox_process()
    assert len(gateway.starts) == 1
    assert SideEffect.objects.get(kind=SideEffect.Kind.PAYMENT_START, key=group.number).done_at is None


def test_a_refund_that_fails_is_retried_by_the_worker(gateway, django_capture_on_commit_callbacks):
    complete, _, seller = place()
    group = complete()
    order = group.orders.get()
    payment_group_paid(number=group.number, amount=group.amount)
    gateway.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(user=seller, order_id=order.pk, reason="Hết hàng do mưa lũ")
    assert gateway.refunds == [order.number]
    refund = SideEffect.objects.get(kind=SideEffect.Kind.REFUND, key=order.number)
    assert refund.done_at is None

    SideEffect.objects.filter(pk=refund.pk).update(next_attempt_at=timezone.now())
    call_command("orders_worker", "--once")
    refund.refresh_from_db()
    assert gateway.refunds == [order.number, order.number]
    assert refund.done_at is not None
    assert Order.objects.get(pk=order.pk).status == Order.Status.REFUND_REQUESTED


def test_side_effects_of_a_rolled_back_change_are_never_applied(gateway):
    complete, _, _ = place()
    group = complete()
    order = group.orders.get()
    with pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            payment_group_paid(number=group.number, amount=group.amount)
            order.refresh_from_db()
            raise RuntimeError("rolled back")
    assert not SideEffect.objects.filter(kind=SideEffect.Kind.NOTIFY, key__startswith=f"paid:{order.number}")


def test_a_notification_backend_that_fails_is_retried_and_others_are_not_repeated(
    settings, django_capture_on_commit_callbacks
):
    settings.ORDER_NOTIFICATION_BACKENDS = [
        "orders.notifications.MemoryBackend",
        "tests.orders.test_outbox.BrokenSms",
    ]
    complete, _, seller = place(method="cod")
    with django_capture_on_commit_callbacks(execute=True):
        order = complete().orders.get()
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(user=seller, order_id=order.pk)
    assert outbox_process(now=later()) == (0, 2)  # placed and confirmed by SMS, both still failing
    assert [n.event for n in MemoryBackend.outbox] == ["confirmed"]
    sms = SideEffect.objects.get(key=f"confirmed:{order.number}:tests.orders.test_outbox.BrokenSms")
    assert (sms.attempts, sms.done_at) == (2, None)


def test_with_the_inline_outbox_off_only_the_worker_sends(settings, django_capture_on_commit_callbacks):
    settings.ORDER_OUTBOX_INLINE = False
    complete, _, seller = place(method="cod")
    order = complete().orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        order_confirm(user=seller, order_id=order.pk)
    assert MemoryBackend.outbox == []
    call_command("orders_worker", "--once")
    assert sorted(n.event for n in MemoryBackend.outbox) == ["confirmed", "placed"]


def test_check_out_complete_called_twice_over_graphql_starts_one_payment(gql, gateway):
    from tests.orders.test_complete import complete

    buyer = UserFactory()
    variant, _ = seller_variant()
    checkout = ready_checkout(buyer, [(variant, 1)])
    gql.login(buyer)
    first, again = complete(gql, checkout, method="VNPAY"), complete(gql, checkout, method="VNPAY")
    number = first["paymentGroup"]["number"]
    assert (
        again["payment"]["redirectUrl"] == first["payment"]["redirectUrl"] == f"https://pay.example/{number}"
    )
    assert gateway.starts == [number]
