"""Registering the account a business receives its money at."""

import re

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
        account, _created = BusinessBankAccount.objects.update_or_create(
            business_id=business_id, defaults=fields
        )
    return account
