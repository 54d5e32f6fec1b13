"""A buyer's wallet from end to end through the API and VNPay's callbacks: top up, pay two
sellers' orders with the PIN, one seller cancels, the money is back in the wallet."""

import pytest

from orders.models import Order, PaymentGroup
from orders.services.lifecycle import order_cancel
from payments.attempts import PaymentAttempt
from payments.ledger.models import LedgerAccount
from payments.vnpay.ipn import ipn_apply
from payments.wallets.models import WalletOperation
from tests.payments.helpers import awaiting_group
from tests.payments.vnpay.helpers import callback
from tests.payments.wallets.factories import PIN, available, personal_wallet
from tests.payments.wallets.money_helpers import PAY, TOP_UP, gid, url_params, use_vnpay

pytestmark = pytest.mark.django_db


def test_top_up_pay_and_a_cancelled_order_refunded_to_the_wallet(
    gql, settings, django_capture_on_commit_callbacks
):
    use_vnpay(settings)
    wallet = personal_wallet()
    gql.login(wallet.user)
    top_up = gql(TOP_UP, {"amount": 200_000, "key": "nap-1"})["data"]["walletTopUp"]
    attempt = PaymentAttempt.objects.get(reference=url_params(top_up["redirectUrl"])["vnp_TxnRef"])
    assert ipn_apply(callback(attempt)) == "00" and available(wallet) == 200_000

    group = awaiting_group(method="wallet", buyer=wallet.user, sellers=2, price=40_000)
    paid = gql(PAY, {"id": gid(group), "pin": PIN, "key": "tra-1"})["data"]["walletPay"]
    assert paid["errors"] == [] and paid["paymentGroup"]["status"] == "PAID"
    assert available(wallet) == 200_000 - group.amount

    order = Order.objects.filter(payment_group=group).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(user=wallet.user, order_id=order.pk, reason="Đổi ý")
    assert available(wallet) == 200_000 - group.amount + order.total
    assert LedgerAccount.objects.get(code="escrow").balance == group.amount - order.total
    kinds = list(WalletOperation.objects.filter(wallet=wallet).values_list("kind", "status"))
    assert kinds == [("top_up", "completed"), ("payment", "completed"), ("refund", "completed")]
    assert PaymentGroup.objects.get(pk=group.pk).status == PaymentGroup.Status.PAID
