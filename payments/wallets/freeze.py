"""Freezing a wallet: its owner at once and without a PIN (a lost phone: whoever holds it must
not get the time to guess), an operator with a reason (an investigation). A frozen wallet
moves nothing out (`core.require_can_debit`); money still arrives.

Unfreezing: the owner's own freeze with the PIN and a fresh one-time code (both: the phone
alone or the PIN alone is what a thief may have); an operator's freeze only by an operator,
with a reason. Every change is in `WalletAudit` and told to the owner."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import PhoneCode
from marketplace.accounts.otp import otp_check
from marketplace.auth import require_user
from marketplace.validation import check_free_text
from payments.permissions import is_finance_operator
from payments.wallets.core import is_spender, pin_verify, require_spender, wallet_locked, wallet_notify
from payments.wallets.errors import (
    WalletFrozenByOperator,
    WalletNotFound,
    WalletNotFrozen,
    WalletReasonRequired,
    WalletUnfreezeProof,
)
from payments.wallets.identity import otp_subject
from payments.wallets.models import Wallet, WalletAudit
from payments.wallets.selectors import wallet_own

REASON_MAX = WalletAudit._meta.get_field("reason").max_length


def _reason(text, *, required: bool) -> str:
    reason = " ".join(unicodedata.normalize("NFC", text if isinstance(text, str) else "").split())
    check_free_text("reason", reason, REASON_MAX)
    if required and not reason:
        raise WalletReasonRequired(field="reason")
    return reason


def _target(*, user, wallet_id: int | None) -> tuple[Wallet, bool]:
    """(wallet, acting as its spender). An operator reaches any wallet; anyone else only their
    own (another person's is WALLET_NOT_FOUND)."""
    require_user(user)
    if wallet_id is None:
        wallet = wallet_own(user)
    else:
        wallet = Wallet.objects.filter(pk=wallet_id).first()
    if wallet is None:
        raise WalletNotFound(field="wallet_id")
    if is_spender(user, wallet):
        return wallet, True
    if is_finance_operator(user):
        return wallet, False
    require_spender(user, wallet)  # a shop's staff: denied; a stranger: not found
    raise WalletNotFound(field="wallet_id")


def _told(wallet: Wallet, *, key: str, frozen: bool, by_operator: bool, reason: str) -> None:
    if frozen:
        subject = _("Ví Chợ Số đã bị đóng băng")
        body = (
            _("Ví của bạn bị nhân viên Chợ Số đóng băng để kiểm tra. Lý do: %(reason)s. Liên hệ hỗ trợ.")
            % {"reason": reason}
            if by_operator
            else _(
                "Ví của bạn đã được đóng băng theo yêu cầu của bạn: không ai chuyển, trả hay rút tiền được."
            )
        )
    else:
        subject = _("Ví Chợ Số đã được mở đóng băng")
        body = _(
            "Ví của bạn đã dùng lại được; lệnh chuyển đang tạm giữ (nếu có) sẽ được chuyển đi. Nếu không "
            "phải bạn yêu cầu, hãy đóng băng ví ngay."
        )
    wallet_notify(wallet=wallet, key=key, subject=subject, body=body)


def wallet_freeze(
    *, user, wallet_id: int | None = None, reason: str = "", now: datetime | None = None
) -> Wallet:
    """The owner's freeze (own personal wallet when `wallet_id` is None), or an operator's
    (reason required). An operator's freeze over the owner's takes its place, so the owner
    cannot lift an investigation; the owner freezing an operator-frozen wallet changes nothing."""
    now = now or timezone.now()
    wallet, as_owner = _target(user=user, wallet_id=wallet_id)
    reason = _reason(reason, required=not as_owner)
    with transaction.atomic():
        wallet = wallet_locked(wallet.pk)
        if as_owner:
            if wallet.is_frozen:
                return wallet
            wallet.frozen_by_operator = False
            wallet.frozen_reason = reason or _("Chủ ví tự đóng băng")
        else:
            if wallet.is_frozen and wallet.frozen_by_operator:
                return wallet
            wallet.frozen_by_operator = True
            wallet.frozen_reason = reason
        wallet.frozen_at = now
        wallet.save(update_fields=["frozen_at", "frozen_by_operator", "frozen_reason"])
        action = "frozen_by_operator" if wallet.frozen_by_operator else "frozen_by_owner"
        WalletAudit.objects.create(wallet=wallet, action=action, reason=reason, actor=user)
        _told(
            wallet,
            key=f"frozen:{wallet.pk}:{now.timestamp():.6f}",
            frozen=True,
            by_operator=wallet.frozen_by_operator,
            reason=reason,
        )
    return wallet


def wallet_unfreeze(
    *,
    user,
    wallet_id: int | None = None,
    reason: str = "",
    pin: str | None = None,
    otp_code: str | None = None,
    now: datetime | None = None,
) -> Wallet:
    now = now or timezone.now()
    wallet, as_owner = _target(user=user, wallet_id=wallet_id)
    if not wallet.is_frozen:
        raise WalletNotFrozen(field="wallet_id")
    if wallet.frozen_by_operator:
        # Not even an operator lifts an investigation of their own wallet.
        if as_owner or not is_finance_operator(user):
            raise WalletFrozenByOperator(field="wallet_id")
        reason = _reason(reason, required=True)
    else:
        if not as_owner:
            # An operator does not lift a freeze the owner asked for: the owner proves it is them.
            raise WalletNotFrozen(
                _("Ví do chủ ví tự đóng băng; chỉ chủ ví mở lại được bằng mã PIN và mã OTP."),
                field="wallet_id",
            )
        reason = _reason(reason, required=False)
        if not pin or not otp_code:
            raise WalletUnfreezeProof(field="pin" if not pin else "otp_code")
        pin_verify(wallet_id=wallet.pk, pin=pin, now=now)
        otp_check(
            user=user,
            purpose=PhoneCode.Purpose.WALLET_UNFREEZE,
            subject=otp_subject(wallet),
            code=otp_code,
            field="otp_code",
            now=now,
        )
    with transaction.atomic():
        locked = wallet_locked(wallet.pk)
        # Checked again under the lock: an operator may have frozen it meanwhile.
        if not locked.is_frozen:
            return locked
        if locked.frozen_by_operator and (as_owner or not is_finance_operator(user)):
            raise WalletFrozenByOperator(field="wallet_id")
        action = "unfrozen_by_operator" if locked.frozen_by_operator else "unfrozen_by_owner"
        locked.frozen_at, locked.frozen_by_operator, locked.frozen_reason = None, False, ""
        locked.save(update_fields=["frozen_at", "frozen_by_operator", "frozen_reason"])
        WalletAudit.objects.create(wallet=locked, action=action, reason=reason, actor=user)
        _told(
            locked,
            key=f"unfrozen:{locked.pk}:{now.timestamp():.6f}",
            frozen=False,
            by_operator=False,
            reason="",
        )
    return locked
