"""What every wallet operation shares: the ledger account, row locks, the owner's permission,
the PIN with its lockout, the monthly cap, masking of other people's details, the idempotency
of requests and the owner's notifications.

Lock order, everywhere: wallet rows (primary-key order) → payment group → orders → ledger
accounts (last, inside `ledger_post`). A credit to a wallet (a transfer in, a refund, a
top-up) touches only its ledger account, never the wallet row, so a popular merchant's wallet
receiving many payments is one hot ledger row and nothing more."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import asdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.auth import require_user
from payments.ledger.models import LedgerAccount
from payments.wallets.errors import (
    WalletAmountInvalid,
    WalletFrozen,
    WalletIdempotencyConflict,
    WalletMonthlyCapExceeded,
    WalletNotFound,
    WalletNotVerified,
    WalletPermissionDenied,
    WalletPinLocked,
    WalletPinNotSet,
    WalletPinWrong,
)
from payments.wallets.models import Wallet, WalletAudit, WalletMonthlyUsage, WalletOperation

IDEMPOTENCY_KEY_MAX = 64


# --- the ledger account -------------------------------------------------------------------------


def wallet_account_code(*, user_id: int | None = None, business_id: int | None = None) -> str:
    return f"wallet:u{user_id}" if user_id is not None else f"wallet:b{business_id}"


def wallet_account_create(*, code: str, name: str, user=None) -> LedgerAccount:
    """A wallet's money: credit-normal and never overdrawn (pending debits count)."""
    return LedgerAccount.objects.create(
        code=code,
        name=name[:200],
        kind=LedgerAccount.Kind.WALLET,
        user=user,
        debits_must_not_exceed_credits=True,
    )


# --- reading and locking ------------------------------------------------------------------------


def wallet_locked(wallet_id: int, *, field: str = "wallet_id") -> Wallet:
    """Locks the wallet row. FOR NO KEY UPDATE: a row referencing the wallet (an operation, a
    month's usage) may be written by a transaction that credits it meanwhile, whose foreign-key
    check (FOR KEY SHARE) would otherwise wait on this lock while holding a ledger account this
    transaction needs — a deadlock the random-operations test found."""
    wallet = (
        Wallet.objects.select_for_update(of=("self",), no_key=True)
        .select_related("account")
        .filter(pk=wallet_id)
        .first()
    )
    if wallet is None:
        raise WalletNotFound(field=field)
    return wallet


def wallets_locked(wallet_ids) -> dict[int, Wallet]:
    """Locks several wallet rows in primary-key order (two transfers between the same two
    wallets in opposite directions never wait on each other in a circle); FOR NO KEY UPDATE as
    in `wallet_locked`."""
    rows = (
        Wallet.objects.select_for_update(of=("self",), no_key=True)
        .select_related("account")
        .filter(pk__in=set(wallet_ids))
    )
    return {wallet.pk: wallet for wallet in rows.order_by("pk")}


# --- who may spend ------------------------------------------------------------------------------


def is_spender(user, wallet: Wallet) -> bool:
    """The personal wallet's owner; a merchant wallet's business owners (never its staff)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if wallet.is_personal:
        return wallet.user_id == user.pk
    from marketplace.businesses.models import BusinessMember

    return BusinessMember.objects.filter(
        user_id=user.pk, business_id=wallet.business_id, role=BusinessMember.Role.OWNER
    ).exists()


def may_read_wallet(user, wallet: Wallet) -> bool:
    """The spender, and a merchant wallet's staff (who see, and never move, the shop's money)."""
    if is_spender(user, wallet):
        return True
    if wallet.is_personal or user is None or not user.is_authenticated:
        return False
    from marketplace.businesses.permissions import member_business_ids

    return wallet.business_id in member_business_ids(user)


def require_spender(user, wallet: Wallet) -> None:
    require_user(user)
    if not is_spender(user, wallet):
        if may_read_wallet(user, wallet):
            raise WalletPermissionDenied(field="wallet_id")
        raise WalletNotFound(field="wallet_id")  # another person's wallet does not exist for you


def require_can_debit(wallet: Wallet) -> None:
    """Checked on the locked row in the debit's transaction."""
    if wallet.status != Wallet.Status.ACTIVE:
        raise WalletNotVerified(field="wallet_id")
    if wallet.is_frozen:
        raise WalletFrozen(field="wallet_id")
    if not wallet.pin_hash:
        raise WalletPinNotSet(field="pin")


def check_amount(amount, *, field: str = "amount") -> int:
    if type(amount) is not int or amount <= 0 or amount > settings.WALLET_MAX_AMOUNT:
        raise WalletAmountInvalid(
            _("Số tiền phải là số nguyên VND từ 1 đến %(max)s.")
            % {"max": f"{settings.WALLET_MAX_AMOUNT:,}".replace(",", ".")},
            field=field,
        )
    return amount


# --- the PIN ------------------------------------------------------------------------------------


def pin_verify(*, wallet_id: int, pin: str, now: datetime | None = None) -> None:
    """Authorises one debit. Call it before the debit's transaction, outside any other: a wrong
    PIN is counted (and the owner told) in a transaction of its own, which the refused debit
    cannot roll back. The hash is checked without holding the row lock (it is slow on purpose);
    the count is kept under it."""
    now = now or timezone.now()
    wallet = Wallet.objects.filter(pk=wallet_id).only("pk", "pin_hash", "pin_locked_until").first()
    if wallet is None:
        raise WalletNotFound(field="wallet_id")
    if wallet.pin_locked_until and wallet.pin_locked_until > now:
        raise WalletPinLocked(until=wallet.pin_locked_until)
    if not wallet.pin_hash:
        raise WalletPinNotSet(field="pin")
    right = isinstance(pin, str) and len(pin) == 6 and pin.isdigit() and check_password(pin, wallet.pin_hash)
    with transaction.atomic():
        wallet = wallet_locked(wallet_id)
        if wallet.pin_locked_until and wallet.pin_locked_until > now:
            raise WalletPinLocked(until=wallet.pin_locked_until)
        if right:
            if wallet.pin_failures:
                Wallet.objects.filter(pk=wallet.pk).update(pin_failures=0)
            return
        failures = wallet.pin_failures + 1
        if failures >= settings.WALLET_PIN_MAX_FAILURES:
            until = now + timedelta(minutes=settings.WALLET_PIN_LOCK_MINUTES)
            Wallet.objects.filter(pk=wallet.pk).update(pin_failures=0, pin_locked_until=until)
            WalletAudit.objects.create(wallet=wallet, action="pin_locked", reason=f"{failures} wrong PINs")
            wallet_notify(
                wallet=wallet,
                key=f"pin_locked:{wallet.pk}:{now.timestamp():.0f}",
                subject=_("Ví Chợ Số bị khoá tạm thời"),
                body=_(
                    "Mã PIN ví bị nhập sai %(n)d lần liên tiếp nên ví bị khoá đến %(time)s. Nếu không phải "
                    "bạn, hãy đóng băng ví ngay và đổi mã PIN."
                )
                % {"n": failures, "time": timezone.localtime(until).strftime("%H:%M %d/%m/%Y")},
            )
            locked_until = until
        else:
            Wallet.objects.filter(pk=wallet.pk).update(pin_failures=F("pin_failures") + 1)
            wallet_notify(
                wallet=wallet,
                key=f"pin_wrong:{wallet.pk}:{now.timestamp():.6f}",
                subject=_("Mã PIN ví Chợ Số bị nhập sai"),
                body=_("Có người vừa nhập sai mã PIN ví của bạn. Nếu không phải bạn, hãy đóng băng ví ngay."),
            )
            locked_until = None
    if locked_until is not None:
        raise WalletPinLocked(until=locked_until)
    raise WalletPinWrong(left=settings.WALLET_PIN_MAX_FAILURES - failures)


# --- the monthly cap (Decree 368/2025/NĐ-CP) ----------------------------------------------------


def cap_month(now: datetime | None = None) -> date:
    """The first day of the calendar month in Asia/Ho_Chi_Minh (TIME_ZONE)."""
    return timezone.localtime(now or timezone.now()).date().replace(day=1)


def cap_left(wallet: Wallet, *, now: datetime | None = None) -> int | None:
    """What a personal wallet may still send out this month; None for a merchant wallet."""
    if not wallet.is_personal:
        return None
    used = (
        WalletMonthlyUsage.objects.filter(wallet=wallet, month=cap_month(now))
        .values_list("debited", flat=True)
        .first()
    )
    return max(settings.WALLET_MONTHLY_CAP - (used or 0), 0)


def cap_consume(*, wallet: Wallet, amount: int, now: datetime | None = None) -> date | None:
    """Counts a debit of a personal wallet against its month, or refuses it saying what is left.
    The caller holds the wallet's row lock; the conditional UPDATE holds the cap on its own too."""
    if not wallet.is_personal:
        return None
    month = cap_month(now)
    cap = settings.WALLET_MONTHLY_CAP
    usage, _created = WalletMonthlyUsage.objects.get_or_create(wallet=wallet, month=month)
    raised = WalletMonthlyUsage.objects.filter(pk=usage.pk, debited__lte=cap - amount).update(
        debited=F("debited") + amount
    )
    if not raised:
        used = WalletMonthlyUsage.objects.filter(pk=usage.pk).values_list("debited", flat=True).get()
        raise WalletMonthlyCapExceeded(left=max(cap - used, 0), cap=cap)
    return month


def cap_give_back(*, operation: WalletOperation) -> None:
    """An undone debit (a cancelled hold, a rejected withdrawal) no longer counts in the month
    it was counted in. The caller holds the wallet's row lock."""
    if operation.cap_month is None:
        return
    WalletMonthlyUsage.objects.filter(wallet_id=operation.wallet_id, month=operation.cap_month).update(
        debited=F("debited") - operation.amount
    )


# --- requests made once -------------------------------------------------------------------------


def request_digest(**fields) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def operation_replayed(
    *, wallet: Wallet, idempotency_key: str, digest: str, field: str = "idempotency_key"
) -> WalletOperation | None:
    """The first operation made with this key (under the wallet's lock, so a parallel repeat
    waits for the first and finds it), or None; a key reused with other fields is refused."""
    if not idempotency_key:
        return None
    first = WalletOperation.objects.filter(wallet=wallet, idempotency_key=idempotency_key).first()
    if first is not None and first.digest != digest:
        raise WalletIdempotencyConflict(field=field)
    return first


def check_idempotency_key(key: str | None, *, field: str = "idempotency_key") -> str:
    from marketplace.validation import check_free_text

    key = (key or "").strip()
    check_free_text(field, key, IDEMPOTENCY_KEY_MAX)
    return key


def new_reference() -> str:
    """A public reference for support and statements: VI + 10 random digits and letters."""
    return "VI" + secrets.token_hex(5).upper()


def ledger_key(operation: WalletOperation, step: str) -> str:
    return f"wallet:{operation.pk}:{step}"


# --- identity and masking -----------------------------------------------------------------------


def id_number_digest(id_number: str) -> str:
    """A keyed digest of a citizen ID number: equal numbers match (one wallet per person), the
    number itself is not stored."""
    return hmac.new(settings.SECRET_KEY.encode(), f"cccd:{id_number}".encode(), hashlib.sha256).hexdigest()


def mask_name(name: str) -> str:
    """`Nguyễn Văn An` → `Nguyễn V. A.`: enough to recognise someone you know, not to learn a
    stranger's name."""
    words = (name or "").split()
    if not words:
        return ""
    return " ".join([words[0]] + [word[0].upper() + "." for word in words[1:]])


def mask_phone(phone: str) -> str:
    """`+84912345678` → `09xx xxx 678`."""
    national = "0" + phone[3:] if phone.startswith("+84") else phone
    if len(national) < 6:
        return "x" * len(national)
    return f"{national[:2]}xx xxx {national[-3:]}"


# --- telling the owner --------------------------------------------------------------------------


def wallet_phones(wallet: Wallet) -> list[str]:
    return [wallet.phone] if wallet.phone else []


def wallet_notify(*, wallet: Wallet, key: str, subject: str, body: str) -> None:
    """Queues a message to the wallet's phone through the notification backends, sent after the
    commit (a debit's notice goes only if the debit happened)."""
    from orders.models import SideEffect
    from orders.notifications import Notification
    from orders.services.outbox import side_effects_add

    notification = Notification(
        event="wallet", order_number="", subject=str(subject), body=str(body), phones=wallet_phones(wallet)
    )
    side_effects_add(
        [
            SideEffect(
                kind=SideEffect.Kind.NOTIFY,
                key=f"wallet:{key}:{backend}"[:255],
                payload={"backend": backend, **asdict(notification)},
            )
            for backend in settings.ORDER_NOTIFICATION_BACKENDS
        ]
    )


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def debit_notify(*, operation: WalletOperation, wallet: Wallet, what: str) -> None:
    """Every debit is told to the owner, with what is left: an unexpected one is noticed at once."""
    wallet_notify(
        wallet=wallet,
        key=f"debit:{operation.pk}",
        subject=_("Ví Chợ Số: -%(amount)s") % {"amount": vnd(operation.amount)},
        body=_("%(what)s, mã %(reference)s. Nếu không phải bạn, hãy đóng băng ví ngay trong ứng dụng.")
        % {"what": what, "reference": operation.reference},
    )
