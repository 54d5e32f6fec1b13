"""The cooling-off period of a transfer: most scams on people new to digital money are a first
large transfer to a stranger, or many transfers in a row under a caller's pressure. Such a
transfer is held (a pending ledger transfer sender → recipient: the sender's available balance
no longer has it, the recipient cannot spend it yet) for WALLET_HOLD_MINUTES; the sender may
cancel it meanwhile, and it posts by itself at the end (`wallet_holds_post`, run by the
`wallets_worker` command).

A hold of a wallet frozen meanwhile (lost phone, an operator's investigation) stays held, however
long, until the wallet is unfrozen (it then posts on the worker's next pass) or the transfer is
cancelled by its sender or a finance operator: freezing a wallet is the moment to stop money
leaving it, not to let it go."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.auth import require_user
from marketplace.errors import ReasonRequired
from marketplace.validation import check_free_text
from payments.ledger.services import Resolve, ledger_post
from payments.permissions import is_finance_operator
from payments.wallets.core import (
    cap_give_back,
    is_spender,
    ledger_key,
    mask_name,
    mask_phone,
    may_read_wallet,
    vnd,
    wallet_locked,
    wallet_notify,
)
from payments.wallets.errors import WalletPermissionDenied, WalletTransferNotFound, WalletTransferNotHeld
from payments.wallets.models import Wallet, WalletAudit, WalletOperation

logger = logging.getLogger(__name__)

REASON_MAX = 500


def masked_who(wallet: Wallet) -> str:
    return f"{mask_name(wallet.holder_name)} ({mask_phone(wallet.phone)})"


def _local_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


@dataclass(frozen=True)
class HoldDecision:
    held: bool
    reason: str = ""  # stored on the operation, shown on the statement
    until: datetime | None = None
    warning: str = ""  # told to the sender, naming the recipient


def hold_decide(*, sender: Wallet, recipient: Wallet, amount: int, now: datetime) -> HoldDecision:
    """Whether a transfer is held. Called under the sender's row lock by the transfer (so
    parallel transfers count each other), and without it by the preview."""
    reason = ""
    known = WalletOperation.objects.filter(
        wallet=sender,
        kind=WalletOperation.Kind.TRANSFER,
        counterparty=recipient,
        status=WalletOperation.Status.COMPLETED,
    ).exists()
    if not known and amount > settings.WALLET_HOLD_NEW_RECIPIENT_ABOVE:
        reason = _("Lần đầu chuyển cho người nhận này, số tiền trên %(threshold)s") % {
            "threshold": vnd(settings.WALLET_HOLD_NEW_RECIPIENT_ABOVE)
        }
    else:
        # Cancelled ones count: a caller pushing someone to send again and again is the pattern.
        recent = WalletOperation.objects.filter(
            wallet=sender,
            kind=WalletOperation.Kind.TRANSFER,
            created_at__gte=now - timedelta(minutes=settings.WALLET_VELOCITY_MINUTES),
        ).count()
        if recent >= settings.WALLET_VELOCITY_COUNT:
            reason = _("Đã có %(count)d lệnh chuyển trong %(minutes)d phút gần đây") % {
                "count": recent,
                "minutes": settings.WALLET_VELOCITY_MINUTES,
            }
    if not reason:
        return HoldDecision(held=False)
    until = now + timedelta(minutes=settings.WALLET_HOLD_MINUTES)
    reason = reason[:255]
    warning = hold_warning(amount=amount, recipient=recipient, until=until, reason=reason)
    return HoldDecision(held=True, reason=reason, until=until, warning=warning)


def hold_warning(*, amount: int, recipient: Wallet, until: datetime, reason: str) -> str:
    return _(
        "Lệnh chuyển %(amount)s cho %(who)s được tạm giữ đến %(time)s (%(reason)s). Nếu có ai gọi "
        "điện hối thúc bạn chuyển tiền, hãy huỷ lệnh này."
    ) % {"amount": vnd(amount), "who": masked_who(recipient), "time": _local_time(until), "reason": reason}


def arrival_notify(*, operation: WalletOperation, sender: Wallet, recipient: Wallet) -> None:
    """The recipient hears of money only when it has arrived (a held transfer: when it posts)."""
    body = _("Bạn nhận %(amount)s từ %(who)s, mã %(reference)s.") % {
        "amount": vnd(operation.amount),
        "who": masked_who(sender),
        "reference": operation.reference,
    }
    if operation.note:
        body += " " + _("Lời nhắn: %(note)s") % {"note": operation.note}
    wallet_notify(
        wallet=recipient,
        key=f"credit:{operation.pk}",
        subject=_("Ví Chợ Số: +%(amount)s") % {"amount": vnd(operation.amount)},
        body=body,
    )


# --- cancelling ---------------------------------------------------------------------------------


def wallet_transfer_cancel(
    *, user, operation_id: int, reason: str | None = "", now: datetime | None = None
) -> WalletOperation:
    """The sender (no PIN: cancelling only brings money back) or a finance operator (with a
    reason, audited) cancels a held transfer: the hold is voided, the month's cap given back.
    Lock order: the sender's wallet row → the operation → ledger accounts."""
    require_user(user)
    now = now or timezone.now()
    reason = (reason or "").strip()
    check_free_text("reason", reason, REASON_MAX)
    operation = (
        WalletOperation.objects.select_related("wallet")
        .filter(pk=operation_id, kind=WalletOperation.Kind.TRANSFER)
        .first()
    )
    if operation is None:
        raise WalletTransferNotFound(field="operation_id")
    by_operator = False
    if not is_spender(user, operation.wallet):
        if is_finance_operator(user):
            by_operator = True
            if not reason:
                raise ReasonRequired(
                    _("Nhân viên huỷ lệnh chuyển của khách phải ghi lý do (lưu vào nhật ký ví)."),
                    field="reason",
                )
        elif may_read_wallet(user, operation.wallet):
            raise WalletPermissionDenied(field="operation_id")
        else:
            raise WalletTransferNotFound(field="operation_id")
    with transaction.atomic():
        wallet = wallet_locked(operation.wallet_id, field="operation_id")
        operation = (
            WalletOperation.objects.select_for_update(of=("self",))
            .select_related("counterparty")
            .get(pk=operation.pk)
        )
        if operation.status != WalletOperation.Status.HELD:
            raise WalletTransferNotHeld(field="operation_id")
        ledger_post(
            key=ledger_key(operation, "cancel"),
            kind="wallet_transfer",
            resolves=[Resolve(operation.hold_id, post=False)],
            memo=operation.reference,
            created_by=user,
        )
        cap_give_back(operation=operation)
        operation.status = WalletOperation.Status.CANCELLED
        operation.settled_at = now
        operation.save(update_fields=["status", "settled_at"])
        if by_operator:
            WalletAudit.objects.create(
                wallet=wallet,
                action="transfer_cancelled",
                reason=f"{operation.reference}: {reason}",
                actor=user,
            )
        wallet_notify(
            wallet=wallet,
            key=f"cancelled:{operation.pk}",
            subject=_("Ví Chợ Số: đã huỷ lệnh chuyển %(amount)s") % {"amount": vnd(operation.amount)},
            body=_("Lệnh chuyển %(amount)s cho %(who)s, mã %(reference)s, đã được huỷ; tiền đã trở lại ví.")
            % {
                "amount": vnd(operation.amount),
                "who": masked_who(operation.counterparty),
                "reference": operation.reference,
            },
        )
    return operation


# --- posting at the end of the period -----------------------------------------------------------


def wallet_holds_post(*, now: datetime | None = None, limit: int = 500) -> int:
    """Posts the holds whose period has ended, each in its own transaction (one failing leaves
    the others posted); returns how many posted. Frozen senders' holds are left held."""
    now = now or timezone.now()
    due = list(
        WalletOperation.objects.filter(
            kind=WalletOperation.Kind.TRANSFER,
            status=WalletOperation.Status.HELD,
            hold_until__lte=now,
            wallet__frozen_at__isnull=True,
        )
        .order_by("hold_until", "pk")
        .values_list("pk", "wallet_id")[:limit]
    )
    posted = 0
    for operation_id, wallet_id in due:
        try:
            posted += _post_one(operation_id=operation_id, wallet_id=wallet_id, now=now)
        except Exception:
            logger.exception("Posting held wallet transfer %s failed; it stays held", operation_id)
    return posted


def _post_one(*, operation_id: int, wallet_id: int, now: datetime) -> bool:
    """Lock order: the sender's wallet row → the operation → ledger accounts; the recipient's
    row is not locked (a credit never is). Re-checked under the locks: a cancel or a freeze may
    have come first."""
    with transaction.atomic():
        wallet = wallet_locked(wallet_id)
        operation = (
            WalletOperation.objects.select_for_update(of=("self",))
            .select_related("counterparty")
            .get(pk=operation_id)
        )
        if operation.status != WalletOperation.Status.HELD or operation.hold_until > now or wallet.is_frozen:
            return False
        ledger_post(
            key=ledger_key(operation, "post"),
            kind="wallet_transfer",
            resolves=[Resolve(operation.hold_id, post=True)],
            memo=operation.reference,
        )
        operation.status = WalletOperation.Status.COMPLETED
        operation.settled_at = now
        operation.save(update_fields=["status", "settled_at"])
        recipient = operation.counterparty
        wallet_notify(
            wallet=wallet,
            key=f"sent:{operation.pk}",
            subject=_("Ví Chợ Số: đã chuyển %(amount)s") % {"amount": vnd(operation.amount)},
            body=_(
                "Hết thời gian tạm giữ: lệnh chuyển %(amount)s cho %(who)s, mã %(reference)s, đã chuyển đi."
            )
            % {
                "amount": vnd(operation.amount),
                "who": masked_who(recipient),
                "reference": operation.reference,
            },
        )
        arrival_notify(operation=operation, sender=wallet, recipient=recipient)
    return True
