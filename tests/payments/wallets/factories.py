"""Wallets for the money tests, made directly (the opening service, with its OTP and identity
check, is another helper's): a Wallet row and its ledger account, ACTIVE, with a PIN."""

import itertools

from django.contrib.auth.hashers import make_password

from payments.ledger.accounts import VNPAY_CLEARING
from payments.ledger.services import Move, ledger_post
from payments.wallets.core import wallet_account_code, wallet_account_create
from payments.wallets.models import Wallet
from tests.factories import UserFactory

PIN = "270419"


def wallet_for(user=None, *, pin: str = PIN, status=Wallet.Status.ACTIVE, balance: int = 0) -> Wallet:
    """A personal wallet of `user` (a new user if None), holding `balance` VND."""
    user = user or UserFactory()
    account = wallet_account_create(
        code=wallet_account_code(user_id=user.pk), name=f"Ví {user.pk}", user=user
    )
    wallet = Wallet.objects.create(
        kind=Wallet.Kind.PERSONAL,
        status=status,
        user=user,
        account=account,
        phone=user.phone,
        holder_name="Nguyễn Văn An",
        pin_hash=make_password(pin) if pin else "",
    )
    if balance:
        fund(wallet, balance)
    return wallet


_funding = itertools.count(1)


def fund(wallet: Wallet, amount: int) -> None:
    """Money in as a top-up would bring it (from VNPay's clearing account)."""
    ledger_post(
        key=f"test-fund:{wallet.pk}:{next(_funding)}",
        kind="wallet_top_up",
        moves=[Move(VNPAY_CLEARING, wallet.account.code, amount)],
    )


def available(wallet: Wallet) -> int:
    wallet.account.refresh_from_db()
    return wallet.account.available
