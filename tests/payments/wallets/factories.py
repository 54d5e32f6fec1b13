"""Wallets made directly for tests (the opening service, with its OTP and identity check, has
tests of its own): a Wallet row and its ledger account, ACTIVE, with the PIN `PIN`, funded as a
top-up would be."""

import itertools

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from marketplace.businesses.models import BusinessMember
from payments.ledger.accounts import VNPAY_CLEARING
from payments.ledger.models import LedgerAccount
from payments.ledger.services import Move, ledger_post
from payments.wallets.core import wallet_account_code, wallet_account_create
from payments.wallets.models import Wallet
from tests.factories import UserFactory, business_with_owner

PIN = "246810"
_funding = itertools.count(1)


def personal_wallet(
    user=None,
    *,
    holder_name: str = "Nguyễn Văn An",
    balance: int = 0,
    pin: str = PIN,
    status=Wallet.Status.ACTIVE,
    **fields,
) -> Wallet:
    """A personal wallet of `user` (a new user if None) holding `balance` VND."""
    user = user or UserFactory()
    with transaction.atomic():
        account = wallet_account_create(
            code=wallet_account_code(user_id=user.pk), name=f"Ví {holder_name}", user=user
        )
        wallet = Wallet.objects.create(
            kind=Wallet.Kind.PERSONAL,
            user=user,
            account=account,
            phone=user.phone,
            holder_name=holder_name,
            status=status,
            phone_verified_at=timezone.now() if status == Wallet.Status.ACTIVE else None,
            pin_hash=make_password(pin) if pin else "",
            **fields,
        )
    if balance:
        fund(wallet, balance)
    return wallet


def merchant_wallet(*, balance: int = 0, pin: str = PIN) -> tuple[Wallet, object]:
    """A merchant wallet, its business and the business's owner."""
    business, owner = business_with_owner()
    with transaction.atomic():
        account = wallet_account_create(code=wallet_account_code(business_id=business.pk), name=business.name)
        wallet = Wallet.objects.create(
            kind=Wallet.Kind.MERCHANT,
            status=Wallet.Status.ACTIVE,
            business=business,
            account=account,
            phone=business.phone,
            holder_name=business.name,
            pin_hash=make_password(pin) if pin else "",
        )
    if balance:
        fund(wallet, balance)
    return wallet, owner


def staff_of(wallet: Wallet):
    staff = UserFactory()
    BusinessMember.objects.create(business_id=wallet.business_id, user=staff, role=BusinessMember.Role.STAFF)
    return staff


def fund(wallet: Wallet, amount: int) -> None:
    """Money in as a top-up would bring it (from VNPay's clearing account)."""
    ledger_post(
        key=f"test-fund:{wallet.pk}:{next(_funding)}:{timezone.now().timestamp()}",
        kind="wallet_top_up",
        moves=[Move(VNPAY_CLEARING, wallet.account.code, amount)],
    )


def available(wallet: Wallet) -> int:
    return LedgerAccount.objects.get(pk=wallet.account_id).available


def balance(wallet: Wallet) -> int:
    return LedgerAccount.objects.get(pk=wallet.account_id).balance
