"""Paying a payment group from the buyer's wallet (`walletPay`): the order flow's prepaid
method `wallet` (`payments.wallets.provider.WalletProvider`), confirmed with the wallet's PIN.

Lock order (core): the wallet row → the payment group → its orders (`payment_group_paid`) →
the ledger's accounts (`ledger_post`, last). The wallet's lock makes a repeat with the same
idempotency key wait and return the first payment; the group's makes a second payment of the
same group (another key, or none) find it paid. A PaymentAttempt(method=wallet, PAID) records
how the group was paid, so refunds (`payments.wallets.refund`) and `funded` find it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import PermissionDenied
from orders.errors import PaymentGroupNotFound
from orders.models import PaymentGroup, PaymentMethod
from orders.selectors import sees_whole_payment_group
from orders.services.payment import payment_group_paid
from payments.attempts import PaymentAttempt
from payments.errors import PaymentGroupNotPayable
from payments.ledger.accounts import ESCROW
from payments.ledger.errors import LedgerInsufficientFunds
from payments.ledger.models import LedgerAccount
from payments.ledger.services import Move, ledger_post
from payments.services.start import payment_group_get
from payments.wallets.core import (
    cap_consume,
    check_amount,
    check_idempotency_key,
    debit_notify,
    ledger_key,
    operation_replayed,
    pin_verify,
    request_digest,
    require_can_debit,
    vnd,
    wallet_locked,
)
from payments.wallets.errors import WalletInsufficientFunds, WalletPayWrongMethod
from payments.wallets.models import Wallet, WalletOperation
from payments.wallets.operations import operation_insert
from payments.wallets.selectors import wallet_spendable


def payable_group(*, user, group_id: int) -> PaymentGroup:
    """The group as `payment_start` admits it (its buyer only; officers and finance read it
    but may not pay it), and chosen to be paid by wallet. Its status is judged later, under
    its lock."""
    group = payment_group_get(user=user, group_id=group_id)
    if group is None:
        raise PaymentGroupNotFound(field="payment_group_id")
    if group.buyer_id != user.pk:
        if sees_whole_payment_group(user, group):
            message = _("Cán bộ và kế toán nền tảng chỉ xem lần thanh toán, không thanh toán thay người mua.")
        else:
            message = _("Chỉ người mua mới trả được lần thanh toán này bằng ví của mình.")
        raise PermissionDenied(message, field="payment_group_id")
    if group.method != PaymentMethod.WALLET:
        raise WalletPayWrongMethod(field="payment_group_id")
    return group


def wallet_pay(*, user, group_id: int, pin: str, idempotency_key: str = "") -> WalletOperation:
    """Pays the whole group from the user's personal wallet. A repeat with the same key returns
    the first payment and moves nothing; the same key for another group is refused
    (WALLET_IDEMPOTENCY_CONFLICT). Counts toward the personal wallet's monthly cap."""
    wallet = wallet_spendable(user=user)
    key = check_idempotency_key(idempotency_key)
    group = payable_group(user=user, group_id=group_id)
    digest = request_digest(kind=WalletOperation.Kind.PAYMENT, payment_group=group.pk)
    pin_verify(wallet_id=wallet.pk, pin=pin)  # outside the money's transaction: a wrong PIN counts
    with transaction.atomic():
        wallet = wallet_locked(wallet.pk)
        require_can_debit(wallet)
        first = operation_replayed(wallet=wallet, idempotency_key=key, digest=digest)
        if first is not None:
            return first
        group = PaymentGroup.objects.select_for_update(of=("self",)).get(pk=group.pk)
        expired = group.expires_at is not None and group.expires_at <= timezone.now()
        if group.status != PaymentGroup.Status.AWAITING_PAYMENT or expired:
            raise PaymentGroupNotPayable(field="payment_group_id")
        amount = check_amount(group.amount, field="payment_group_id")
        # Read in a statement of its own, after the wallet's lock: every debit holds that lock,
        # so what is available cannot shrink before this payment posts (credits only add).
        available = LedgerAccount.objects.get(pk=wallet.account_id).available
        if available < amount:
            raise WalletInsufficientFunds(available=available, field="payment_group_id")
        month = cap_consume(wallet=wallet, amount=amount)
        now = timezone.now()
        operation = operation_insert(
            wallet=wallet,
            kind=WalletOperation.Kind.PAYMENT,
            status=WalletOperation.Status.COMPLETED,
            amount=amount,
            idempotency_key=key,
            digest=digest,
            payment_group=group,
            cap_month=month,
            created_by=user,
            settled_at=now,
            attempt_fields={
                "group": group,
                "method": PaymentMethod.WALLET,
                "amount": amount,
                "status": PaymentAttempt.Status.PAID,
                "response_code": "00",
                "settled_at": now,
            },
        )
        payment_group_paid(number=group.number, amount=amount, locked=group)  # locks the orders
        try:
            ledger_post(
                key=ledger_key(operation, "pay"),
                kind="wallet_payment",
                moves=[Move(wallet.account.code, ESCROW, amount)],
                memo=f"Ví {operation.reference}",
                order_number=group.number,
                created_by=user,
            )
        except LedgerInsufficientFunds:  # cannot happen under the wallet's lock; never a 500
            raise WalletInsufficientFunds(available=available, field="payment_group_id") from None
        debit_notify(
            operation=operation,
            wallet=wallet,
            what=_("Thanh toán %(amount)s cho lần thanh toán %(group)s")
            % {"amount": vnd(amount), "group": group.number},
        )
    return operation


def wallet_paid_attempt(group_id: int) -> PaymentAttempt | None:
    return PaymentAttempt.objects.filter(
        group_id=group_id, method=PaymentMethod.WALLET, status=PaymentAttempt.Status.PAID
    ).first()


def paying_wallet(group_id: int) -> Wallet | None:
    """The wallet that paid the group (its payment operation's), for refunds."""
    attempt = wallet_paid_attempt(group_id)
    if attempt is None:
        return None
    operation = (
        WalletOperation.objects.select_related("wallet__account")
        .filter(attempt_id=attempt.pk, kind=WalletOperation.Kind.PAYMENT)
        .first()
    )
    return operation.wallet if operation is not None else None
