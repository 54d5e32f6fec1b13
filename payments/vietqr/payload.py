"""VietQR payloads (NAPAS 247, EMVCo merchant-presented QR): build, check and read back.

Each field is `ID(2) + LEN(2, decimal) + VALUE`; the last field, 63, is a CRC-16/CCITT-FALSE
over everything before its value (including `6304`). A static code (01=11) lets the payer type
any amount (a market stall's printed QR); a dynamic one (01=12) carries one amount for one
order, and its purpose carries our payment reference so the incoming transfer can be matched.
"""

import re
from dataclasses import dataclass

from marketplace.text import fold_diacritics
from payments.vietqr.errors import (
    VietQRInvalidAccountNumber,
    VietQRInvalidAmount,
    VietQRInvalidBankBin,
    VietQRInvalidPayload,
    VietQRInvalidPurpose,
)

NAPAS_GUID = "A000000727"
SERVICES = ("QRIBFTTA", "QRIBFTTC")  # to an account, to a card
CURRENCY_VND = "704"
COUNTRY = "VN"
PURPOSE_MAX_CHARS = 25
AMOUNT_MAX_DIGITS = 13  # EMVCo field 54 holds at most 13 characters

_BIN = re.compile(r"970[0-9]{3}")
_ACCOUNT = re.compile(r"[0-9]{6,19}")
# Codes issued by payment services may name a virtual account with letters (`VQRQABRLS0448`).
_PARSED_ACCOUNT = re.compile(r"[A-Za-z0-9]{1,19}")
# Banks pass the purpose through their own core systems; letters, digits and spaces survive
# every one of them, punctuation does not always.
_PURPOSE = re.compile(r"[A-Za-z0-9 ]*")


def crc16_ccitt_false(data: str | bytes) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), 4 hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8") if isinstance(data, str) else data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRInvalidPayload()
    return f"{tag}{len(value):02d}{value}"


def clean_bank_bin(bank_bin: str) -> str:
    value = str(bank_bin or "").strip()
    if not _BIN.fullmatch(value):
        raise VietQRInvalidBankBin(field="bank_bin")
    return value


def clean_account_number(account_number: str) -> str:
    # People copy numbers as printed on cards and statements: "1903 5555 1234 01".
    value = re.sub(r"[\s.-]", "", str(account_number or ""))
    if not _ACCOUNT.fullmatch(value):
        raise VietQRInvalidAccountNumber(field="account_number")
    return value


def clean_purpose(purpose: str | None) -> str:
    """Diacritics folded (`Đơn hàng` → `Don hang`), spaces collapsed; ASCII letters, digits
    and spaces, at most 25 characters, as every bank's app shows it unchanged."""
    value = " ".join(fold_diacritics(str(purpose or "")).split())
    if len(value) > PURPOSE_MAX_CHARS or not _PURPOSE.fullmatch(value):
        raise VietQRInvalidPurpose(field="purpose")
    return value


def clean_amount(amount) -> int:
    # bool is an int in Python; True đồng is not an amount.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise VietQRInvalidAmount(field="amount")
    if amount <= 0 or len(str(amount)) > AMOUNT_MAX_DIGITS:
        raise VietQRInvalidAmount(field="amount")
    return amount


def build_payload(
    *,
    bank_bin: str,
    account_number: str,
    amount: int | None = None,
    purpose: str | None = None,
    service: str = "QRIBFTTA",
) -> str:
    """The VietQR text to encode in a QR image: static without `amount`, dynamic with one."""
    bank_bin = clean_bank_bin(bank_bin)
    account_number = clean_account_number(account_number)
    if service not in SERVICES:
        raise VietQRInvalidPayload(field="service")
    purpose = clean_purpose(purpose)
    beneficiary = _field("00", bank_bin) + _field("01", account_number)
    merchant = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", service)
    parts = [
        _field("00", "01"),
        _field("01", "11" if amount is None else "12"),
        _field("38", merchant),
        _field("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(_field("54", str(clean_amount(amount))))
    parts.append(_field("58", COUNTRY))
    if purpose:
        parts.append(_field("62", _field("08", purpose)))
    body = "".join(parts) + "6304"
    return body + crc16_ccitt_false(body)


@dataclass(frozen=True)
class VietQR:
    bank_bin: str
    account_number: str
    service: str
    amount: int | None
    purpose: str
    bill_number: str
    dynamic: bool


def _fields(text: str) -> dict[str, str]:
    """Top-level TLV fields; a malformed length or a repeated tag refuses the whole payload."""
    out: dict[str, str] = {}
    i = 0
    while i < len(text):
        tag, length = text[i : i + 2], text[i + 2 : i + 4]
        if len(tag) < 2 or not length.isdigit() or not length.isascii():
            raise VietQRInvalidPayload()
        end = i + 4 + int(length)
        if end > len(text) or tag in out:
            raise VietQRInvalidPayload()
        out[tag] = text[i + 4 : end]
        i = end
    return out


def _parsed_account(value: str) -> str:
    if not _PARSED_ACCOUNT.fullmatch(value):
        raise VietQRInvalidPayload()
    return value


def parse_payload(payload: str) -> VietQR:
    """Reads a VietQR text back; refuses it unless its CRC and its mandatory fields check out."""
    if not isinstance(payload, str) or not payload.isascii() or len(payload) < 8 or len(payload) > 512:
        raise VietQRInvalidPayload()
    body, crc = payload[:-4], payload[-4:]
    if not body.endswith("6304") or crc16_ccitt_false(body) != crc.upper():
        raise VietQRInvalidPayload()
    top = _fields(payload)
    if top.get("00") != "01" or top.get("01") not in ("11", "12") or top.get("53") != CURRENCY_VND:
        raise VietQRInvalidPayload()
    merchant = _fields(top.get("38", ""))
    beneficiary = _fields(merchant.get("01", ""))
    if merchant.get("00") != NAPAS_GUID or merchant.get("02") not in SERVICES:
        raise VietQRInvalidPayload()
    dynamic = top["01"] == "12"
    amount = None
    if "54" in top:
        if not top["54"].isdigit() or not top["54"].isascii():
            raise VietQRInvalidPayload()
        amount = int(top["54"])
    if dynamic and not amount:
        raise VietQRInvalidPayload()
    extra = _fields(top.get("62", ""))
    return VietQR(
        bank_bin=clean_bank_bin(beneficiary.get("00", "")),
        account_number=_parsed_account(beneficiary.get("01", "")),
        service=merchant["02"],
        amount=amount,
        purpose=extra.get("08", ""),
        bill_number=extra.get("01", ""),
        dynamic=dynamic,
    )
