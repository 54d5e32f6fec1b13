"""Sending money to another person's wallet by their phone number.

The sender first sees who the number belongs to, masked (`Nguyễn V. A.`, `09xx xxx 678`), and
whether the transfer will be held; then confirms with the PIN. A transfer posts at once, or is
held for a cooling-off period (holds.py) as a pending ledger transfer the sender may cancel.

What a debit shares with a withdrawal (the spending wallet, the available balance read after the
lock, the ledger's refusal mapped to the wallet's) lives here too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.phone import normalize_phone
from marketplace.accounts.throttle_store import counter_store
from marketplace.validation import check_free_text
from payments.ledger.errors import LedgerInsufficientFunds
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.ledger.services import Move, ledger_post
from payments.wallets.core import (
    cap_consume,
    cap_left,
    check_amount,
    check_idempotency_key,
    debit_notify,
    ledger_key,
    mask_name,
    mask_phone,
    new_reference,
    operation_replayed,
    pin_verify,
    request_digest,
    require_can_debit,
    vnd,
    wallets_locked,
)
from payments.wallets.errors import (
    WalletInsufficientFunds,
    WalletLookupThrottled,
    WalletRecipientNotFound,
    WalletSelfTransfer,
)
from payments.wallets.holds import arrival_notify, hold_decide, masked_who
from payments.wallets.models import Wallet, WalletOperation
from payments.wallets.selectors import wallet_spendable

NOTE_MAX = 255
LOOKUP_WINDOW_SECONDS = 3600


# --- shared by every debit of this module and withdrawals.py ------------------------------------


def available_of(wallet: Wallet) -> int:
    """Read in a statement of its own after the wallet's row lock: the lock taken, every earlier
    debit of this wallet has committed and is seen (the lock statement's own snapshot may
    predate them). Credits arriving meanwhile only raise it."""
    return LedgerAccount.objects.get(pk=wallet.account_id).available


def require_available(wallet: Wallet, amount: int) -> None:
    available = available_of(wallet)
    if amount > available:
        raise WalletInsufficientFunds(available=max(available, 0))


def debit_post(*, wallet: Wallet, **entry) -> JournalEntry:
    """ledger_post for a debit of `wallet`: the ledger's own refusal (which the check before it
    should make impossible) reaches the user as the wallet's, never as an unknown error."""
    try:
        return ledger_post(**entry)
    except LedgerInsufficientFunds:
        raise WalletInsufficientFunds(available=max(available_of(wallet), 0)) from None


def pending_of(entry: JournalEntry) -> Transfer:
    return Transfer.objects.get(entry=entry, phase=Transfer.Phase.PENDING)


# --- the recipient ------------------------------------------------------------------------------


def _lookup_counted(user) -> None:
    """Knowing which numbers have a wallet helps a scammer choose victims: each user may look up
    only so many recipients an hour (previews, and transfers to a number without a wallet)."""
    count = counter_store().incr(f"wallet_lookup:user:{user.pk}", LOOKUP_WINDOW_SECONDS)
    if count > settings.WALLET_RECIPIENT_LOOKUPS_PER_HOUR:
        raise WalletLookupThrottled(field="phone")


def _recipient(*, phone: str, user, counted: bool) -> Wallet:
    if counted:
        _lookup_counted(user)
    recipient = (
        Wallet.objects.select_related("account")
        .filter(kind=Wallet.Kind.PERSONAL, phone=phone, status=Wallet.Status.ACTIVE)
        .first()
    )
    if recipient is None:
        if not counted:
            _lookup_counted(user)
        raise WalletRecipientNotFound(field="phone")
    return recipient


def _check_recipient(sender: Wallet, recipient: Wallet) -> None:
    if recipient.pk == sender.pk:
        raise WalletSelfTransfer(field="phone")


# --- preview ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferPreview:
    recipient_name: str
    recipient_phone: str
    will_be_held: bool
    hold_reason: str
    hold_until: datetime | None
    monthly_left: int | None
    available: int
    warnings: list[str] = field(default_factory=list)


def wallet_transfer_preview(
    *, user, phone: str, amount: int, wallet_id: int | None = None, now: datetime | None = None
) -> TransferPreview:
    """What the sender confirms: who, masked; whether it will be held and until when; what the
    month still allows. Moves nothing and locks nothing."""
    now = now or timezone.now()
    amount = check_amount(amount)
    phone = normalize_phone(phone)
    sender = wallet_spendable(user=user, wallet_id=wallet_id)
    recipient = _recipient(phone=phone, user=user, counted=True)
    _check_recipient(sender, recipient)
    decision = hold_decide(sender=sender, recipient=recipient, amount=amount, now=now)
    left = cap_left(sender, now=now)
    available = available_of(sender)
    warnings = [
        _(
            "Chỉ chuyển cho người bạn biết và tin tưởng. Hãy gọi điện hỏi lại người nhận trước khi chuyển: "
            "Chợ Số, công an hay ngân hàng không bao giờ yêu cầu bạn chuyển tiền để nhận thưởng, "
            "hoàn tiền hay “xác minh tài khoản”."
        )
    ]
    if decision.held:
        warnings.append(decision.warning)
    if amount > available:
        warnings.append(
            _("Số dư khả dụng không đủ: còn %(available)s.") % {"available": vnd(max(available, 0))}
        )
    if left is not None and amount > left:
        warnings.append(_("Vượt hạn mức chi tháng này: chỉ còn được chi %(left)s.") % {"left": vnd(left)})
    return TransferPreview(
        recipient_name=mask_name(recipient.holder_name),
        recipient_phone=mask_phone(recipient.phone),
        will_be_held=decision.held,
        hold_reason=decision.reason,
        hold_until=decision.until,
        monthly_left=left,
        available=max(available, 0),
        warnings=warnings,
    )


# --- the transfer -------------------------------------------------------------------------------


def wallet_transfer(
    *,
    user,
    phone: str,
    amount: int,
    pin: str,
    idempotency_key: str | None = "",
    note: str | None = "",
    wallet_id: int | None = None,
    now: datetime | None = None,
) -> WalletOperation:
    """Sends `amount` to the personal wallet of `phone`: posted at once (COMPLETED), or held for
    the cooling-off period (HELD). A repeat with the same idempotency key returns the first
    operation and moves nothing. Lock order: both wallet rows (pk order) → ledger accounts."""
    now = now or timezone.now()
    amount = check_amount(amount)
    key = check_idempotency_key(idempotency_key)
    note = (note or "").strip()
    check_free_text("note", note, NOTE_MAX)
    phone = normalize_phone(phone)
    sender = wallet_spendable(user=user, wallet_id=wallet_id)
    # The PIN before the recipient: a number's wallet is not revealed to whoever lacks it.
    pin_verify(wallet_id=sender.pk, pin=pin, now=now)
    recipient = _recipient(phone=phone, user=user, counted=False)
    _check_recipient(sender, recipient)
    digest = request_digest(kind="transfer", wallet=sender.pk, phone=phone, amount=amount, note=note)
    with transaction.atomic():
        locked = wallets_locked([sender.pk, recipient.pk])
        sender, recipient = locked[sender.pk], locked[recipient.pk]
        require_can_debit(sender)
        first = operation_replayed(wallet=sender, idempotency_key=key, digest=digest)
        if first is not None:
            return first
        require_available(sender, amount)
        month = cap_consume(wallet=sender, amount=amount, now=now)
        decision = hold_decide(sender=sender, recipient=recipient, amount=amount, now=now)
        operation = WalletOperation.objects.create(
            wallet=sender,
            kind=WalletOperation.Kind.TRANSFER,
            status=WalletOperation.Status.HELD if decision.held else WalletOperation.Status.COMPLETED,
            amount=amount,
            reference=new_reference(),
            idempotency_key=key,
            digest=digest,
            counterparty=recipient,
            cap_month=month,
            note=note,
            created_by=user,
            hold_until=decision.until,
            hold_reason=decision.reason,
            settled_at=None if decision.held else now,
        )
        entry = debit_post(
            wallet=sender,
            key=ledger_key(operation, "hold" if decision.held else "send"),
            kind="wallet_transfer",
            moves=[Move(sender.account.code, recipient.account.code, amount, pending=decision.held)],
            memo=operation.reference,
            created_by=user,
        )
        if decision.held:
            operation.hold = pending_of(entry)
            operation.save(update_fields=["hold"])
            debit_notify(
                operation=operation,
                wallet=sender,
                what=decision.warning
                + " "
                + _("Huỷ trong ứng dụng nếu bạn nghi bị lừa; không huỷ thì tiền tự chuyển đi khi hết hạn."),
            )
        else:
            debit_notify(
                operation=operation,
                wallet=sender,
                what=_("Đã chuyển %(amount)s cho %(who)s")
                % {"amount": vnd(amount), "who": masked_who(recipient)},
            )
            arrival_notify(operation=operation, sender=sender, recipient=recipient)
    return operation
