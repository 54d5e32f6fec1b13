"""The return page shows what the database knows and never records anything; the provider
opens one attempt per live pay page and signs its URL."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry
from payments.vnpay.client import VNPayClient, parse_vnp_date
from payments.vnpay.ipn import ipn_apply
from payments.vnpay.provider import VNPayProvider
from tests.payments.vnpay.helpers import callback, started

pytestmark = pytest.mark.django_db
A = PaymentAttempt.Status


def test_a_validly_signed_success_return_marks_nothing_paid(client):
    # Whoever holds a signed return link (or replays one) must not be able to pay with it:
    # only the IPN records money.
    group, attempt = started()
    page = client.get("/payments/vnpay/return/", callback(attempt))
    assert page.status_code == 200
    assert "Đang chờ VNPay xác nhận" in page.content.decode()
    attempt.refresh_from_db()
    group.refresh_from_db()
    assert (attempt.status, group.status) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    assert JournalEntry.objects.count() == 0


def test_a_forged_return_shows_nothing_and_changes_nothing(client):
    group, attempt = started()
    forged = callback(attempt, secret="FORGED")
    page = client.get("/payments/vnpay/return/", forged)
    assert page.status_code == 400
    body = page.content.decode()
    assert "Không xác minh được kết quả" in body and group.number not in body
    attempt.refresh_from_db()
    assert attempt.status == A.PENDING and JournalEntry.objects.count() == 0


def test_the_return_page_shows_the_result_the_ipn_recorded(client):
    group, attempt = started()
    assert ipn_apply(callback(attempt)) == "00"
    body = client.get("/payments/vnpay/return/", callback(attempt)).content.decode()
    assert "Thanh toán thành công" in body and group.number in body
    assert f"{group.amount:,}".replace(",", ".") + " ₫" in body


def test_the_return_page_explains_a_declined_payment_in_vietnamese(client):
    group, attempt = started()
    ipn_apply(callback(attempt, code="51"))
    body = client.get("/payments/vnpay/return/", callback(attempt, code="51")).content.decode()
    assert "Thanh toán không thành công" in body and "không đủ số dư" in body
    assert 'name="viewport"' in body and "<script" not in body


def test_start_signs_a_url_the_gateway_accepts_for_the_group_amount():
    group, attempt = started()
    url = VNPayProvider().start(group).redirect_url
    params = dict(parse_qsl(urlsplit(url).query))
    assert VNPayClient.from_settings().verify(params)
    assert params["vnp_Amount"] == str(group.amount * 100)
    assert params["vnp_TxnRef"] == attempt.reference
    assert params["vnp_ReturnUrl"] == "http://testserver/payments/vnpay/return/"
    assert params["vnp_OrderInfo"] == f"Thanh toan don hang {group.number} tai Cho So"


def test_start_again_reuses_the_live_attempt_with_the_same_url():
    group, attempt = started()
    first = VNPayProvider().start(group).redirect_url
    assert VNPayProvider().start(group).redirect_url == first
    assert PaymentAttempt.objects.filter(group=group).count() == 1


def test_after_a_failure_or_near_expiry_start_opens_a_new_attempt():
    group, attempt = started()
    ipn_apply(callback(attempt, code="24"))
    VNPayProvider().start(group)
    assert PaymentAttempt.objects.filter(group=group).count() == 2
    newest = PaymentAttempt.objects.filter(group=group).latest("pk")
    PaymentAttempt.objects.filter(pk=newest.pk).update(created_at=timezone.now() - timedelta(minutes=14))
    VNPayProvider().start(group)
    assert PaymentAttempt.objects.filter(group=group).count() == 3


def test_the_pay_page_never_outlives_the_group():
    group, attempt = started()  # checkoutComplete already started it
    PaymentGroup.objects.filter(pk=group.pk).update(expires_at=attempt.created_at + timedelta(seconds=330))
    group.refresh_from_db()
    params = dict(parse_qsl(urlsplit(VNPayProvider().start(group).redirect_url).query))
    lifetime = parse_vnp_date(params["vnp_ExpireDate"]) - parse_vnp_date(params["vnp_CreateDate"])
    assert lifetime == timedelta(minutes=5)  # not VNPAY_EXPIRE_MINUTES (15): the group ends first
