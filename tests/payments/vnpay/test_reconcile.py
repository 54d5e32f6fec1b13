"""Reconciliation asks the (sandbox) gateway about attempts still pending after
VNPAY_RECONCILE_AFTER_MINUTES and settles them like the IPN would have."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from orders.models import Order, PaymentGroup
from orders.services.lifecycle import order_cancel
from orders.services.payment import payment_groups_expire
from payments.attempts import PaymentAttempt
from payments.settlement.models import Refund
from payments.vnpay.ipn import ipn_apply
from payments.vnpay.provider import VNPayProvider
from payments.vnpay.reconcile import vnpay_reconcile
from payments.vnpay.refunds import vnpay_refund_call
from tests.payments.vnpay.helpers import callback, escrow, pay_entries, started
from tests.payments.vnpay.sandbox_helpers import pay_in_browser

pytestmark = pytest.mark.django_db
A = PaymentAttempt.Status


def later(minutes=25):
    return timezone.now() + timedelta(minutes=minutes)


def paid_at_gateway(gateway, choice="success"):
    group, attempt = started()
    pay_in_browser(VNPayProvider().start(group).redirect_url, choice)
    return group, attempt


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return tuple(obj.status for obj in objects)


def test_a_payment_whose_ipn_was_lost_is_settled_by_querydr(gateway):
    group, attempt = paid_at_gateway(gateway)
    assert refreshed(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    report = vnpay_reconcile(now=later())
    assert (report.checked, report.paid) == (1, 1)
    assert refreshed(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)
    assert attempt.gateway_transaction_no == gateway.gateway.transactions[attempt.reference].transaction_no
    assert (escrow(), pay_entries(attempt)) == (group.amount, 1)
    assert vnpay_reconcile(now=later()).checked == 0  # settled: never asked again


def test_an_attempt_is_not_asked_about_before_its_time(gateway, settings):
    settings.VNPAY_RECONCILE_AFTER_MINUTES = 20
    paid_at_gateway(gateway)
    assert vnpay_reconcile(now=later(10)).checked == 0


def test_a_declined_payment_is_recorded_as_failed(gateway):
    group, attempt = paid_at_gateway(gateway, "insufficient")
    assert vnpay_reconcile(now=later()).failed == 1
    assert refreshed(attempt, group) == (A.FAILED, PaymentGroup.Status.AWAITING_PAYMENT)


def test_an_abandoned_page_fails_once_expired_but_not_while_open(gateway, settings):
    settings.VNPAY_RECONCILE_AFTER_MINUTES = 0
    group, attempt = started()
    assert vnpay_reconcile(now=timezone.now()).pending == 1  # unknown at VNPay, page still open
    assert refreshed(attempt) == (A.PENDING,)
    assert vnpay_reconcile(now=later()).failed == 1
    assert refreshed(attempt) == (A.FAILED,) and attempt.response_code == "11"


def test_an_unreachable_gateway_leaves_the_attempt_for_the_next_run(gateway, settings, monkeypatch):
    monkeypatch.setattr("payments.vnpay.client.time.sleep", lambda seconds: None)
    group, attempt = paid_at_gateway(gateway)
    settings.VNPAY_API_URL = "http://127.0.0.1:9/unreachable"
    assert vnpay_reconcile(now=later()).errors == 1
    assert refreshed(attempt) == (A.PENDING,)


def test_the_command_reports_its_progress(gateway):
    paid_at_gateway(gateway)
    out = StringIO()
    call_command("payments_reconcile", stdout=out)  # due after 20 minutes: nothing yet
    assert "Đã tra cứu 0" in out.getvalue()
    PaymentAttempt.objects.update(created_at=timezone.now() - timedelta(hours=1))
    out = StringIO()
    call_command("payments_reconcile", stdout=out)
    assert "đã tra cứu 1/1 giao dịch" in out.getvalue()


def test_money_found_for_an_expired_group_is_refunded_through_the_gateway(
    gateway, django_capture_on_commit_callbacks
):
    group, attempt = paid_at_gateway(gateway)
    PaymentGroup.objects.filter(pk=group.pk).update(status=PaymentGroup.Status.EXPIRED)
    with django_capture_on_commit_callbacks(execute=True):
        report = vnpay_reconcile(now=later())
    assert report.late == 1
    assert refreshed(attempt) == (A.LATE,)
    assert gateway.gateway.refunds == [{"txn_ref": attempt.reference, "amount": attempt.amount, "type": "02"}]


def test_the_refund_call_returns_a_clear_result(gateway):
    group, attempt = paid_at_gateway(gateway)
    assert (
        ipn_apply(
            callback(
                attempt, vnp_TransactionNo=gateway.gateway.transactions[attempt.reference].transaction_no
            )
        )
        == "00"
    )
    attempt.refresh_from_db()
    partial = vnpay_refund_call(attempt=attempt, amount=10_000)
    assert (partial.succeeded, bool(partial.reference)) == (True, True)
    too_much = vnpay_refund_call(attempt=attempt, amount=attempt.amount)
    assert (too_much.succeeded, too_much.response_code) == (False, "03")
    assert [r["type"] for r in gateway.gateway.refunds] == ["03"]


def test_refund_send_refunds_the_groups_paid_attempt_and_a_lost_answer_is_unknown(gateway, settings):
    group, attempt = paid_at_gateway(gateway)
    ipn_apply(
        callback(attempt, vnp_TransactionNo=gateway.gateway.transactions[attempt.reference].transaction_no)
    )
    order = group.orders.get()
    refund = SimpleNamespace(attempt_id=None, attempt=None, order=order, amount=order.total)
    outcome = VNPayProvider().refund_send(refund)
    assert outcome.succeeded and gateway.gateway.refunds[0]["type"] == "02"
    settings.VNPAY_API_URL = "http://127.0.0.1:9/unreachable"
    assert VNPayProvider().refund_send(refund) is None  # unknown: never guessed, never retried


def test_a_cancelled_paid_order_is_refunded_through_the_gateway(gateway, django_capture_on_commit_callbacks):
    group, attempt = paid_at_gateway(gateway)
    transaction_no = gateway.gateway.transactions[attempt.reference].transaction_no
    assert ipn_apply(callback(attempt, vnp_TransactionNo=transaction_no)) == "00"
    order = group.orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(user=group.buyer, order_id=order.pk, reason="Đặt nhầm")
    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED
    assert gateway.gateway.refunds == [{"txn_ref": attempt.reference, "amount": order.total, "type": "02"}]
    assert escrow() == 0


def test_an_ipn_for_an_expired_group_refunds_the_money_through_the_gateway(
    gateway, django_capture_on_commit_callbacks
):
    group, attempt = paid_at_gateway(gateway)
    assert payment_groups_expire(now=later(60)) == 1
    transaction_no = gateway.gateway.transactions[attempt.reference].transaction_no
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn_apply(callback(attempt, vnp_TransactionNo=transaction_no)) == "00"
    assert refreshed(attempt, group) == (A.LATE, PaymentGroup.Status.EXPIRED)
    assert gateway.gateway.refunds == [{"txn_ref": attempt.reference, "amount": attempt.amount, "type": "02"}]
    assert ipn_apply(callback(attempt, vnp_TransactionNo=transaction_no)) == "02"  # refunded once
    assert len(gateway.gateway.refunds) == 1
    assert escrow() == 0  # the refund was posted when the gateway confirmed it


def test_a_refund_whose_answer_was_lost_is_reported_not_resent(
    gateway, settings, django_capture_on_commit_callbacks
):
    group, attempt = paid_at_gateway(gateway)
    transaction_no = gateway.gateway.transactions[attempt.reference].transaction_no
    ipn_apply(callback(attempt, vnp_TransactionNo=transaction_no))
    settings.VNPAY_API_URL = "http://127.0.0.1:9/unreachable"  # the refund call gets no answer
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(user=group.buyer, order_id=group.orders.get().pk, reason="Đặt nhầm")
    refund = Refund.objects.get()
    assert refund.status == Refund.Status.PENDING and refund.dispatched_at is not None
    settings.VNPAY_API_URL = gateway.api_url
    out = StringIO()
    Refund.objects.filter(pk=refund.pk).update(dispatched_at=timezone.now() - timedelta(hours=1))
    call_command("payments_reconcile", stdout=out)
    assert f"1 lệnh hoàn tiền VNPay chưa có kết quả (#{refund.pk})" in out.getvalue()
    assert gateway.gateway.refunds == []  # never resent
