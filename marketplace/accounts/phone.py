"""Vietnamese mobile numbers in one canonical form (E.164, `+84912345678`)."""

import phonenumbers
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class InvalidPhone(DomainError):
    code = "INVALID_PHONE"
    message = _("Số điện thoại di động Việt Nam không hợp lệ (ví dụ: 0912 345 678).")


_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """`0912 345 678`, `+84912345678`, `84912345678` → `+84912345678`; anything else is refused."""
    text = (raw or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+"):
        candidate = "+" + digits
    elif digits.startswith("84") and len(digits) == 11:
        candidate = "+" + digits
    else:
        candidate = digits
    try:
        number = phonenumbers.parse(candidate, "VN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(field=field) from exc
    if (
        number.country_code != 84
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise InvalidPhone(field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """`+84912345678` → `0912 345 678`, the way Vietnamese people write it."""
    number = phonenumbers.parse(e164, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
