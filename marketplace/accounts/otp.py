"""One-time codes by SMS: 6 digits, stored as a keyed hash, good for WALLET_OTP_MINUTES, at
most WALLET_OTP_MAX_TRIES wrong tries, used once; a new code replaces the last one of the
same purpose and subject, and codes are sent at most one per WALLET_OTP_RESEND_SECONDS and
WALLET_OTP_MAX_PER_HOUR per person and purpose (each SMS costs money and could flood a phone).

`otp_check` is called outside the caller's transaction, like the wallet PIN: a wrong try is
counted in a transaction of its own, which a refused request cannot roll back."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import PhoneCode, User
from marketplace.accounts.sms import sms_send_on_commit
from marketplace.errors import DomainError

CODE_DIGITS = 6


class OtpTooSoon(DomainError):
    code = "OTP_TOO_SOON"
    message = _("Mã OTP vừa được gửi. Hãy đợi một lát rồi yêu cầu mã mới.")

    def __init__(self, *, seconds: int, field: str | None = None):
        super().__init__(
            _("Mã OTP vừa được gửi. Hãy đợi %(seconds)d giây rồi yêu cầu mã mới.") % {"seconds": seconds},
            field=field,
        )


class OtpTooMany(DomainError):
    code = "OTP_TOO_MANY"
    message = _("Bạn đã yêu cầu quá nhiều mã OTP trong một giờ. Hãy thử lại sau.")


class OtpWrong(DomainError):
    code = "OTP_WRONG"
    message = _("Mã OTP không đúng.")

    def __init__(self, *, left: int, field: str | None = "code"):
        super().__init__(
            _("Mã OTP không đúng. Còn %(left)d lần thử với mã này.") % {"left": left}, field=field
        )


class OtpExpired(DomainError):
    code = "OTP_EXPIRED"
    message = _(
        "Mã OTP đã hết hạn, đã dùng hoặc đã nhập sai quá số lần cho phép. Hãy yêu cầu mã mới (mã gồm 6 chữ số)."
    )


def code_hash(code: str, *, phone_code_subject: str) -> str:
    # Keyed and bound to the row's purpose and subject: a leaked table gives no code by brute
    # force of the 10^6 possibilities without the secret key.
    return hmac.new(
        settings.SECRET_KEY.encode(), f"otp:{phone_code_subject}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _bound(purpose: str, subject: str) -> str:
    return f"{purpose}:{subject}"


def otp_send(
    *, user: User, phone: str, purpose: str, subject: str = "", now: datetime | None = None
) -> PhoneCode:
    """Sends a new code to `phone` after the caller's transaction commits (the message is
    `text` with the code). Earlier unused codes of this purpose and subject stop working."""
    now = now or timezone.now()
    with transaction.atomic():
        # The person's row serialises their sends: parallel taps cannot all pass the throttle.
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
        recent = PhoneCode.objects.filter(user=user, purpose=purpose, created_at__gt=now - timedelta(hours=1))
        last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
        if last is not None:
            wait = settings.WALLET_OTP_RESEND_SECONDS - int((now - last).total_seconds())
            if wait > 0:
                raise OtpTooSoon(seconds=wait)
        if recent.count() >= settings.WALLET_OTP_MAX_PER_HOUR:
            raise OtpTooMany()
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        PhoneCode.objects.filter(user=user, purpose=purpose, subject=subject, used_at__isnull=True).update(
            used_at=now
        )
        row = PhoneCode.objects.create(
            user=user,
            phone=phone,
            purpose=purpose,
            subject=subject,
            code_hash=code_hash(code, phone_code_subject=_bound(purpose, subject)),
            expires_at=now + timedelta(minutes=settings.WALLET_OTP_MINUTES),
            created_at=now,
        )
    minutes = settings.WALLET_OTP_MINUTES
    text = _TEXTS.get(purpose, _TEXTS["default"]) % {"code": code, "minutes": minutes}
    sms_send_on_commit(phone=phone, text=str(text))
    return row


# Short, so that with Vietnamese diacritics (a Unicode SMS: 70 characters a part) the message
# stays within two parts.
_TEXTS = {
    PhoneCode.Purpose.WALLET_OPEN: _(
        "Chợ Số: mã mở ví %(code)s, dùng trong %(minutes)d phút. Không đưa mã cho ai."
    ),
    PhoneCode.Purpose.PIN_RESET: _(
        "Chợ Số: mã đặt lại PIN ví %(code)s, dùng trong %(minutes)d phút. Không đưa mã cho ai, kể cả nhân viên."
    ),
    PhoneCode.Purpose.WALLET_UNFREEZE: _(
        "Chợ Số: mã mở đóng băng ví %(code)s, dùng trong %(minutes)d phút. Không đưa mã cho ai."
    ),
    "default": _("Chợ Số: mã OTP %(code)s, dùng trong %(minutes)d phút. Không đưa mã cho ai."),
}


def otp_check(
    *, user: User, purpose: str, code, subject: str = "", field: str = "code", now: datetime | None = None
) -> None:
    """Spends the live code of this purpose and subject if `code` is it; otherwise counts a
    wrong try (the code dies at WALLET_OTP_MAX_TRIES) and raises."""
    now = now or timezone.now()
    live = PhoneCode.objects.filter(
        user=user,
        purpose=purpose,
        subject=subject,
        used_at__isnull=True,
        expires_at__gt=now,
        attempts__lt=settings.WALLET_OTP_MAX_TRIES,
    )
    row = live.order_by("-created_at").only("pk", "code_hash", "attempts").first()
    if row is None:
        raise OtpExpired(field=field)
    text = code if isinstance(code, str) else ""
    text = text.strip()
    right = (
        len(text) == CODE_DIGITS
        and text.isascii()
        and text.isdigit()
        and hmac.compare_digest(row.code_hash, code_hash(text, phone_code_subject=_bound(purpose, subject)))
    )
    with transaction.atomic():
        if right:
            # One conditional UPDATE: of two parallel uses of the same code, one wins.
            if live.filter(pk=row.pk).update(used_at=now):
                return
            raise OtpExpired(field=field)
        live.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    left = settings.WALLET_OTP_MAX_TRIES - row.attempts - 1
    if left <= 0:
        raise OtpExpired(field=field)
    raise OtpWrong(left=left, field=field)
