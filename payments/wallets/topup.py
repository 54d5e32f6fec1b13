"""Topping up a wallet through VNPay: a VNPay attempt whose `top_up_wallet` is set (instead of a
payment group) and a PENDING operation under the same reference. Money is only ever credited
from the IPN or reconciliation (`payments.services.collect` hands top-up attempts to
`wallet_top_up_collected` / `wallet_top_up_failed` below), never from the buyer's return.

A credit never locks the wallet row (core's lock order): the top-up attempt's row is the lock
that makes parallel repeats of one IPN credit once, and the ledger key `wallet:<op>:top_up` is
unique besides."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import PaymentMethod
from payments.attempts import PaymentAttempt
from payments.ledger.accounts import VNPAY_CLEARING
from payments.ledger.services import Move, ledger_post
from payments.wallets.core import (
    check_amount,
    check_idempotency_key,
    ledger_key,
    operation_replayed,
    request_digest,
    vnd,
    wallet_locked,
    wallet_notify,
)
from payments.wallets.errors import WalletFrozen, WalletNotVerified, WalletTopUpUnavailable
from payments.wallets.models import Wallet, WalletOperation
from payments.wallets.operations import operation_insert
from payments.wallets.selectors import wallet_spendable

logger = logging.getLogger(__name__)
A = PaymentAttempt.Status
OP = WalletOperation.Status


def wallet_top_up(
    *, user, amount: int, idempotency_key: str = "", payer_ip: str | None = None
) -> tuple[WalletOperation, str]:
    """Opens a top-up of `amount` VND of the user's wallet: returns its PENDING operation and
    the VNPay page to pay on. A repeat with the same key returns the first top-up and its page.
    Unverified and frozen wallets are refused: a frozen wallet takes no new gateway money (its
    owner may have lost the phone), though money already on its way still arrives."""
    wallet = wallet_spendable(user=user)
    amount = check_amount(amount)
    key = check_idempotency_key(idempotency_key)
    if not (settings.VNPAY_TMN_CODE and settings.VNPAY_HASH_SECRET):
        raise WalletTopUpUnavailable()
    digest = request_digest(kind=WalletOperation.Kind.TOP_UP, amount=amount)
    with transaction.atomic():
        # The row lock makes a parallel repeat of the same key wait and find the first top-up.
        wallet = wallet_locked(wallet.pk)
        first = operation_replayed(wallet=wallet, idempotency_key=key, digest=digest)
        if first is not None:
            operation = first
        else:
            if wallet.status != Wallet.Status.ACTIVE:
                raise WalletNotVerified(field="wallet_id")
            if wallet.is_frozen:
                raise WalletFrozen(field="wallet_id")
            operation = operation_insert(
                wallet=wallet,
                kind=WalletOperation.Kind.TOP_UP,
                status=OP.PENDING,
                amount=amount,
                idempotency_key=key,
                digest=digest,
                created_by=user,
                attempt_fields={
                    "top_up_wallet": wallet,
                    "method": PaymentMethod.VNPAY,
                    "amount": amount,
                    "payer_ip": payer_ip or None,
                },
            )
    return operation, top_up_url(operation)


def top_up_url(operation: WalletOperation) -> str:
    """The signed VNPay page of a top-up still awaiting its money (built from stored values:
    the same URL every time); empty once the top-up ended."""
    from payments.vnpay.provider import pay_url

    if operation.status != OP.PENDING or operation.attempt_id is None:
        return ""
    attempt = PaymentAttempt.objects.select_related("top_up_wallet").get(pk=operation.attempt_id)
    return pay_url(attempt)


def top_up_operation(attempt: PaymentAttempt) -> WalletOperation:
    return WalletOperation.objects.select_related("wallet__account").get(
        attempt_id=attempt.pk, kind=WalletOperation.Kind.TOP_UP
    )


def wallet_top_up_collected(
    *, attempt: PaymentAttempt, gateway_transaction_no: str, raw: dict | None
) -> bool:
    """VNPay says the top-up's money arrived. Called by `payment_collected` in its transaction
    with the attempt's row locked; returns False for a repeat (nothing changes). Credited even
    if the wallet was frozen meanwhile: the money is the owner's and comes in, only nothing
    goes out. A success after a recorded failure (VNPay's late answer) still credits."""
    if attempt.status in (A.PAID, A.LATE):
        return False
    now = timezone.now()
    attempt.status = A.PAID
    attempt.gateway_transaction_no = gateway_transaction_no[:64]
    attempt.response_code = "00"
    attempt.settled_at = now
    if raw is not None:
        attempt.raw = raw
    attempt.save(update_fields=["status", "gateway_transaction_no", "response_code", "settled_at", "raw"])
    operation = top_up_operation(attempt)
    operation.status, operation.settled_at = OP.COMPLETED, now
    operation.save(update_fields=["status", "settled_at"])
    wallet = operation.wallet
    ledger_post(
        key=ledger_key(operation, "top_up"),
        kind="wallet_top_up",
        moves=[Move(VNPAY_CLEARING, wallet.account.code, operation.amount)],
        memo=f"VNPay {gateway_transaction_no} {operation.reference}".strip()[:255],
    )
    wallet_notify(
        wallet=wallet,
        key=f"top_up:{operation.pk}",
        subject=_("Ví Chợ Số: +%(amount)s") % {"amount": vnd(operation.amount)},
        body=_("Đã nạp %(amount)s vào ví qua VNPay, mã %(reference)s.")
        % {"amount": vnd(operation.amount), "reference": operation.reference},
    )
    return True


def wallet_top_up_failed(*, attempt: PaymentAttempt, response_code: str, raw: dict | None) -> bool:
    """VNPay says the top-up did not go through (declined, abandoned): the operation fails and
    nothing moves. False for a repeat or an attempt already settled."""
    if attempt.status != A.PENDING:
        return False
    now = timezone.now()
    attempt.status = A.FAILED
    attempt.response_code = response_code[:8]
    attempt.settled_at = now
    if raw is not None:
        attempt.raw = raw
    attempt.save(update_fields=["status", "response_code", "settled_at", "raw"])
    WalletOperation.objects.filter(attempt_id=attempt.pk, kind=WalletOperation.Kind.TOP_UP).update(
        status=OP.FAILED, settled_at=now
    )
    return True
