"""VNPay's protocol, API 2.1.0 (see /work/shared/specs/payments.md): the fields each call
signs, the two signatures (the pay URL's sorted, URL-encoded query; the API's `|`-joined
values), dates in Asia/Ho_Chi_Minh and amounts ×100. Pure functions, no I/O: the client, the
IPN and the local sandbox all sign and verify through here."""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from marketplace.text import fold_diacritics

VERSION = "2.1.0"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
HASH_KEYS = ("vnp_SecureHash", "vnp_SecureHashType")
TXN_REF = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
ORDER_INFO_MAX = 255

# The values of the pipe-signed API calls, in the order the gateway hashes them.
QUERY_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)
REFUND_RESPONSE_FIELDS = QUERY_RESPONSE_FIELDS[:-2]
REFUND_FULL, REFUND_PARTIAL = "02", "03"


class VNPayError(Exception):
    """Something went wrong talking to the gateway (never shown to buyers as is)."""


class VNPayUnavailable(VNPayError):
    """No usable answer: connection refused, timeout, HTTP error. For a refund the outcome is
    unknown; query the transaction before trying again."""


class VNPayBadResponse(VNPayError):
    """An answer came but cannot be trusted: not JSON, a field missing, or its signature fails."""


# --- signing ---------------------------------------------------------------------------------


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def canonical_query(params: Mapping[str, object]) -> str:
    """The string VNPay signs for pay URLs and callbacks: every non-empty `vnp_*` value except
    the hash itself, sorted by key, `key=quote_plus(value)` joined with `&`."""
    items = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_") and key not in HASH_KEYS and value not in (None, "")
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items)


def sign_query(secret: str, params: Mapping[str, object]) -> str:
    return hmac_sha512(secret, canonical_query(params))


def sign_fields(secret: str, params: Mapping[str, object], fields: tuple[str, ...]) -> str:
    """The API calls' signature: the values in a fixed order joined with `|`, unencoded."""
    return hmac_sha512(secret, "|".join(str(params.get(name) or "") for name in fields))


def same_hash(expected: str, received: object) -> bool:
    # Bytes: compare_digest refuses non-ASCII str, and a forged hash may contain anything.
    return isinstance(received, str) and hmac.compare_digest(
        expected.lower().encode(), received.lower().encode(errors="replace")
    )


# --- values ----------------------------------------------------------------------------------


def vnp_date(moment: datetime) -> str:
    """`yyyyMMddHHmmss` in Vietnam time. A naive datetime is refused: its zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("VNPay dates need an aware datetime")
    return moment.astimezone(VN_TZ).strftime(DATE_FORMAT)


def parse_vnp_date(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VN_TZ)
    except (TypeError, ValueError):
        return None


def order_info_ascii(text: str) -> str:
    """vnp_OrderInfo: ASCII without diacritics (`Thanh toán đơn` → `Thanh toan don`), other
    characters dropped, whitespace collapsed, at most 255 characters."""
    folded = fold_diacritics(text).encode("ascii", "ignore").decode()
    printable = "".join(ch if ch.isprintable() else " " for ch in folded)
    return " ".join(printable.split())[:ORDER_INFO_MAX]


def to_gateway_amount(amount: int) -> str:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("amount must be a positive integer number of VND")
    return str(amount * 100)


def from_gateway_amount(value: object) -> int | None:
    """vnp_Amount back to VND; None when it is not digits or not a whole number of đồng."""
    text = str(value or "")
    if not text.isascii() or not text.isdigit() or len(text) > 20:
        return None
    hundredths = int(text)
    return hundredths // 100 if hundredths % 100 == 0 else None


def new_request_id() -> str:
    return uuid.uuid4().hex  # 32 characters: unique per day, as the API requires
