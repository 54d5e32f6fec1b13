"""The whole VNPay flow offline, over real HTTP: the site (Django's live server) and the sandbox
gateway on free ports of 127.0.0.1, as `serve_demo` runs them."""

import os
import socket
from io import StringIO

import pytest
import requests
from django.core.management import call_command

from catalog.management.commands.serve_demo import Command as ServeDemo
from marketplace.accounts.tokens import ACCESS, issue_token
from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant
from tests.payments.vnpay.helpers import escrow, pay_entries
from tests.payments.vnpay.sandbox_helpers import pay_in_browser, start_sandbox, wait_for

COMPLETE = """mutation($token: ID!) { checkoutComplete(token: $token, paymentMethod: VNPAY) {
  paymentGroup { id number status } payment { redirectUrl } errors { code } } }"""
START = (
    """mutation($id: ID!) { paymentStart(paymentGroupId: $id) { payment { redirectUrl } errors { code } } }"""
)


@pytest.fixture
def site(live_server, settings):
    server = start_sandbox(live_server.url + "/payments/vnpay/ipn/")
    settings.VNPAY_PAY_URL, settings.VNPAY_API_URL = server.pay_url, server.api_url
    settings.VNPAY_RETURN_URL = live_server.url + "/payments/vnpay/return/"
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("choice", "paid"), [("success", True), ("insufficient", False)])
def test_a_buyer_pays_by_vnpay_on_the_sandbox_and_comes_back_to_the_result(site, choice, paid):
    live_server, sandbox = site
    buyer = UserFactory()
    variant, _ = seller_variant(price=85_000, stock=10)
    checkout = ready_checkout(buyer, [(variant, 2)], delivery="pickup")
    placed = graphql(live_server, buyer, COMPLETE, {"token": str(checkout.token)})["checkoutComplete"]
    assert placed["errors"] == [] and placed["payment"]["redirectUrl"].startswith(sandbox.pay_url)
    again = graphql(live_server, buyer, START, {"id": placed["paymentGroup"]["id"]})["paymentStart"]
    assert again["payment"]["redirectUrl"] == placed["payment"]["redirectUrl"]

    returned = pay_in_browser(placed["payment"]["redirectUrl"], choice)
    page = requests.get(live_server.url + "/payments/vnpay/return/", params=returned, timeout=30)

    group = PaymentGroup.objects.get(number=placed["paymentGroup"]["number"])
    attempt = PaymentAttempt.objects.get(group=group)
    assert sandbox.gateway.transactions[attempt.reference].ipn_answers == ["00"]
    if paid:
        assert (group.status, attempt.status) == (PaymentGroup.Status.PAID, PaymentAttempt.Status.PAID)
        assert (escrow(), pay_entries(attempt)) == (170_000, 1)
        assert "Thanh toán thành công" in page.text
    else:
        assert (group.status, attempt.status) == (
            PaymentGroup.Status.AWAITING_PAYMENT,
            PaymentAttempt.Status.FAILED,
        )
        assert "không đủ số dư" in page.text
        # The buyer may try again: a new attempt, a new pay page.
        retry = graphql(live_server, buyer, START, {"id": placed["paymentGroup"]["id"]})["paymentStart"]
        assert retry["payment"]["redirectUrl"] != placed["payment"]["redirectUrl"]


def test_serve_demo_starts_the_sandbox_where_the_settings_point(settings, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.VNPAY_PAY_URL = f"http://127.0.0.1:{port}/paymentv2/vpcpay.html"
    environ = {k: v for k, v in os.environ.items() if k not in ("VNPAY_IPN_URL", "VNPAY_RETURN_URL")}
    monkeypatch.setattr(os, "environ", environ)  # what serve_demo sets for its server stays here
    ServeDemo()._start_vnpay_sandbox("http://127.0.0.1:8080")
    assert settings.VNPAY_IPN_URL == "http://127.0.0.1:8080/payments/vnpay/ipn/"
    assert settings.VNPAY_RETURN_URL == "http://127.0.0.1:8080/payments/vnpay/return/"
    assert environ["VNPAY_IPN_URL"] == settings.VNPAY_IPN_URL  # inherited by the reloaded server

    def answers():
        try:
            return requests.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    assert wait_for(answers)


def test_the_sandbox_command_stays_off_when_the_settings_point_at_vnpay(settings):
    settings.VNPAY_PAY_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    out = StringIO()
    call_command("vnpay_sandbox", if_configured=True, stdout=out)  # returns instead of serving
    assert "không chạy cổng thử nghiệm" in out.getvalue()
