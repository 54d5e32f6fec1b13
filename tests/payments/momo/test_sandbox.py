"""The local sandbox speaks MoMo's protocol: create, pay page, signed IPN POST retried until 204,
signed redirect, query and refund. Started on a free port of 127.0.0.1 and driven over HTTP."""

import time

import pytest
import requests

from payments.momo.client import MomoClient
from payments.momo.protocol import MomoBadResponse
from tests.payments.momo.sandbox_helpers import (
    ACCESS_KEY,
    PARTNER_CODE,
    SECRET_KEY,
    IpnReceiver,
    pay_in_browser,
    start_sandbox,
    wait_for,
)

ORDER = "TT2612010001ABCD"


@pytest.fixture
def receiver():
    receiver = IpnReceiver(204)
    yield receiver
    receiver.stop()


@pytest.fixture
def sandbox():
    server = start_sandbox()
    yield server
    server.stop()


def client_for(server, secret=SECRET_KEY) -> MomoClient:
    return MomoClient(
        partner_code=PARTNER_CODE, access_key=ACCESS_KEY, secret_key=secret, endpoint=server.url
    )


def create(server, receiver, order_id=ORDER, amount=150_000, secret=SECRET_KEY):
    return client_for(server, secret).create(
        order_id=order_id,
        amount=amount,
        order_info="Thanh toán đơn TT2612010001 tại Chợ Số",
        redirect_url="http://127.0.0.1:9/payments/momo/return/",
        ipn_url=receiver.url,
    )


def test_create_answers_a_pay_page_a_deeplink_and_a_qr(sandbox, receiver):
    answer = create(sandbox, receiver)
    assert answer.accepted and answer.pay_url.startswith(sandbox.url + "/v2/gateway/pay?t=")
    assert answer.deeplink.startswith("momo://") and answer.qr_code_url.startswith("momo://")
    page = requests.get(answer.pay_url, timeout=10)
    assert page.status_code == 200
    assert (
        '<html lang="vi">' in page.text and "width=device-width" in page.text and "<script" not in page.text
    )
    assert "150.000 ₫" in page.text and "Chợ Số" in page.text
    # The same orderId twice is MoMo's 41; a request signed with another secret is 13.
    assert create(sandbox, receiver).result_code == 41
    assert create(sandbox, receiver, order_id="OTHER1", secret="SOMEONE-ELSES").result_code == 13
    assert create(sandbox, receiver, order_id="SMALL1", amount=999).result_code == 22


@pytest.mark.parametrize(("choice", "code"), [("success", 0), ("insufficient", 1001), ("deny", 1006)])
def test_the_choice_is_posted_as_a_signed_ipn_then_the_browser_returns_signed(
    sandbox, receiver, choice, code
):
    returned = pay_in_browser(create(sandbox, receiver).pay_url, choice)
    client = client_for(sandbox)
    assert len(receiver.received) == 1  # the IPN arrived before the browser was sent back
    ipn = receiver.received[0]
    assert client.verify_callback(ipn) and client.verify_callback(returned)
    assert (ipn["resultCode"], ipn["orderId"], ipn["amount"]) == (code, ORDER, 150_000)
    assert (returned["resultCode"], returned["amount"]) == (str(code), "150000")
    assert not client_for(sandbox, secret="SOMEONE-ELSES").verify_callback(ipn)


def test_the_ipn_is_retried_until_the_merchant_answers_204(sandbox, receiver):
    receiver.statuses = [503, 400, 204]
    pay_in_browser(create(sandbox, receiver).pay_url)
    transaction = sandbox.gateway.transactions[ORDER]
    assert wait_for(lambda: len(transaction.ipn_answers) == 3)
    assert transaction.ipn_answers == [503, 400, 204]
    assert receiver.received[0] == receiver.received[2]  # the same signed body each time


def test_a_decided_payment_cannot_be_paid_again(sandbox, receiver):
    url = create(sandbox, receiver).pay_url
    pay_in_browser(url, "success")
    assert requests.get(url, timeout=10).status_code == 400


def test_a_choice_after_the_link_expired_ends_as_1005(receiver):
    server = start_sandbox(expire_minutes=0)
    try:
        time.sleep(0.01)  # not a timed assertion: the link's lifetime is zero
        returned = pay_in_browser(create(server, receiver).pay_url, "success")
        assert returned["resultCode"] == str(receiver.received[0]["resultCode"]) == "1005"
    finally:
        server.stop()


def test_query_reports_the_payment_and_unknown_orders(sandbox, receiver):
    client = client_for(sandbox)
    create(sandbox, receiver)
    assert client.query(order_id=ORDER).pending
    pay_in_browser(create_url(sandbox))
    result = client.query(order_id=ORDER)
    assert (result.paid, result.amount, result.trans_id) == (
        True,
        150_000,
        str(sandbox.gateway.transactions[ORDER].trans_id),
    )
    assert client.query(order_id="NOPE").result_code == 42
    forger = client_for(sandbox, secret="SOMEONE-ELSES")
    assert forger.query(order_id=ORDER).result_code == 13


def create_url(server) -> str:
    token = server.gateway.transactions[ORDER].token
    return f"{server.url}/v2/gateway/pay?t={token}"


def test_refund_partial_then_more_than_remains_is_refused(sandbox, receiver):
    pay_in_browser(create(sandbox, receiver).pay_url)
    client = client_for(sandbox)
    trans_id = str(sandbox.gateway.transactions[ORDER].trans_id)

    def refund(amount, n):
        return client.refund(refund_order_id=f"{ORDER}-R{n}-1", amount=amount, trans_id=trans_id)

    assert refund(100_000, 1).accepted
    assert refund(100_000, 2).result_code == 1081
    assert refund(50_000, 1).result_code == 41  # the same refund orderId again
    assert refund(50_000, 3).accepted
    assert [r["amount"] for r in sandbox.gateway.refunds.values()] == [100_000, 50_000]
    assert client.refund(refund_order_id="R-X", amount=1_000, trans_id="123").result_code == 42


def test_an_answer_about_another_order_is_not_trusted(sandbox, receiver, monkeypatch):
    create(sandbox, receiver)
    original = sandbox.gateway.query
    monkeypatch.setattr(
        sandbox.gateway, "query", lambda request, origin="": {**original(request), "orderId": "X"}
    )
    with pytest.raises(MomoBadResponse):
        client_for(sandbox).query(order_id=ORDER)
