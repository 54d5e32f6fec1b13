"""A wallet-paid order's refund goes back to the wallet that paid it: escrow → the wallet's
account, a REFUND operation on the wallet, the owner told; a frozen wallet still receives it."""

import pytest
from django.utils import timezone

from orders.models import Order
from orders.services.lifecycle import order_cancel
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.settlement.models import Refund
from payments.settlement.refunds import refund_create, refund_dispatch
from payments.vnpay.reconcile import dispatch_lost_refunds
from payments.wallets.models import Wallet, WalletOperation
from payments.wallets.pay import wallet_pay
from tests.factories import UserFactory
from tests.payments.helpers import awaiting_group
from tests.payments.wallets.factories import PIN, available, personal_wallet
from tests.payments.wallets.money_helpers import sms_bodies

pytestmark = pytest.mark.django_db
OP = WalletOperation.Status


def paid_from_wallet(balance=500_000, sellers=1):
    wallet = personal_wallet(balance=balance)
    group = awaiting_group(method="wallet", buyer=wallet.user, sellers=sellers)
    wallet_pay(user=wallet.user, group_id=group.pk, pin=PIN)
    return wallet, group, Order.objects.filter(payment_group=group).order_by("pk").first()


def escrow() -> int:
    return LedgerAccount.objects.get(code="escrow").balance


def test_a_full_refund_goes_back_to_the_paying_wallet(django_capture_on_commit_callbacks):
    wallet, group, order = paid_from_wallet()
    finance = UserFactory(role="finance")
    with django_capture_on_commit_callbacks(execute=True):
        refund = refund_create(user=finance, order_id=order.pk, amount=None, reason="Hết hàng")
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and refund.method == "wallet"
    assert available(wallet) == 500_000 and escrow() == 0
    operation = WalletOperation.objects.get(wallet=wallet, kind=WalletOperation.Kind.REFUND)
    assert operation.status == OP.COMPLETED and operation.amount == order.total
    assert operation.hold_id == refund.hold_id and refund.reference == operation.reference
    assert operation.payment_group_id == group.pk
    keys = set(JournalEntry.objects.filter(kind="wallet_refund").values_list("key", flat=True))
    assert keys == {f"wallet:{operation.pk}:hold", f"wallet:{operation.pk}:post"}
    assert Order.objects.get(pk=order.pk).status == Order.Status.REFUNDED
    assert any(operation.reference in body and order.number in body for body in sms_bodies(wallet))


def test_a_partial_refund_returns_only_its_amount(django_capture_on_commit_callbacks):
    wallet, group, order = paid_from_wallet()
    finance = UserFactory(role="finance")
    with django_capture_on_commit_callbacks(execute=True):
        refund_create(user=finance, order_id=order.pk, amount=10_000, reason="Giao thiếu một món")
    assert available(wallet) == 500_000 - group.amount + 10_000
    assert escrow() == group.amount - 10_000
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_a_buyer_cancelling_a_paid_order_gets_the_money_back_in_the_wallet_even_frozen(
    django_capture_on_commit_callbacks,
):
    wallet, group, order = paid_from_wallet(sellers=2)
    Wallet.objects.filter(pk=wallet.pk).update(frozen_at=timezone.now())  # credits still arrive
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(user=wallet.user, order_id=order.pk, reason="Đặt nhầm")
    assert Order.objects.get(pk=order.pk).status == Order.Status.REFUNDED
    assert available(wallet) == 500_000 - group.amount + order.total
    assert escrow() == group.amount - order.total


def test_a_wallet_refund_whose_dispatch_was_lost_is_sent_by_reconciliation():
    wallet, group, order = paid_from_wallet()
    finance = UserFactory(role="finance")
    refund = refund_create(user=finance, order_id=order.pk, amount=None, reason="Hết hàng")  # no commit hooks
    operation = WalletOperation.objects.get(kind=WalletOperation.Kind.REFUND)
    assert operation.status == OP.PENDING and available(wallet) == 500_000 - group.amount
    assert wallet.account.__class__.objects.get(pk=wallet.account_id).credits_pending == order.total
    Refund.objects.filter(pk=refund.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    assert dispatch_lost_refunds(now=timezone.now()) == 1
    operation.refresh_from_db()
    assert operation.status == OP.COMPLETED and available(wallet) == 500_000
    refund_dispatch(refund_id=refund.pk)  # a second send changes nothing
    assert available(wallet) == 500_000


def test_a_seller_refunds_before_shipping_and_a_completed_wallet_order_releases_to_the_seller(
    django_capture_on_commit_callbacks,
):
    from orders.services.lifecycle import order_complete
    from tests.payments.settlement.helpers import deliver, owner_of, payable, placed_order

    buyer_wallet = personal_wallet(balance=1_000_000)
    kept, _buyer = placed_order(method="wallet", buyer=buyer_wallet.user, delivery="pickup")
    refunded, _buyer = placed_order(method="wallet", buyer=buyer_wallet.user, delivery="pickup")
    for order in (kept, refunded):
        wallet_pay(user=buyer_wallet.user, group_id=order.payment_group_id, pin=PIN)
    with django_capture_on_commit_callbacks(execute=True):
        refund_create(user=owner_of(refunded), order_id=refunded.pk, amount=5_000, reason="Giảm giá")
    assert available(buyer_wallet) == 1_000_000 - kept.total - refunded.total + 5_000
    kept.refresh_from_db()
    deliver(kept)
    order_complete(user=buyer_wallet.user, order_id=kept.pk)
    assert payable(kept.business_id) > 0  # the escrow was released to the seller as for any payment
    assert escrow() == refunded.total - 5_000
