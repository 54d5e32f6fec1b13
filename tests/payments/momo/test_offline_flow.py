"""The whole MoMo flow offline, over real HTTP: the site (Django's live server) and the sandbox
gateway on free ports of 127.0.0.1, as `serve_demo` runs them: checkout → pay on the sandbox's
page → its signed IPN to the live site → paid; the return page; a refund through MoMo's API."""

import os
import socket
from io import StringIO

import pytest
import requests
from django.core.management import call_command

from catalog.management.commands.serve_demo import Command as ServeDemo
from marketplace.accounts.tokens import ACCESS, issue_token
from marketplace.graphql.ids import encode_id
from orders.models import Order, PaymentGroup
from payments.attempts import PaymentAttempt
from payments.settlement.models import Refund
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant
from tests.payments.momo.helpers import clearing, escrow, pay_entries
from tests.payments.momo.sandbox_helpers import pay_in_browser, start_sandbox, wait_for
from tests.payments.settlement.helpers import owner_of

COMPLETE = """mutation($token: ID!) { checkoutComplete(token: $token, paymentMethod: MOMO) {
  paymentGroup { id number status } payment { redirectUrl qrPayload instructions } errors { code } } }"""
START = """mutation($id: ID!) { paymentStart(paymentGroupId: $id) {
  payment { redirectUrl } errors { code message } } }"""
REFUND = """mutation($id: ID!, $amount: Int) { refundCreate(orderId: $id, amount: $amount, reason: "Vỡ 1 hũ") {
  refund { id status } errors { code message } } }"""


@pytest.fixture
def site(live_server, settings):
    server = start_sandbox()
    settings.MOMO_ENDPOINT = server.url
    settings.MOMO_IPN_URL = live_server.url + "/payments/momo/ipn/"
    settings.MOMO_REDIRECT_URL = live_server.url + "/payments/momo/return/"
    yield live_server, server
    server.stop()


def graphql(live_server, user, query, variables):
    response = requests.post(
        live_server.url + "/graphql/",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {issue_token(user, ACCESS)}"},
        timeout=30,
    )
    return response.json()["data"]


def place(live_server, buyer, price=85_000, quantity=2):
    variant, _ = seller_variant(price=price, stock=10)
    checkout = ready_checkout(buyer, [(variant, quantity)], delivery="pickup")
    placed = graphql(live_server, buyer, COMPLETE, {"token": str(checkout.token)})["checkoutComplete"]
    assert placed["errors"] == [], placed
    return placed


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("choice", "paid"), [("success", True), ("insufficient", False)])
def test_a_buyer_pays_by_momo_on_the_sandbox_and_comes_back_to_the_result(site, choice, paid):
    live_server, sandbox = site
    buyer = UserFactory()
    placed = place(live_server, buyer)
    url = placed["payment"]["redirectUrl"]
    assert url.startswith(sandbox.url + "/v2/gateway/pay") and placed["payment"]["qrPayload"].startswith(
        "momo://"
    )
    again = graphql(live_server, buyer, START, {"id": placed["paymentGroup"]["id"]})["paymentStart"]
    assert again["payment"]["redirectUrl"] == url  # the same page, not a second payment

    returned = pay_in_browser(url, choice)
    page = requests.get(live_server.url + "/payments/momo/return/", params=returned, timeout=30)

    group = PaymentGroup.objects.get(number=placed["paymentGroup"]["number"])
    attempt = PaymentAttempt.objects.get(group=group)
    assert sandbox.gateway.transactions[attempt.reference].ipn_answers == [204]
    if paid:
        assert (group.status, attempt.status) == (PaymentGroup.Status.PAID, PaymentAttempt.Status.PAID)
        assert (escrow(), clearing(), pay_entries(attempt)) == (170_000, -170_000, 1)
        assert "Thanh toán thành công" in page.text
    else:
        assert (group.status, attempt.status) == (
            PaymentGroup.Status.AWAITING_PAYMENT,
            PaymentAttempt.Status.FAILED,
        )
        assert "Số dư ví MoMo không đủ" in page.text
        retry = graphql(live_server, buyer, START, {"id": placed["paymentGroup"]["id"]})["paymentStart"]
        assert retry["payment"]["redirectUrl"] != url  # a new attempt, a new page


@pytest.mark.django_db(transaction=True)
def test_a_forged_return_link_shows_nothing(site):
    live_server, _sandbox = site
    page = requests.get(
        live_server.url + "/payments/momo/return/", params={"orderId": "X", "signature": "0"}, timeout=30
    )
    assert page.status_code == 400 and "không phải do MoMo gửi về" in page.text


@pytest.mark.django_db(transaction=True)
def test_a_refund_goes_back_through_the_sandbox_refund_api(site):
    live_server, sandbox = site
    buyer = UserFactory()
    placed = place(live_server, buyer, price=100_000, quantity=2)
    pay_in_browser(placed["payment"]["redirectUrl"])
    order = Order.objects.get(payment_group__number=placed["paymentGroup"]["number"])
    attempt = PaymentAttempt.objects.get(group=order.payment_group)

    answer = graphql(
        live_server, owner_of(order), REFUND, {"id": encode_id("Order", order.pk), "amount": 30_000}
    )
    assert answer["refundCreate"]["errors"] == [], answer
    assert wait_for(lambda: Refund.objects.get(order=order).status == Refund.Status.SUCCEEDED)
    refund = Refund.objects.get(order=order)
    assert sandbox.gateway.transactions[attempt.reference].refunded == 30_000
    (sent,) = sandbox.gateway.refunds.values()
    assert (sent["orderId"], str(sent["transId"])) == (
        f"{attempt.reference}-R{refund.pk}-1",
        refund.reference,
    )
    assert (escrow(), clearing()) == (170_000, -170_000)

    # Another user may not refund it (the seller's members and finance only).
    stranger = graphql(
        live_server, UserFactory(), REFUND, {"id": encode_id("Order", order.pk), "amount": 1_000}
    )
    assert stranger["refundCreate"]["errors"][0]["code"] in ("ORDER_NOT_FOUND", "PERMISSION_DENIED")


def test_serve_demo_starts_the_momo_sandbox_where_the_settings_point(settings, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MOMO_ENDPOINT = f"http://127.0.0.1:{port}"
    environ = {k: v for k, v in os.environ.items() if k not in ("MOMO_IPN_URL", "MOMO_REDIRECT_URL")}
    monkeypatch.setattr(os, "environ", environ)  # what serve_demo sets for its server stays here
    ServeDemo()._start_momo_sandbox("http://127.0.0.1:8080")
    assert settings.MOMO_IPN_URL == "http://127.0.0.1:8080/payments/momo/ipn/"
    assert settings.MOMO_REDIRECT_URL == "http://127.0.0.1:8080/payments/momo/return/"
    assert environ["MOMO_IPN_URL"] == settings.MOMO_IPN_URL  # inherited by the reloaded server

    def answers():
        try:
            return requests.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    assert wait_for(answers)


def test_the_sandbox_command_stays_off_when_the_settings_point_at_momo(settings):
    settings.MOMO_ENDPOINT = "https://test-payment.momo.vn"
    out = StringIO()
    call_command("momo_sandbox", if_configured=True, stdout=out)  # returns instead of serving
    assert "không chạy cổng MoMo thử nghiệm" in out.getvalue()
