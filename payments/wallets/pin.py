"""The wallet PIN: set once after the phone is verified, changed with the old PIN or a fresh
one-time code, refused when easy to guess. Stored with Django's password hashers; the check
of a debit's PIN (with its lockout) is `core.pin_verify`."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import PhoneCode
from marketplace.accounts.otp import otp_check
from payments.wallets.core import pin_verify, wallet_locked, wallet_notify
from payments.wallets.errors import (
    WalletNotVerified,
    WalletPinAlreadySet,
    WalletPinChangeProof,
    WalletPinNotSet,
    WalletPinWeak,
)
from payments.wallets.identity import otp_subject
from payments.wallets.models import Wallet, WalletAudit
from payments.wallets.selectors import wallet_spendable

PIN_LENGTH = 6
# Keypad columns, diagonals and mirrors: near the top of every leaked list of 6-digit PINs.
KEYPAD_PATTERNS = frozenset({"147258", "258369", "369258", "159753", "357159", "123321", "112233", "789456"})


def _birthday_forms(birth_date: date) -> set[str]:
    """ddmmyy, yymmdd, mmddyy and every 6 digits in a row of ddmmyyyy and yyyymmdd."""
    dd, mm, yyyy = f"{birth_date.day:02d}", f"{birth_date.month:02d}", f"{birth_date.year:04d}"
    forms = {dd + mm + yyyy[2:], yyyy[2:] + mm + dd, mm + dd + yyyy[2:]}
    for long in (dd + mm + yyyy, yyyy + mm + dd):
        forms.update(long[i : i + PIN_LENGTH] for i in range(len(long) - PIN_LENGTH + 1))
    return forms


def pin_weakness(pin, *, birth_date: date | None = None, phone: str = "") -> str | None:
    """Why a PIN is easy to guess (a Vietnamese message), or None when it is not."""
    if not isinstance(pin, str) or len(pin) != PIN_LENGTH or not (pin.isascii() and pin.isdigit()):
        return _("Mã PIN phải gồm đúng 6 chữ số (0–9).")
    if len(set(pin)) == 1:
        return _("Mã PIN không được gồm một chữ số lặp lại (như 000000, 888888).")
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {9}):
        return _("Mã PIN không được là dãy số liên tiếp tăng hoặc giảm (như 123456, 654321).")
    if pin == pin[:2] * 3 or pin == pin[:3] * 2 or pin in KEYPAD_PATTERNS:
        return _("Mã PIN không được là dãy lặp lại hay dãy dễ đoán (như 121212, 123123, 112233).")
    if birth_date is not None and pin in _birthday_forms(birth_date):
        return _("Mã PIN không được là ngày sinh của bạn (như ngày-tháng-năm hay năm-tháng-ngày).")
    if phone and pin == phone[-PIN_LENGTH:]:
        return _("Mã PIN không được là 6 số cuối số điện thoại của ví.")
    return None


def check_pin_strength(pin, *, wallet: Wallet, field: str = "pin") -> str:
    weakness = pin_weakness(pin, birth_date=wallet.birth_date, phone=wallet.phone)
    if weakness:
        raise WalletPinWeak(weakness, field=field)
    return pin


def wallet_pin_set(*, user, pin: str, wallet_id: int | None = None) -> Wallet:
    """The first PIN of a verified wallet (a merchant wallet's: by a business owner)."""
    wallet = wallet_spendable(user=user, wallet_id=wallet_id)
    if wallet.status != Wallet.Status.ACTIVE:
        raise WalletNotVerified(field="wallet_id")
    if wallet.pin_hash:
        raise WalletPinAlreadySet(field="pin")
    check_pin_strength(pin, wallet=wallet)
    hashed = make_password(pin)  # slow on purpose: before any lock
    with transaction.atomic():
        # Conditional: of two parallel first PINs, one is set and the other refused.
        if not Wallet.objects.filter(pk=wallet.pk, pin_hash="").update(pin_hash=hashed):
            raise WalletPinAlreadySet(field="pin")
        WalletAudit.objects.create(wallet=wallet, action="pin_set", actor=user)
    wallet.refresh_from_db()
    return wallet


def wallet_pin_change(
    *,
    user,
    new_pin: str,
    old_pin: str | None = None,
    otp_code: str | None = None,
    wallet_id: int | None = None,
    now: datetime | None = None,
) -> Wallet:
    """A new PIN, proven by the old one (its wrong tries count toward the lockout) or by a
    code sent with `walletOtpSend(PIN_RESET)` (for a forgotten or locked PIN). Clears the
    wrong-PIN count and the lock; the owner is told."""
    now = now or timezone.now()
    if bool(old_pin) == bool(otp_code):
        raise WalletPinChangeProof(field="old_pin")
    wallet = wallet_spendable(user=user, wallet_id=wallet_id)
    if not wallet.pin_hash:
        raise WalletPinNotSet(field="wallet_id")
    # Refused before the proof is spent: a weak new PIN costs neither a try nor the code.
    check_pin_strength(new_pin, wallet=wallet, field="new_pin")
    if old_pin:
        pin_verify(wallet_id=wallet.pk, pin=old_pin, now=now)
        how = "old_pin"
    else:
        otp_check(
            user=user,
            purpose=PhoneCode.Purpose.PIN_RESET,
            subject=otp_subject(wallet),
            code=otp_code,
            field="otp_code",
            now=now,
        )
        how = "otp"
    hashed = make_password(new_pin)
    with transaction.atomic():
        wallet = wallet_locked(wallet.pk)
        Wallet.objects.filter(pk=wallet.pk).update(pin_hash=hashed, pin_failures=0, pin_locked_until=None)
        WalletAudit.objects.create(wallet=wallet, action="pin_changed", reason=how, actor=user)
        wallet_notify(
            wallet=wallet,
            key=f"pin_changed:{wallet.pk}:{now.timestamp():.6f}",
            subject=_("Mã PIN ví Chợ Số vừa được đổi"),
            body=_(
                "Mã PIN ví của bạn vừa được đổi. Nếu không phải bạn, hãy đóng băng ví ngay và gọi hỗ trợ."
            ),
        )
    wallet.refresh_from_db()
    return wallet
