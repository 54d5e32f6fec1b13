"""The local sandbox gateway speaks VNPay's protocol: pay page, signed IPN with retries, signed
return redirect, querydr and refund. Started on a free port of 127.0.0.1 and driven over HTTP."""

from datetime import UTC, datetime

import pytest
import requests

from payments.vnpay.client import VN_TZ, VNPayBadResponse, VNPayClient
from tests.payments.vnpay.sandbox_helpers import (
    SECRET,
    TMN_CODE,
    IpnReceiver,
    pay_in_browser,
    start_sandbox,
    wait_for,
)

CREATED = datetime(2026, 12, 1, 9, 0, tzinfo=VN_TZ)


@pytest.fixture
def receiver():
    receiver = IpnReceiver("00")
    yield receiver
    receiver.stop()


@pytest.fixture
def sandbox(receiver):
    server = start_sandbox(receiver.url)
    yield server
    server.stop()


def client_for(server, secret=SECRET) -> VNPayClient:
    return VNPayClient(tmn_code=TMN_CODE, hash_secret=secret, pay_url=server.pay_url, api_url=server.api_url)


def pay_url(server, txn_ref="TT2612010001A1", amount=150_000, secret=SECRET, created_at=None) -> str:
    return client_for(server, secret).payment_url(
        txn_ref=txn_ref,
        amount=amount,
        order_info="Thanh toán đơn TT2612010001",
        ip_addr="203.0.113.7",
        return_url="http://127.0.0.1:9/payments/vnpay/return/",
        locale="vn",
        created_at=created_at or datetime.now(UTC),
        expire_minutes=15,
    )


def test_pay_page_is_vietnamese_works_without_script_and_fits_a_phone(sandbox):
    page = requests.get(pay_url(sandbox), timeout=10)
    assert page.status_code == 200
    assert '<html lang="vi">' in page.text and "width=device-width" in page.text
    assert "<script" not in page.text
    assert "150.000 ₫" in page.text
    for label in ("Thanh toán thành công", "không đủ số dư (51)", "Huỷ thanh toán (24)"):
        assert label in page.text


def test_pay_page_refuses_a_request_signed_with_another_secret(sandbox):
    page = requests.get(pay_url(sandbox, secret="SOMEONE-ELSES-SECRET"), timeout=10)
    assert page.status_code == 400
    assert "Sai chữ ký" in page.text


@pytest.mark.parametrize(
    ("choice", "code", "status"),
    [("success", "00", "00"), ("insufficient", "51", "02"), ("cancel", "24", "02")],
)
def test_the_choice_is_sent_as_a_signed_ipn_then_the_browser_returns_signed(
    sandbox, receiver, choice, code, status
):
    returned = pay_in_browser(pay_url(sandbox), choice)
    client = client_for(sandbox)
    assert len(receiver.received) == 1  # the IPN arrived before the browser was sent back
    ipn = receiver.received[0]
    for params in (ipn, returned):
        assert client.verify(params)
        assert (params["vnp_ResponseCode"], params["vnp_TransactionStatus"]) == (code, status)
        assert (params["vnp_TxnRef"], params["vnp_Amount"]) == ("TT2612010001A1", "15000000")


def test_ipn_is_retried_until_the_merchant_confirms(sandbox, receiver):
    receiver.answers = ["99", "97", "02"]
    pay_in_browser(pay_url(sandbox))
    transaction = sandbox.gateway.transactions["TT2612010001A1"]
    # The gateway records an answer after reading it, a moment after the receiver sent it.
    assert wait_for(lambda: len(transaction.ipn_answers) == 3)
    assert transaction.ipn_answers == ["99", "97", "02"]
    assert len(receiver.received) == 3
    assert receiver.received[0] == receiver.received[2]  # the same signed callback each time


def test_a_decided_transaction_cannot_be_paid_again(sandbox):
    url = pay_url(sandbox)
    pay_in_browser(url, "success")
    assert requests.get(url, timeout=10).status_code == 400


def test_querydr_reports_the_payment_with_a_signed_answer(sandbox):
    created = datetime.now(UTC).replace(microsecond=0)
    pay_in_browser(pay_url(sandbox, created_at=created))
    client = client_for(sandbox)
    result = client.query(txn_ref="TT2612010001A1", transaction_date=created, ip_addr="127.0.0.1")
    assert (result.paid, result.amount, result.transaction_no) == (
        True,
        150_000,
        sandbox.gateway.transactions["TT2612010001A1"].transaction_no,
    )
    # TransactionDate must be the original CreateDate, as at VNPay.
    other_day = client.query(txn_ref="TT2612010001A1", transaction_date=CREATED, ip_addr="127.0.0.1")
    assert other_day.response_code == "91"
    assert client.query(txn_ref="TT0000", transaction_date=created, ip_addr="127.0.0.1").response_code == "91"


def test_api_requests_with_a_bad_signature_answer_97_and_change_nothing(sandbox):
    pay_in_browser(pay_url(sandbox))
    forger = client_for(sandbox, secret="SOMEONE-ELSES-SECRET")
    request = forger._query_request("TT2612010001A1", CREATED, "127.0.0.1", "", None)
    assert sandbox.gateway.querydr(request)["vnp_ResponseCode"] == "97"
    with pytest.raises(VNPayBadResponse):  # its answer is signed with the gateway's secret, not the forger's
        forger.refund(
            txn_ref="TT2612010001A1",
            amount=150_000,
            transaction_no="1",
            transaction_date=CREATED,
            full=True,
            create_by="x",
            ip_addr="127.0.0.1",
        )
    assert sandbox.gateway.refunds == []


def test_refund_partial_then_more_than_remains_is_refused(sandbox):
    created = datetime.now(UTC)
    pay_in_browser(pay_url(sandbox, created_at=created))
    transaction = sandbox.gateway.transactions["TT2612010001A1"]
    client = client_for(sandbox)

    def refund(amount, full):
        return client.refund(
            txn_ref="TT2612010001A1",
            amount=amount,
            transaction_no=transaction.transaction_no,
            transaction_date=created,
            full=full,
            create_by="test",
            ip_addr="127.0.0.1",
        )

    assert refund(100_000, False).accepted
    assert refund(100_000, False).response_code == "03"
    assert refund(150_000, True).response_code == "03"
    assert refund(50_000, False).accepted
    assert [r["amount"] for r in sandbox.gateway.refunds] == [100_000, 50_000]


def test_a_failed_payment_cannot_be_refunded(sandbox):
    created = datetime.now(UTC)
    pay_in_browser(pay_url(sandbox, created_at=created), "insufficient")
    answer = client_for(sandbox).refund(
        txn_ref="TT2612010001A1",
        amount=150_000,
        transaction_no="0",
        transaction_date=created,
        full=True,
        create_by="test",
        ip_addr="127.0.0.1",
    )
    assert answer.response_code == "95"


def test_a_choice_made_after_the_pay_page_expired_ends_as_timed_out(sandbox, receiver):
    returned = pay_in_browser(pay_url(sandbox, created_at=datetime(2026, 1, 1, 9, 0, tzinfo=VN_TZ)))
    assert returned["vnp_ResponseCode"] == receiver.received[0]["vnp_ResponseCode"] == "11"
