"""Opening a personal wallet: on the signed-in person's account phone, for the identity that
phone is registered to (`subscriber`), one per person (a keyed digest of the CCCD is unique)
and per phone; it moves nothing until the phone's one-time code is entered."""

from __future__ import annotations

import logging
import unicodedata
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import PhoneCode
from marketplace.accounts.otp import otp_check, otp_send
from marketplace.auth import require_user
from marketplace.errors import DomainError, InvalidChoice, Required, ValidationFailed
from marketplace.validation import check_free_text
from payments.wallets.core import (
    id_number_digest,
    wallet_account_code,
    wallet_account_create,
    wallet_notify,
)
from payments.wallets.errors import (
    SubscriberRegistryUnavailable,
    WalletAlreadyOpen,
    WalletFrozenByOperator,
    WalletIdentityInvalid,
    WalletIdentityMismatch,
    WalletNotFrozen,
)
from payments.wallets.models import Wallet, WalletAudit
from payments.wallets.selectors import wallet_own, wallet_spendable
from payments.wallets.subscriber import Subscriber, subscriber_registry

logger = logging.getLogger(__name__)

FULL_NAME_MAX = Wallet._meta.get_field("holder_name").max_length
OTP_PURPOSES = (PhoneCode.Purpose.WALLET_OPEN, PhoneCode.Purpose.PIN_RESET, PhoneCode.Purpose.WALLET_UNFREEZE)


# --- reads (every wallet service starts from one of these) --------------------------------------


def otp_subject(wallet: Wallet) -> str:
    return f"wallet:{wallet.pk}"


# --- opening ------------------------------------------------------------------------------------


def _identity_clean(full_name, id_number, birth_date, *, today: date) -> tuple[str, str, date]:
    problems: list[DomainError] = []
    name = " ".join(unicodedata.normalize("NFC", full_name if isinstance(full_name, str) else "").split())
    if not name:
        problems.append(Required(_("Nhập họ và tên như trên CCCD."), field="full_name"))
    else:
        try:
            check_free_text("full_name", name, FULL_NAME_MAX)
        except DomainError as exc:
            problems.append(exc)
    number = "".join((id_number if isinstance(id_number, str) else "").split())
    if not (len(number) == 12 and number.isascii() and number.isdigit()):
        problems.append(
            WalletIdentityInvalid(
                _("Số CCCD (căn cước công dân) gồm đúng 12 chữ số, ví dụ 008090001234."), field="id_number"
            )
        )
    if not isinstance(birth_date, date) or not date(1900, 1, 1) <= birth_date <= today:
        problems.append(
            WalletIdentityInvalid(
                _("Ngày sinh phải là một ngày từ 01/01/1900 đến hôm nay."), field="birth_date"
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return name, number, birth_date


def _registry_confirms(subscriber: Subscriber) -> None:
    try:
        confirmed = subscriber_registry().matches(subscriber)
    except DomainError:
        raise
    except Exception as exc:  # a carrier's API fails in many ways; none is the person's fault
        logger.warning("subscriber registry failed: %s", type(exc).__name__)
        raise SubscriberRegistryUnavailable() from exc
    if not confirmed:
        raise WalletIdentityMismatch()


def wallet_open(
    *, user, full_name: str, id_number: str, birth_date: date, now: datetime | None = None
) -> Wallet:
    """Opens the signed-in person's personal wallet (UNVERIFIED) and sends the phone a code.
    Asked again while unverified, with the same ID number, it sends a new code (throttled)."""
    require_user(user)
    now = now or timezone.now()
    name, number, born = _identity_clean(full_name, id_number, birth_date, today=timezone.localdate(now))
    digest = id_number_digest(number)
    existing = wallet_own(user)
    if existing is not None:
        if existing.status == Wallet.Status.UNVERIFIED and existing.id_number_digest == digest:
            with transaction.atomic():
                otp_send(
                    user=user,
                    phone=existing.phone,
                    purpose=PhoneCode.Purpose.WALLET_OPEN,
                    subject=otp_subject(existing),
                    now=now,
                )
            return existing
        raise WalletAlreadyOpen()
    # Outside any transaction: a carrier's lookup may be an HTTP call. Asked before whether the
    # ID number has a wallet, so only the phone's registered holder learns that.
    _registry_confirms(Subscriber(phone=user.phone, full_name=name, id_number=number, birth_date=born))
    if Wallet.objects.filter(id_number_digest=digest).exists():
        raise WalletAlreadyOpen(field="id_number")
    with transaction.atomic():
        try:
            with transaction.atomic():
                account = wallet_account_create(
                    code=wallet_account_code(user_id=user.pk),
                    name=_("Ví cá nhân của người dùng #%(id)d") % {"id": user.pk},
                    user=user,
                )
                wallet = Wallet.objects.create(
                    kind=Wallet.Kind.PERSONAL,
                    status=Wallet.Status.UNVERIFIED,
                    user=user,
                    account=account,
                    phone=user.phone,
                    holder_name=name,
                    id_number_digest=digest,
                    id_number_last4=number[-4:],
                    birth_date=born,
                )
        except IntegrityError:
            # A parallel open for the same person, ID number or phone committed first.
            raise WalletAlreadyOpen() from None
        WalletAudit.objects.create(wallet=wallet, action="opened", actor=user)
        otp_send(
            user=user,
            phone=wallet.phone,
            purpose=PhoneCode.Purpose.WALLET_OPEN,
            subject=otp_subject(wallet),
            now=now,
        )
    return wallet


def wallet_verify_phone(*, user, code: str, now: datetime | None = None) -> Wallet:
    """The code sent when the wallet was opened makes it ACTIVE (then a PIN is set)."""
    now = now or timezone.now()
    wallet = wallet_spendable(user=user, wallet_id=None)
    if wallet.status == Wallet.Status.ACTIVE:
        return wallet
    otp_check(
        user=user, purpose=PhoneCode.Purpose.WALLET_OPEN, subject=otp_subject(wallet), code=code, now=now
    )
    with transaction.atomic():
        Wallet.objects.filter(pk=wallet.pk, status=Wallet.Status.UNVERIFIED).update(
            status=Wallet.Status.ACTIVE, phone_verified_at=now
        )
        WalletAudit.objects.create(wallet=wallet, action="phone_verified", actor=user)
        wallet_notify(
            wallet=wallet,
            key=f"verified:{wallet.pk}",
            subject=_("Ví Chợ Số đã được xác minh"),
            body=_("Ví của bạn đã xác minh số điện thoại. Hãy đặt mã PIN 6 chữ số để bắt đầu dùng ví."),
        )
    wallet.refresh_from_db()
    return wallet


def wallet_otp_send(
    *, user, purpose: str, wallet_id: int | None = None, now: datetime | None = None
) -> Wallet:
    """A new one-time code to the wallet's phone: to finish opening it, to reset its PIN, or to
    unfreeze it (only when the owner froze it: an operator's freeze is lifted by operators)."""
    wallet = wallet_spendable(user=user, wallet_id=wallet_id)
    if purpose not in OTP_PURPOSES:
        raise InvalidChoice(field="purpose", choices=[p.upper() for p in OTP_PURPOSES])
    if purpose == PhoneCode.Purpose.WALLET_OPEN and wallet.status != Wallet.Status.UNVERIFIED:
        raise WalletAlreadyOpen(
            _("Ví đã được xác minh số điện thoại, không cần mã mở ví nữa."), field="purpose"
        )
    if purpose == PhoneCode.Purpose.WALLET_UNFREEZE:
        if not wallet.is_frozen:
            raise WalletNotFrozen(field="wallet_id")
        if wallet.frozen_by_operator:
            raise WalletFrozenByOperator(field="wallet_id")
    with transaction.atomic():
        otp_send(user=user, phone=wallet.phone, purpose=purpose, subject=otp_subject(wallet), now=now)
    return wallet
