"""Wallets and their operations made directly (a Wallet row, its ledger account, WalletOperation
rows and ledger entries keyed `wallet:<operation>:<step>`), for the statement's tests while the
services that make them are built elsewhere. `at=` posts as if at that moment (the ledger is
append-only: transfers cannot be backdated afterwards)."""

from contextlib import contextmanager, nullcontext
from datetime import datetime
from unittest import mock

from django.db import transaction

from payments.attempts import PaymentAttempt
from payments.ledger.accounts import BANK_CLEARING, ESCROW, VNPAY_CLEARING
from payments.ledger.models import Transfer
from payments.ledger.services import Move, Resolve, ledger_post
from payments.wallets.core import ledger_key, new_reference
from payments.wallets.models import Wallet, WalletOperation
from tests.payments.wallets.factories import merchant_wallet, personal_wallet  # noqa: F401  (the statement tests' wallets)

K = WalletOperation.Kind
S = WalletOperation.Status


def _at(at: datetime | None):
    return mock.patch("django.utils.timezone.now", return_value=at) if at is not None else nullcontext()


def _operation(
    wallet: Wallet, kind: str, amount: int, status: str = S.COMPLETED, **fields
) -> WalletOperation:
    return WalletOperation.objects.create(
        wallet=wallet, kind=kind, status=status, amount=amount, reference=new_reference(), **fields
    )


@contextmanager
def _posting(at):
    with _at(at), transaction.atomic():
        yield


def top_up(wallet: Wallet, amount: int, *, at=None) -> WalletOperation:
    """Money from VNPay into the wallet, keyed as a wallet operation."""
    with _posting(at):
        operation = _operation(wallet, K.TOP_UP, amount)
        ledger_post(
            key=ledger_key(operation, "post"),
            kind="wallet_top_up",
            moves=[Move(VNPAY_CLEARING, wallet.account.code, amount)],
        )
    return operation


def top_up_by_gateway(wallet: Wallet, amount: int, *, at=None) -> WalletOperation:
    """A top-up credited by the gateway's callback under the attempt's key (`pay:<reference>`)."""
    with _posting(at):
        attempt = PaymentAttempt.objects.create(
            top_up_wallet=wallet, method="vnpay", reference=new_reference(), amount=amount, status="paid"
        )
        operation = _operation(wallet, K.TOP_UP, amount, attempt=attempt)
        ledger_post(
            key=f"pay:{attempt.reference}",
            kind="payment",
            moves=[Move(VNPAY_CLEARING, wallet.account.code, amount)],
        )
    return operation


def pay(wallet: Wallet, amount: int, *, order_number: str = "DH2612010001", at=None) -> WalletOperation:
    with _posting(at):
        operation = _operation(wallet, K.PAYMENT, amount)
        ledger_post(
            key=ledger_key(operation, "post"),
            kind="wallet_payment",
            moves=[Move(wallet.account.code, ESCROW, amount)],
            order_number=order_number,
        )
    return operation


def refund(wallet: Wallet, amount: int, *, order_number: str = "DH2612010001", at=None) -> WalletOperation:
    """Escrow back to the paying wallet (a payment must have put the money there)."""
    with _posting(at):
        operation = _operation(wallet, K.REFUND, amount)
        ledger_post(
            key=ledger_key(operation, "post"),
            kind="wallet_refund",
            moves=[Move(ESCROW, wallet.account.code, amount)],
            order_number=order_number,
        )
    return operation


def transfer(
    sender: Wallet, recipient: Wallet, amount: int, *, held: bool = False, note: str = "", at=None
) -> WalletOperation:
    with _posting(at):
        operation = _operation(
            sender, K.TRANSFER, amount, S.HELD if held else S.COMPLETED, counterparty=recipient, note=note
        )
        entry = ledger_post(
            key=ledger_key(operation, "hold" if held else "post"),
            kind="wallet_transfer",
            moves=[Move(sender.account.code, recipient.account.code, amount, pending=held)],
        )
        if held:
            operation.hold = Transfer.objects.get(entry=entry)
            operation.save(update_fields=["hold"])
    return operation


def withdraw(wallet: Wallet, amount: int, *, at=None) -> WalletOperation:
    """Held until finance marks it paid or rejected (`hold_resolve`)."""
    with _posting(at):
        operation = _operation(
            wallet,
            K.WITHDRAWAL,
            amount,
            S.PENDING,
            bank_account={
                "bank_bin": "970436",
                "account_number": "0011223344",
                "holder_name": wallet.holder_name,
            },
        )
        entry = ledger_post(
            key=ledger_key(operation, "hold"),
            kind="wallet_withdrawal",
            moves=[Move(wallet.account.code, BANK_CLEARING, amount, pending=True)],
        )
        operation.hold = Transfer.objects.get(entry=entry)
        operation.save(update_fields=["hold"])
    return operation


def hold_resolve(operation: WalletOperation, *, post: bool, at=None) -> WalletOperation:
    """Posts a held transfer or a paid withdrawal; voids a cancelled one or a rejected withdrawal."""
    with _posting(at):
        ledger_post(
            key=ledger_key(operation, "post" if post else "void"),
            kind=f"wallet_{operation.kind}",
            resolves=[Resolve(operation.hold_id, post=post)],
        )
        if post:
            operation.status = S.COMPLETED
        else:
            operation.status = S.REJECTED if operation.kind == K.WITHDRAWAL else S.CANCELLED
        operation.save(update_fields=["status"])
    return operation
