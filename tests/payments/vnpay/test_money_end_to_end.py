"""The money of a household seller's sales end to end against the sandbox gateway over real HTTP:
paid by VNPay on the sandbox's page (its signed IPN to the live site) → a partial refund sent to
the sandbox's refund API → completed → released net of commission and withholding → a cash on
delivery sale netted → payout → statement."""

import pytest
import requests
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.accounts.tokens import ACCESS, issue_token
from marketplace.graphql.ids import encode_id
from orders.models import Order, PaymentGroup
from orders.services.lifecycle import order_complete
from payments.ledger.audit import ledger_audit
from payments.settlement.models import Refund
from payments.settlement.payouts import payout_mark, payout_run
from payments.settlement.statements import business_statement
from tests.factories import UserFactory, VariantFactory
from tests.orders.helpers import ready_checkout
from tests.payments.settlement.helpers import bank_accounts_for_all, deliver, owner_of, payable, seller
from tests.payments.vnpay.sandbox_helpers import pay_in_browser, start_sandbox, wait_for

COMPLETE = """mutation($token: ID!, $method: PaymentMethod!) {
  checkoutComplete(token: $token, paymentMethod: $method) {
  paymentGroup { number } orders { id } payment { redirectUrl } errors { code } } }"""
REFUND = """mutation($id: ID!) { refundCreate(orderId: $id, amount: 20000, reason: "Vỡ 1 hũ") {
  refund { id status } errors { code message } } }"""
COD = """mutation($id: ID!, $amount: Int!) { codCollected(orderId: $id, amount: $amount) {
  settlement { commission } errors { code } } }"""


@pytest.fixture
def site(live_server, settings):
    server = start_sandbox(live_server.url + "/payments/vnpay/ipn/")
    settings.VNPAY_PAY_URL, settings.VNPAY_API_URL = server.pay_url, server.api_url
    settings.VNPAY_RETURN_URL = live_server.url + "/payments/vnpay/return/"
    settings.TAX_WITHHOLDING_KINDS = ["household", "cooperative_group"]
    settings.PAYOUT_MINIMUM_AMOUNT = 10_000
    yield live_server, server
    server.stop()


def graphql(live_server, user, query, variables) -> dict:
    response = requests.post(
        live_server.url + "/graphql/",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {issue_token(user, ACCESS)}"},
        timeout=30,
    )
    return response.json()["data"]


def place(live_server, buyer, variant, method: str) -> dict:
    checkout = ready_checkout(buyer, [(variant, 2)], delivery="pickup")
    placed = graphql(live_server, buyer, COMPLETE, {"token": str(checkout.token), "method": method})
    assert placed["checkoutComplete"]["errors"] == [], placed
    return placed["checkoutComplete"]


@pytest.mark.django_db(transaction=True)
def test_a_household_sellers_money_from_the_sandbox_gateway_to_its_bank_and_statement(site, monkeypatch):
    live_server, sandbox = site
    business, _owner = seller("household")
    variant = VariantFactory(product__business=business, price=100_000, stock=50)
    buyer = UserFactory()

    # Paid on the sandbox's page; its IPN, not the browser's return, records the payment.
    placed = place(live_server, buyer, variant, "VNPAY")
    pay_in_browser(placed["payment"]["redirectUrl"], "success")
    group = PaymentGroup.objects.get(number=placed["paymentGroup"]["number"])
    assert group.status == PaymentGroup.Status.PAID
    order = Order.objects.get(payment_group=group)

    # A partial refund goes back through the sandbox's refund API (type 03, after the commit).
    answer = graphql(live_server, owner_of(order), REFUND, {"id": encode_id("Order", order.pk)})[
        "refundCreate"
    ]
    assert answer["errors"] == [], answer
    assert wait_for(lambda: Refund.objects.get(order=order).status == Refund.Status.SUCCEEDED)
    assert sandbox.gateway.transactions[group.attempts.get().reference].refunded == 20_000

    # Completed: 180,000 kept → 3 % commission 5,400, 1 % VAT 1,800 and 0.5 % PIT 900 withheld.
    deliver(order)
    order_complete(user=buyer, order_id=order.pk)
    assert payable(business.pk) == 180_000 - 5_400 - 1_800 - 900

    # A cash sale: the seller keeps 200,000 and owes 6,000 + 2,000 + 1,000.
    cod_placed = place(live_server, buyer, variant, "COD")
    cod = Order.objects.get(payment_group__number=cod_placed["paymentGroup"]["number"])
    deliver(cod)
    recorded = graphql(live_server, owner_of(cod), COD, {"id": encode_id("Order", cod.pk), "amount": 200_000})
    assert recorded["codCollected"]["errors"] == []
    net = 171_900 - 9_000
    assert payable(business.pk) == net

    # Netted in the payout, paid by the operator; the statement tells the same story.
    bank_accounts_for_all(monkeypatch)
    finance = UserFactory(role=User.Role.FINANCE)
    (payout,) = payout_run(user=finance).payouts
    assert payout.amount == net
    payout_mark(user=finance, payout_id=payout.pk, paid=True, reference="FT26120100001")
    assert payable(business.pk) == 0
    today = timezone.localdate()
    statement = business_statement(
        user=owner_of(order), business_id=business.pk, date_from=today, date_to=today
    )
    assert (statement.opening, statement.closing, statement.movements) == (0, 0, 0)
    assert (statement.gross, statement.commission, statement.withheld) == (380_000, 11_400, 5_700)
    assert (statement.cod_cash_kept, statement.payouts, statement.refunds_before_release) == (
        200_000,
        net,
        20_000,
    )
    assert ledger_audit().ok
