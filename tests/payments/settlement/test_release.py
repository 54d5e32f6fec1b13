"""Completing an order releases its escrow: seller net, commission, tax withheld (Decree 117)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import OrderEvent
from orders.services.lifecycle import orders_complete_delivered
from payments.settlement.models import OrderSettlement
from payments.settlement.withholding import withholding_on
from tests.factories import OfficerFactory, UserFactory
from tests.payments.settlement.helpers import balance, completed_order, deliver, paid_order, payable

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "vat", "pit"),
    [
        # 1 % + 0.5 % of the goods, 3 % + 1.5 % of the delivery fee
        ("household", 1_000 + 900, 500 + 450),
        ("cooperative_group", 1_000 + 900, 500 + 450),
        # enterprises and cooperatives declare their own taxes
        ("enterprise", 0, 0),
        ("cooperative", 0, 0),
    ],
)
def test_withholding_depends_on_the_kind_of_seller(kind, vat, pit):
    withholding = withholding_on(business_kind=kind, goods=100_000, delivery=30_000)
    assert (withholding.vat, withholding.pit) == (vat, pit)


def test_rates_and_kinds_are_settings_and_round_half_up_to_the_dong(settings):
    settings.TAX_WITHHOLDING_KINDS = ["enterprise"]
    settings.TAX_WITHHOLDING_GOODS_VAT_BPS = 500
    settings.TAX_WITHHOLDING_TRANSPORT_PIT_BPS = 0
    assert withholding_on(business_kind="household", goods=100_000, delivery=0).total == 0
    # 5 % of 12 345 = 617.25 → 617; 0.5 % of 12 345 = 61.725 → 62; 3 % of 50 = 1.5 → 2
    w = withholding_on(business_kind="enterprise", goods=12_345, delivery=50)
    assert (w.vat, w.pit) == (617 + 2, 62)


def test_completing_releases_escrow_net_of_commission_and_withholding():
    order, _buyer = completed_order(kind="household", price=100_000, delivery="post")
    assert order.total == 130_000
    settlement = order.settlement
    assert (settlement.goods_base, settlement.delivery_base) == (100_000, 30_000)
    assert settlement.commission == 3_000
    assert (settlement.vat_withheld, settlement.pit_withheld) == (1_900, 950)
    assert settlement.seller_net == 130_000 - 3_000 - 2_850
    assert payable(order.business_id) == settlement.seller_net
    assert balance("commission_revenue") == 3_000
    assert balance("tax_withheld") == 2_850
    assert balance("escrow") == 0
    assert settlement.entry.key == f"release:{order.number}"


def test_a_cooperative_is_released_without_withholding():
    order, _buyer = completed_order(kind="cooperative", price=100_000, delivery="post")
    assert order.settlement.withheld is False
    assert payable(order.business_id) == 127_000
    assert balance("tax_withheld") == 0


def test_nothing_is_released_before_completion():
    order, _buyer = paid_order(price=80_000)
    deliver(order)
    assert not OrderSettlement.objects.filter(order=order).exists()
    assert payable(order.business_id) == 0
    assert balance("escrow") == order.total


def test_the_automatic_completion_releases_too(settings):
    order, _buyer = paid_order(kind="household", price=50_000, delivery="pickup")
    deliver(order)
    OrderEvent.objects.filter(order=order).update(created_at=timezone.now() - timedelta(days=30))
    assert orders_complete_delivered() == 1
    assert payable(order.business_id) == 50_000 - 1_500 - 500 - 250
    assert balance("escrow") == 0


def test_commission_and_withholding_are_shown_to_the_seller_and_officer_never_the_buyer(gql):
    order, buyer = completed_order(kind="household", price=100_000, delivery="pickup")
    query = """query($id: ID!) { order(id: $id) { settlement { commission vatWithheld pitWithheld sellerNet }
        refunds { amount } } }"""
    from marketplace.graphql.ids import encode_id

    order_id = encode_id("Order", order.pk)
    seen = gql.login(order.business.members.first())(query, {"id": order_id})["data"]["order"]
    assert seen["settlement"] == {
        "commission": 3_000,
        "vatWithheld": 1_000,
        "pitWithheld": 500,
        "sellerNet": 95_500,
    }
    officer = gql.login(OfficerFactory())(query, {"id": order_id})["data"]["order"]
    assert officer["settlement"]["commission"] == 3_000
    finance = gql.login(UserFactory(role="finance"))(query, {"id": order_id})["data"]["order"]
    assert finance["settlement"]["sellerNet"] == 95_500  # finance reads every order to refund it
    as_buyer = gql.login(buyer)(query, {"id": order_id})["data"]["order"]
    assert as_buyer == {"settlement": None, "refunds": []}
    assert gql.login(UserFactory())(query, {"id": order_id})["data"]["order"] is None


def test_an_order_marked_paid_without_money_in_escrow_takes_none_of_the_others():
    from orders.services.lifecycle import order_complete
    from orders.services.payment import payment_group_paid
    from tests.payments.settlement.helpers import placed_order

    funded_order, _ = paid_order(price=100_000, delivery="pickup")
    unfunded, buyer = placed_order(price=100_000, delivery="pickup")
    payment_group_paid(number=unfunded.payment_group.number, amount=unfunded.payment_group.amount)
    unfunded.refresh_from_db()
    deliver(unfunded)
    order_complete(user=buyer, order_id=unfunded.pk)
    assert payable(unfunded.business_id) == 0
    assert balance("escrow") == funded_order.total


def test_a_release_the_ledger_refuses_rolls_back_that_completion_only(monkeypatch):
    from orders.models import Order
    from payments.ledger.errors import LedgerInsufficientFunds
    from payments.settlement import release

    first, _ = paid_order(price=50_000, delivery="pickup")
    second, _ = paid_order(price=60_000, delivery="pickup")
    for order in (first, second):
        deliver(order)
    OrderEvent.objects.update(created_at=timezone.now() - timedelta(days=30))
    real = release.settle_locked

    def refuse_first(order, **kwargs):
        if order.pk == first.pk:
            raise LedgerInsufficientFunds("escrow")
        return real(order, **kwargs)

    monkeypatch.setattr(release, "settle_locked", refuse_first)
    assert orders_complete_delivered() == 1
    assert Order.objects.get(pk=first.pk).status == Order.Status.DELIVERED  # left for the next run
    assert Order.objects.get(pk=second.pk).status == Order.Status.COMPLETED
    assert payable(second.business_id) > 0 and payable(first.business_id) == 0
