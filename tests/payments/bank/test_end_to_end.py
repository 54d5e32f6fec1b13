"""Bank transfer end to end through the real provider: the buyer's QR, the bank's notification,
the order completed and released, the payout to the account the seller registered, and a
refund of a cancelled order left to the operator with the payer's account at hand."""

import pytest
from django.test import TestCase

from orders.models import Order
from orders.services.complete import checkout_complete
from orders.services.lifecycle import order_cancel, order_complete
from payments.banks.services import business_bank_account_set
from payments.banktransfer.provider import BankTransferProvider
from payments.banktransfer.selectors import payer_account_for
from payments.ledger.models import LedgerAccount
from payments.providers import PaymentProvider
from payments.settlement.models import Refund
from payments.settlement.payouts import payout_run
from payments.vietqr import parse_payload
from tests.factories import UserFactory, VariantFactory, business_with_owner
from tests.orders.helpers import ready_checkout
from tests.payments.bank.helpers import finance_operator, notification, webhook_post
from tests.payments.settlement.helpers import deliver

pytestmark = pytest.mark.django_db


def balance(code: str) -> int:
    account = LedgerAccount.objects.filter(code=code).first()
    return account.balance if account else 0


def bank_transfer_order(price: int = 200_000):
    business, owner = business_with_owner(kind="household")
    business_bank_account_set(
        user=owner,
        business_id=business.pk,
        bank_bin="970405",
        account_number="888812345678",
        holder_name="Lò Văn Páo",
    )
    buyer = UserFactory()
    variant = VariantFactory(product__business=business, price=price, stock=10)
    checkout = ready_checkout(buyer, [(variant, 1)], delivery="pickup")
    group = checkout_complete(user=buyer, token=str(checkout.token), payment_method="bank_transfer")
    return group, buyer, business


def pay_by_notification(client, group) -> None:
    qr = parse_payload(BankTransferProvider().start(group).qr_payload)
    body = notification(
        "FT26336999",
        qr.amount,
        f"IBFT {qr.purpose} LO THI MAI",
        payerAccount="0011000999888",
        payerBankBin="970436",
    )
    assert webhook_post(client, body).json()["status"] == "matched"


def test_the_provider_settles_like_every_payments_method():
    provider = BankTransferProvider()
    assert isinstance(provider, PaymentProvider) and provider.refunds_by_gateway is False


def test_paid_by_transfer_completed_released_and_paid_out_to_the_registered_account(client):
    group, buyer, business = bank_transfer_order()
    pay_by_notification(client, group)
    order = Order.objects.get(payment_group=group)
    assert order.status == Order.Status.PAID
    deliver(order)
    order_complete(user=buyer, order_id=order.pk)
    assert balance("escrow") == 0
    net = balance(f"business:{business.pk}")
    assert 0 < net < group.amount  # less commission and withholding

    run = payout_run(user=finance_operator())
    payout = next(p for p in run.payouts if p.business_id == business.pk)
    assert (payout.amount, payout.bank_bin, payout.bank_account_number, payout.bank_account_name) == (
        net,
        "970405",
        "888812345678",
        "LO VAN PAO",
    )


def test_a_cancelled_transfer_order_waits_for_the_operator_with_the_payers_account(client):
    group, buyer, _business = bank_transfer_order()
    pay_by_notification(client, group)
    order = Order.objects.get(payment_group=group)
    with TestCase.captureOnCommitCallbacks(execute=True):
        order_cancel(user=buyer, order_id=order.pk, reason="Đặt nhầm")
    refund = Refund.objects.get(order=order)
    assert refund.status == Refund.Status.PENDING  # no gateway: the operator transfers it back
    payer = payer_account_for(group.attempts.get())
    assert (payer.bank_bin, payer.account_number) == ("970436", "0011000999888")
