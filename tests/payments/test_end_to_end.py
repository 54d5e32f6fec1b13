"""The money of a cart from payment to the seller's bank: paid (VNPay's callback through
`payment_collected`) → escrow → a partial refund → completed → released net of commission and
withholding → cash on delivery netted → payout → statement. The order flow and the money
mutations through the API, as the people involved would use them."""

import pytest
from django.db.models import Sum
from django.test import TestCase
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.graphql.ids import encode_id
from orders.models import Order
from orders.services.complete import checkout_complete
from payments.ledger.models import LedgerAccount
from payments.services.collect import Outcome, payment_collected
from tests.factories import UserFactory, VariantFactory
from tests.orders.helpers import ready_checkout
from tests.payments.helpers import open_attempt
from tests.payments.settlement.helpers import bank_accounts_for_all, deliver, payable, placed_order, seller

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _gateways(settings):
    settings.PAYMENT_PROVIDERS = {
        "cod": "payments.providers.CashOnDelivery",
        "vnpay": "tests.payments.settlement.helpers.GatewayTestProvider",
    }
    settings.TAX_WITHHOLDING_KINDS = ["household", "cooperative_group"]
    settings.PAYOUT_MINIMUM_AMOUNT = 10_000


def ledger_sums_to_zero() -> bool:
    totals = LedgerAccount.objects.aggregate(c=Sum("credits_posted"), d=Sum("debits_posted"))
    return totals["c"] == totals["d"]


def test_a_cart_paid_by_vnpay_ends_in_the_sellers_bank_and_statement(gql, monkeypatch):
    bank_accounts_for_all(monkeypatch)
    household, household_owner = seller("household")
    enterprise, enterprise_owner = seller("enterprise")
    buyer = UserFactory()
    tea = VariantFactory(product__business=household, price=200_000, stock=50)
    rice = VariantFactory(product__business=enterprise, price=250_000, stock=50)
    checkout = ready_checkout(buyer, [(tea, 2), (rice, 1)], delivery="post")
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method="vnpay")
    delivery_fee = group.orders.first().delivery_fee
    assert group.amount == 650_000 + 2 * delivery_fee

    # VNPay's IPN says the money arrived.
    attempt = open_attempt(group)
    assert payment_collected(reference=attempt.reference, amount=group.amount).outcome == Outcome.PAID
    tea_order = Order.objects.get(payment_group=group, business=household)
    rice_order = Order.objects.get(payment_group=group, business=enterprise)
    assert tea_order.status == Order.Status.PAID
    assert LedgerAccount.objects.get(code="escrow").balance == group.amount

    # One packet of tea is missing: the household seller refunds it before shipping.
    refund = """mutation($id: ID!) { refundCreate(orderId: $id, amount: 200000, reason: "Thiếu 1 gói chè") {
        errors { code } refund { amount } } }"""
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = gql.login(household_owner)(refund, {"id": encode_id("Order", tea_order.pk)})
    assert result["data"]["refundCreate"]["errors"] == []

    # Delivered; the buyer confirms both.
    complete = "mutation($id: ID!) { orderComplete(id: $id) { errors { code } order { status } } }"
    for order in (tea_order, rice_order):
        deliver(order)
        done = gql.login(buyer)(complete, {"id": encode_id("Order", order.pk)})["data"]["orderComplete"]
        assert done == {"errors": [], "order": {"status": "COMPLETED"}}

    fee = delivery_fee
    # Household: goods 200 000 kept (refund took goods first), fee kept; commission 3 % of goods;
    # withheld 1 % + 0.5 % of goods, 3 % + 1.5 % of the fee (rounded half up each).
    tea_net = (
        200_000
        + fee
        - 6_000
        - (2_000 + (fee * 300 + 5_000) // 10_000)
        - (1_000 + (fee * 150 + 5_000) // 10_000)
    )
    rice_net = 250_000 + fee - 7_500
    assert payable(household.pk) == tea_net
    assert payable(enterprise.pk) == rice_net
    settlement = gql.login(household_owner)(
        "query($id: ID!) { order(id: $id) { settlement { goodsBase sellerNet } refunds { amount status } } }",
        {"id": encode_id("Order", tea_order.pk)},
    )["data"]["order"]
    assert settlement == {
        "settlement": {"goodsBase": 200_000, "sellerNet": tea_net},
        "refunds": [{"amount": 200_000, "status": "SUCCEEDED"}],
    }

    # A cash-on-delivery sale of the household: its commission and tax become a debt.
    cod_order, _ = placed_order(business=household, method="cod", price=100_000, delivery="pickup")
    deliver(cod_order)
    cod = """mutation($id: ID!) { codCollected(orderId: $id, amount: 100000) { errors { code }
        settlement { commission vatWithheld pitWithheld } } }"""
    assert gql.login(household_owner)(cod, {"id": encode_id("Order", cod_order.pk)})["data"][
        "codCollected"
    ] == {
        "errors": [],
        "settlement": {"commission": 3_000, "vatWithheld": 1_000, "pitWithheld": 500},
    }
    assert payable(household.pk) == tea_net - 4_500

    # The finance operator runs the payouts and marks them paid from the bank's receipts.
    finance = gql.login(UserFactory(role=User.Role.FINANCE))
    run = finance(
        "mutation { payoutRun { errors { code } batch { payouts { id amount business { id } } } } }"
    )
    payouts = {p["business"]["id"]: p for p in run["data"]["payoutRun"]["batch"]["payouts"]}
    assert payouts[encode_id("Business", household.pk)]["amount"] == tea_net - 4_500
    assert payouts[encode_id("Business", enterprise.pk)]["amount"] == rice_net
    mark = 'mutation($id: ID!) { payoutMark(payoutId: $id, outcome: PAID, reference: "FT26120199") { errors { code } } }'
    for payout in payouts.values():
        assert finance(mark, {"id": payout["id"]})["data"]["payoutMark"]["errors"] == []
    assert payable(household.pk) == payable(enterprise.pk) == 0

    # The household's statement tells the whole story.
    today = str(timezone.localdate())
    statement = gql.login(household_owner)(
        """query($id: ID!, $d: Date!) { businessStatement(businessId: $id, from: $d, to: $d) {
            openingBalance closingBalance gross commission withheld refunds codNetting payouts } }""",
        {"id": encode_id("Business", household.pk), "d": today},
    )["data"]["businessStatement"]
    withheld = 200_000 + fee - 6_000 - tea_net + 1_500
    assert statement == {
        "openingBalance": 0,
        "closingBalance": 0,
        "gross": 200_000 + fee + 100_000,
        "commission": 9_000,
        "withheld": withheld,
        "refunds": 200_000,
        "codNetting": 4_500,
        "payouts": tea_net - 4_500,
    }
    assert LedgerAccount.objects.get(code="escrow").balance == 0
    assert LedgerAccount.objects.get(code="commission_revenue").balance == 6_000 + 7_500 + 3_000
    assert ledger_sums_to_zero()
