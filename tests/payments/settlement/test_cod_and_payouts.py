"""Cash on delivery becomes the seller's debt for commission and tax, netted in the next payout;
payouts are held in transit until the operator marks them paid or failed."""

import pytest

from marketplace.accounts.models import User
from marketplace.errors import PermissionDenied
from orders.models import Order
from orders.services.lifecycle import order_complete
from payments.settlement.cod import cod_collected
from payments.settlement.errors import (
    CodAmountMismatch,
    CodNotCashOnDelivery,
    CodNotDelivered,
    PayoutAlreadyResolved,
)
from payments.settlement.exports import payout_batch_csv
from payments.settlement.models import Payout
from payments.settlement.payouts import payout_mark, payout_run
from tests.factories import OfficerFactory, UserFactory
from tests.parallel import run_in_parallel
from tests.payments.settlement.helpers import (
    balance,
    bank_accounts_for_all,
    completed_order,
    deliver,
    owner_of,
    paid_order,
    payable,
    placed_order,
    seller,
)

pytestmark = pytest.mark.django_db


def finance():
    return UserFactory(role=User.Role.FINANCE)


def delivered_cod(**kwargs) -> Order:
    order, _buyer = placed_order(method="cod", **kwargs)
    return deliver(order)


def test_cod_collected_makes_commission_and_withholding_the_sellers_debt():
    order = delivered_cod(kind="household", price=100_000, delivery="pickup")
    settlement = cod_collected(user=owner_of(order), order_id=order.pk, amount=100_000)
    assert (settlement.commission, settlement.vat_withheld, settlement.pit_withheld) == (3_000, 1_000, 500)
    assert payable(order.business_id) == -4_500
    assert balance("commission_revenue") == 3_000
    assert balance("tax_withheld") == 1_500
    assert balance("cod_clearing") == 0 and balance("escrow") == 0
    again = cod_collected(user=owner_of(order), order_id=order.pk, amount=100_000)
    assert again.pk == settlement.pk and payable(order.business_id) == -4_500


def test_cod_is_recorded_only_by_the_seller_after_delivery_for_the_whole_total():
    order, buyer = placed_order(method="cod", price=60_000, delivery="pickup")
    owner = owner_of(order)
    with pytest.raises(CodNotDelivered):
        cod_collected(user=owner, order_id=order.pk, amount=60_000)
    deliver(order)
    with pytest.raises(CodAmountMismatch):
        cod_collected(user=owner, order_id=order.pk, amount=59_000)
    with pytest.raises(PermissionDenied):
        cod_collected(user=buyer, order_id=order.pk, amount=60_000)
    with pytest.raises(PermissionDenied):
        cod_collected(user=OfficerFactory(), order_id=order.pk, amount=60_000)
    prepaid, _ = paid_order(price=10_000)
    with pytest.raises(CodNotCashOnDelivery):
        cod_collected(user=owner_of(prepaid), order_id=prepaid.pk, amount=prepaid.total)


def test_completing_a_cod_order_the_seller_never_recorded_settles_it_once():
    order = delivered_cod(kind="household", price=100_000, delivery="pickup")
    order_complete(user=order.buyer, order_id=order.pk)
    # The commission and the tax withheld are the seller's debt even if it never said it took
    # the cash: completion (the buyer's, or the automatic one) settles the sale.
    assert payable(order.business_id) == -4_500
    assert balance("commission_revenue") == 3_000 and balance("tax_withheld") == 1_500
    again = cod_collected(user=owner_of(order), order_id=order.pk, amount=100_000)
    assert again.order_id == order.pk and payable(order.business_id) == -4_500


def test_completing_a_recorded_cod_order_moves_no_more_money():
    order = delivered_cod(kind="household", price=100_000, delivery="pickup")
    cod_collected(user=owner_of(order), order_id=order.pk, amount=100_000)
    order_complete(user=order.buyer, order_id=order.pk)
    assert payable(order.business_id) == -4_500


def test_the_cod_debt_is_netted_in_the_next_payout(monkeypatch):
    bank_accounts_for_all(monkeypatch)
    business, _owner = seller("household")
    prepaid, _ = completed_order(business=business, price=200_000, delivery="pickup")
    cod = delivered_cod(business=business, price=100_000, delivery="pickup")
    cod_collected(user=owner_of(cod), order_id=cod.pk, amount=100_000)
    expected = (200_000 - 6_000 - 3_000) - (3_000 + 1_500)
    assert payable(business.pk) == expected
    run = payout_run(user=finance())
    [payout] = run.payouts
    assert payout.amount == expected and payout.business_id == business.pk
    assert payable(business.pk) == expected  # still owed until paid: held in transit
    csv = payout_batch_csv(run.batch).decode("utf-8-sig")
    assert f"{expected}" in csv and "NGUYEN VAN AN" in csv


def test_a_paid_payout_leaves_the_payable_and_a_failed_one_returns_to_it(monkeypatch):
    bank_accounts_for_all(monkeypatch)
    first, _ = completed_order(kind="enterprise", price=100_000, delivery="pickup")
    second, _ = completed_order(kind="enterprise", price=50_000, delivery="pickup")
    run = payout_run(user=finance())
    by_business = {p.business_id: p for p in run.payouts}
    paid = payout_mark(
        user=finance(), payout_id=by_business[first.business_id].pk, paid=True, reference="FT1"
    )
    failed = payout_mark(
        user=finance(), payout_id=by_business[second.business_id].pk, paid=False, note="Sai số TK"
    )
    assert (paid.status, failed.status) == (Payout.Status.PAID, Payout.Status.FAILED)
    assert payable(first.business_id) == 0
    assert payable(second.business_id) == 48_500
    assert balance("payouts_in_transit") == 0
    # Clearing accounts are debit-normal: money in debits them, money sent out credits them.
    assert balance("bank_clearing") == 97_000
    with pytest.raises(PayoutAlreadyResolved):
        payout_mark(user=finance(), payout_id=paid.pk, paid=False)
    # the failed one is paid again by the next run
    assert [p.amount for p in payout_run(user=finance()).payouts] == [48_500]


def test_a_suspended_sellers_money_is_held_until_it_is_reinstated(monkeypatch):
    from marketplace.businesses.models import Business

    order, _ = completed_order(kind="enterprise", price=100_000, delivery="pickup")
    bank_accounts_for_all(monkeypatch)
    Business.objects.filter(pk=order.business_id).update(status=Business.Status.SUSPENDED)
    run = payout_run(user=finance())
    assert run.batch is None and [pk for pk, _ in run.skipped] == [order.business_id]
    assert payable(order.business_id) == 97_000
    Business.objects.filter(pk=order.business_id).update(status=Business.Status.APPROVED)
    assert [p.amount for p in payout_run(user=finance()).payouts] == [97_000]


def test_who_runs_payouts_and_who_is_skipped(monkeypatch):
    order, _ = completed_order(kind="enterprise", price=100_000, delivery="pickup")
    with pytest.raises(PermissionDenied):
        payout_run(user=OfficerFactory())
    with pytest.raises(PermissionDenied):
        payout_run(user=owner_of(order))
    run = payout_run(user=finance())  # no bank account registered
    assert run.batch is None and [pk for pk, _ in run.skipped] == [order.business_id]
    bank_accounts_for_all(monkeypatch)
    assert len(payout_run(user=None).payouts) == 1  # the scheduled job
    again = payout_run(user=None)
    assert (again.batch, again.payouts, again.skipped) == (None, [], [])  # all of it is in transit


def test_payout_mutations_through_the_api(gql, monkeypatch):
    bank_accounts_for_all(monkeypatch)
    completed_order(kind="enterprise", price=100_000, delivery="pickup")
    run = gql.login(finance())(
        "mutation { payoutRun { errors { code } batch { id total csvUrl payouts { id amount } } } }"
    )
    batch = run["data"]["payoutRun"]["batch"]
    assert batch["total"] == 97_000
    response = gql.client.get(batch["csvUrl"], HTTP_AUTHORIZATION=f"Bearer {gql.token}")
    assert response.status_code == 200 and "97000" in response.content.decode("utf-8-sig")
    mark = """mutation($id: ID!) { payoutMark(payoutId: $id, outcome: PAID, reference: "FT9") {
        errors { code } payout { status reference } } }"""
    done = gql(mark, {"id": batch["payouts"][0]["id"]})["data"]["payoutMark"]
    assert done == {"errors": [], "payout": {"status": "PAID", "reference": "FT9"}}
    response = gql.client.get(batch["csvUrl"], HTTP_AUTHORIZATION=f"Bearer {gql.token}")
    assert "97000" not in response.content.decode("utf-8-sig")  # paid: not asked of the bank again
    officer = gql.login(OfficerFactory())
    assert officer("mutation { payoutRun { errors { code } } }")["data"]["payoutRun"]["errors"][0][
        "code"
    ] == ("PERMISSION_DENIED")
    assert gql.client.get(batch["csvUrl"], HTTP_AUTHORIZATION=f"Bearer {gql.token}").status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_runs_and_cod_debts_never_pay_out_more_than_the_payable(monkeypatch):
    bank_accounts_for_all(monkeypatch)
    business, _owner = seller("household")
    completed_order(business=business, price=200_000, delivery="pickup")
    cods = [delivered_cod(business=business, price=100_000, delivery="pickup") for _ in range(3)]
    staff = finance()
    calls = [lambda: payout_run(user=staff) for _ in range(3)]
    calls += [
        (lambda order=order: cod_collected(user=owner_of(order), order_id=order.pk, amount=100_000))
        for order in cods
    ]
    results = run_in_parallel(*calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    payouts = list(Payout.objects.filter(business=business))
    assert len(payouts) <= 1
    account_balance = payable(business.pk)
    assert account_balance == 191_000 - 3 * 4_500
    for payout in payouts:
        # held at the moment it was made, from what was there then; never more than the sale
        assert payout.amount <= 191_000
    from payments.ledger.models import LedgerAccount

    account = LedgerAccount.objects.get(code=f"business:{business.pk}")
    assert account.debits_pending == sum(p.amount for p in payouts)
