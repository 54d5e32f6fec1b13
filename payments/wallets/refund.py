"""Refunds of orders paid from a wallet go back to the paying wallet (the settlement module's
`refund_destination`), never to a gateway. The refund's hold is a pending ledger transfer
escrow → the wallet's account (a credit: the wallet row is never locked); when it posts (at
once: `WalletProvider.refund_send` succeeds without any gateway) a REFUND operation on the
wallet completes and the owner is told. The operation is opened PENDING with the hold, so the
refund's entries carry the wallet's keys (`wallet:<operation>:hold|post|void`) and a statement
shows the money on its way; `WalletOperation.hold` links it to the refund's hold."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from payments.ledger.models import Transfer
from payments.wallets.core import vnd, wallet_notify
from payments.wallets.models import Wallet, WalletOperation
from payments.wallets.operations import operation_insert
from payments.wallets.pay import paying_wallet, wallet_paid_attempt

OP = WalletOperation.Status


class WalletRefundWithoutPayer(Exception):
    """A wallet-method refund whose group has no wallet payment: a programming or data error."""


def _group_id(refund) -> int:
    if refund.order_id is not None:
        return refund.order.payment_group_id
    return refund.attempt.group_id


def refund_wallet(refund) -> Wallet:
    wallet = paying_wallet(_group_id(refund))
    if wallet is None:
        raise WalletRefundWithoutPayer(f"refund {refund.pk}: no wallet paid its group")
    return wallet


def wallet_refund_open(*, refund) -> WalletOperation:
    """The PENDING refund operation on the paying wallet, before the refund's hold is posted."""
    wallet = refund_wallet(refund)
    group_id = _group_id(refund)
    return operation_insert(
        wallet=wallet,
        kind=WalletOperation.Kind.REFUND,
        status=OP.PENDING,
        amount=refund.amount,
        payment_group_id=group_id,
        attempt=wallet_paid_attempt(group_id),
        note=(refund.order.number if refund.order_id else "")[:255],
    )


def wallet_refund_held(*, operation: WalletOperation, hold: Transfer) -> None:
    operation.hold = hold
    operation.save(update_fields=["hold"])


def wallet_refund_of(refund) -> WalletOperation | None:
    if refund.hold_id is None:
        return None
    return WalletOperation.objects.select_related("wallet").filter(hold_id=refund.hold_id).first()


def wallet_refund_settled(*, operation: WalletOperation, succeeded: bool) -> None:
    """Called in the refund's settling transaction, after its ledger entry."""
    operation.status = OP.COMPLETED if succeeded else OP.FAILED
    operation.settled_at = timezone.now()
    operation.save(update_fields=["status", "settled_at"])
    if not succeeded:
        return
    wallet_notify(
        wallet=operation.wallet,
        key=f"refund:{operation.pk}",
        subject=_("Ví Chợ Số: +%(amount)s") % {"amount": vnd(operation.amount)},
        body=_("Đơn %(order)s đã được hoàn %(amount)s về ví, mã %(reference)s.")
        % {"order": operation.note or "—", "amount": vnd(operation.amount), "reference": operation.reference},
    )
