"""Registering the account a business receives its money at."""

import re
from dataclasses import asdict

from django.db import transaction

from marketplace.businesses.permissions import require_member
from marketplace.errors import DomainError, ValidationFailed
from marketplace.text import fold_diacritics
from payments.banks.errors import InvalidHolderName, UnknownBank
from payments.banks.models import BusinessBankAccount
from payments.banks.registry import bank_by_bin
from payments.vietqr.payload import clean_account_number

_HOLDER = re.compile(r"[A-Z0-9 .&()-]{2,70}")


def clean_holder_name(holder_name: str) -> str:
    """`Nguyễn Thị  Hoa` → `NGUYEN THI HOA`: banks print holder names upper-case without
    diacritics, and a payout file or a transfer screen must show the same letters."""
    value = " ".join(fold_diacritics(str(holder_name or "")).upper().split())
    if not _HOLDER.fullmatch(value) or not re.search(r"[A-Z]", value):
        raise InvalidHolderName(field="holder_name")
    return value


def business_bank_account_set(
    *, user, business_id: int, bank_bin: str, account_number: str, holder_name: str
) -> BusinessBankAccount:
    """Only an owner of the business may point its money somewhere else: staff sell, owners
    decide where the proceeds go. Officers and finance operators read, never write."""
    require_member(user, business_id, owner=True)
    # Every bad field answered at once, so the form is corrected in one go.
    errors: list[DomainError] = []
    fields: dict = {"updated_by": user}
    bank = bank_by_bin(bank_bin)
    if bank is None:
        errors.append(UnknownBank(field="bank_bin"))
    else:
        fields["bank_bin"] = bank.bin
    for name, clean, value in (
        ("account_number", clean_account_number, account_number),
        ("holder_name", clean_holder_name, holder_name),
    ):
        try:
            fields[name] = clean(value)
        except DomainError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        before = BusinessBankAccount.objects.select_for_update().filter(business_id=business_id).first()
        account, _created = BusinessBankAccount.objects.update_or_create(
            business_id=business_id, defaults=fields
        )
        if before is None or (before.bank_bin, before.account_number, before.holder_name) != (
            account.bank_bin,
            account.account_number,
            account.holder_name,
        ):
            _tell_owners(account, actor=user)
    return account


def _tell_owners(account: BusinessBankAccount, *, actor) -> None:
    """Pointing payouts at another account is how a stolen owner login turns into stolen money:
    every owner and the business's own contact hear of it at once (through the order outbox's
    notification backends, sent after the commit and retried)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from marketplace.businesses.models import BusinessMember
    from orders.models import SideEffect
    from orders.notifications import Notification
    from orders.services.outbox import side_effects_add

    business = account.business
    owners = BusinessMember.objects.filter(business=business, role=BusinessMember.Role.OWNER).select_related(
        "user"
    )
    bank = account.bank
    subject = _("Tài khoản nhận tiền của %(business)s vừa được đổi") % {"business": business.name}
    body = (
        subject
        + "\n"
        + _(
            "Tài khoản mới: %(bank)s, số tài khoản kết thúc bằng %(last)s, chủ tài khoản %(holder)s; "
            "người đổi: %(actor)s. Nếu không phải bạn đổi, hãy đổi mật khẩu và báo quản trị nền tảng ngay."
        )
        % {
            "bank": bank.short_name if bank else account.bank_bin,
            "last": account.account_number[-4:],
            "holder": account.holder_name,
            "actor": str(actor),
        }
    )
    phones = {business.phone, *(m.user.phone for m in owners)} - {""}
    emails = {business.email, *(m.user.email or "" for m in owners)} - {""}
    notification = Notification(
        event="bank_account_changed",
        order_number="",
        subject=subject,
        body=body,
        phones=sorted(phones),
        emails=sorted(emails),
    )
    stamp = account.updated_at.isoformat()
    side_effects_add(
        [
            SideEffect(
                kind=SideEffect.Kind.NOTIFY,
                key=f"bank_account:{business.pk}:{stamp}:{backend}"[:255],
                payload={"backend": backend, **asdict(notification)},
            )
            for backend in settings.ORDER_NOTIFICATION_BACKENDS
        ]
    )
