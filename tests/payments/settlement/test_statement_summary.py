"""The statement's summary reconciles: opening + every named movement = closing, for a period
with a VNPay sale, a partial and a full refund before release, a cash-on-delivery sale, a payout
that failed and one that was paid. Refunds of money that never reached the seller's payable are
information, not a movement; the COD cash the seller kept is its own total."""

import csv
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from marketplace.accounts.models import User
from orders.services.lifecycle import order_complete
from payments.ledger.models import LedgerAccount
from payments.settlement.cod import cod_collected
from payments.settlement.exports import statement_csv
from payments.settlement.payouts import payout_mark, payout_run
from payments.settlement.refunds import refund_create
from payments.settlement.statements import business_statement
from tests.factories import UserFactory
from tests.payments.settlement.helpers import (
    bank_accounts_for_all,
    committed,
    completed_order,
    deliver,
    paid_order,
    payable,
    placed_order,
    seller,
)

pytestmark = pytest.mark.django_db


def _statement(owner, business, days=7):
    today = timezone.localdate()
    return business_statement(
        user=owner, business_id=business.pk, date_from=today - timedelta(days=days), date_to=today
    )


def _available(business) -> int:
    return LedgerAccount.objects.get(code=f"business:{business.pk}").available


def _summary_adds_up_in_the_csv(statement) -> None:
    """A reader of the file: opening, then each (+)/(−) line, gives the closing balance."""
    rows = list(csv.reader(io.StringIO(statement_csv(statement).decode("utf-8-sig"))))
    values = {row[0]: int(row[1]) for row in rows[:20] if len(row) == 2 and row[1].lstrip("-").isdigit()}
    total = values["Số dư đầu kỳ (đ)"]
    for label, value in values.items():
        total += value if label.startswith("(+)") else -value if label.startswith("(−)") else 0
    assert total == values["Số dư cuối kỳ (đ)"] == statement.closing


def test_the_summary_reconciles_with_vnpay_cod_refunds_and_payouts(monkeypatch):
    bank_accounts_for_all(monkeypatch)
    business, owner = seller("household")
    finance = UserFactory(role=User.Role.FINANCE)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=40)):
        completed_order(business=business, price=100_000, delivery="pickup")  # the opening balance
    # A VNPay order, 20 000 refunded before shipping, then completed: 80 000 of goods released.
    partly, buyer = paid_order(business=business, price=100_000, delivery="pickup")
    committed(refund_create, user=owner, order_id=partly.pk, amount=20_000, reason="Thiếu hàng")
    deliver(partly)
    order_complete(user=buyer, order_id=partly.pk)
    # A VNPay order refunded in full before shipping: the money never reaches the payable.
    cancelled, _ = paid_order(business=business, price=60_000, delivery="pickup")
    committed(refund_create, user=owner, order_id=cancelled.pk, amount=None, reason="Hết hàng")
    # A COD sale: the seller keeps the 50 000 cash; its commission and tax become a debt.
    cod, _ = placed_order(business=business, method="cod", price=50_000, delivery="pickup")
    deliver(cod)
    cod_collected(user=owner, order_id=cod.pk, amount=50_000)
    # A payout fails (money back), the next run's is still in transit.
    [failed] = payout_run(user=finance).payouts
    payout_mark(user=finance, payout_id=failed.pk, paid=False, note="Sai số tài khoản")
    [second] = payout_run(user=finance).payouts

    statement = _statement(owner, business)
    opening = 100_000 - 3_000 - 1_500
    assert statement.opening == opening
    assert statement.gross == 80_000 + 50_000
    assert statement.commission == 2_400 + 1_500
    assert statement.withheld == (800 + 400) + (500 + 250)
    assert statement.cod_cash_kept == 50_000
    assert statement.cod_netting == 1_500 + 750
    assert statement.refunds_from_payable == 0
    assert statement.refunds_before_release == 20_000 + 60_000  # information only
    assert statement.payouts == failed.amount + second.amount
    assert statement.payouts_returned == failed.amount
    assert statement.opening + statement.movements == statement.closing
    # The payout in transit has left the balance the seller can be paid.
    assert statement.closing == _available(business) == 0
    assert statement.lines[-1].balance == statement.closing
    assert statement.lines[-1].description == (
        f"Chi trả số {second.pk} (đợt CT{second.batch_id}) về tài khoản ngân hàng"
    )
    assert second.amount == opening + 80_000 - 2_400 - 1_200 - 2_250
    _summary_adds_up_in_the_csv(statement)

    payout_mark(user=finance, payout_id=second.pk, paid=True, reference="FT1")
    after = _statement(owner, business)
    assert (after.closing, after.movements, after.payouts) == (0, statement.movements, statement.payouts)
    assert payable(business.pk) == 0


def test_a_period_starting_with_a_payout_in_transit_opens_without_it(monkeypatch):
    bank_accounts_for_all(monkeypatch)
    business, owner = seller("enterprise")
    finance = UserFactory(role=User.Role.FINANCE)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=40)):
        completed_order(business=business, price=100_000, delivery="pickup")
        [payout] = payout_run(user=finance).payouts
    payout_mark(user=finance, payout_id=payout.pk, paid=False, note="Ngân hàng trả lại")

    statement = _statement(owner, business)
    assert statement.opening == 0  # the payout had left the balance before the period
    assert (statement.payouts_returned, statement.closing) == (97_000, 97_000)
    assert statement.opening + statement.movements == statement.closing == _available(business)
    [line] = statement.lines
    assert (line.kind_label, line.credit) == ("Chi trả", 97_000)
    assert "không thành công" in line.description
