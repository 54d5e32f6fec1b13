"""A delivered order completes itself after ORDER_AUTO_COMPLETE_DAYS when the buyer does nothing."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone

from orders.models import Order
from orders.services.complete import checkout_complete
from orders.services.lifecycle import (
    order_complete,
    order_confirm,
    order_deliver,
    order_ship,
    orders_complete_delivered,
)
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant


def delivered_order() -> tuple[object, Order]:
    buyer = UserFactory()
    variant, seller = seller_variant(stock=5)
    checkout = ready_checkout(buyer, [(variant, 1)], delivery="seller")
    [order] = checkout_complete(user=buyer, token=str(checkout.token), payment_method="cod").orders.all()
    order_confirm(user=seller, order_id=order.pk)
    order_ship(user=seller, order_id=order.pk, carrier="Người bán tự giao")
    order_deliver(user=seller, order_id=order.pk)
    return buyer, order


def days_later(days: float):
    return timezone.now() + timedelta(days=days)


@pytest.mark.django_db
def test_a_delivered_order_completes_itself_after_the_configured_days(settings):
    settings.ORDER_AUTO_COMPLETE_DAYS = 7
    _, order = delivered_order()

    assert orders_complete_delivered(now=days_later(6.9)) == 0
    assert orders_complete_delivered(now=days_later(7.1)) == 1

    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    event = order.events.last()
    assert (event.from_status, event.to_status, event.actor) == ("delivered", "completed", None)


@pytest.mark.django_db
def test_the_number_of_days_comes_from_the_setting(settings):
    settings.ORDER_AUTO_COMPLETE_DAYS = 2
    _, order = delivered_order()

    assert orders_complete_delivered(now=days_later(3)) == 1


@pytest.mark.django_db
def test_an_order_the_buyer_completed_is_not_completed_again():
    buyer, order = delivered_order()
    order_complete(user=buyer, order_id=order.pk)

    assert orders_complete_delivered(now=days_later(30)) == 0
    assert order.events.filter(to_status="completed").count() == 1


@pytest.mark.django_db
def test_orders_not_yet_delivered_are_left_alone():
    buyer = UserFactory()
    variant, _ = seller_variant(stock=5)
    checkout_complete(
        user=buyer, token=str(ready_checkout(buyer, [(variant, 1)]).token), payment_method="cod"
    )

    assert orders_complete_delivered(now=days_later(30)) == 0
    assert Order.objects.get().status == Order.Status.PLACED


@pytest.mark.django_db
def test_the_command_reports_how_many_it_completed(capsys, settings):
    settings.ORDER_AUTO_COMPLETE_DAYS = 0
    delivered_order()

    call_command("orders_complete_delivered")

    assert "1 đơn" in capsys.readouterr().out
    assert Order.objects.get().status == Order.Status.COMPLETED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_order_locked_by_the_buyer_right_now_is_skipped_not_waited_for():
    _, order = delivered_order()
    locked, release = threading.Event(), threading.Event()

    def buyer_holds_the_row():
        try:
            with transaction.atomic():
                Order.objects.select_for_update().get(pk=order.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=buyer_holds_the_row)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        assert orders_complete_delivered(now=days_later(30)) == 0
    finally:
        release.set()
        holder.join(timeout=30)
    assert orders_complete_delivered(now=days_later(30)) == 1
