"""MoMo's payment gateway protocol, API v2 (see /work/shared/specs/payments.md, MoMo section):
the fields each message signs and in which order, HMAC-SHA256 over `key=value` pairs joined
with `&` (raw values: nothing is URL-encoded), amounts in whole VND, resultCode 0 = success.
Pure functions, no I/O: the client, the IPN and the local sandbox all sign and verify here."""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping

REQUEST_TYPE = "captureWallet"
CREATE_PATH = "/v2/gateway/api/create"
QUERY_PATH = "/v2/gateway/api/query"
REFUND_PATH = "/v2/gateway/api/refund"
ORDER_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,50}$")
ORDER_INFO_MAX = 255
# MoMo's one-payment bounds for captureWallet (VND).
AMOUNT_MIN, AMOUNT_MAX = 1_000, 50_000_000

# The keys each signature covers, in the order MoMo concatenates them (alphabetical). accessKey
# is never sent in the body of a callback: both sides take it from their configuration.
CREATE_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "ipnUrl",
    "orderId",
    "orderInfo",
    "partnerCode",
    "redirectUrl",
    "requestId",
    "requestType",
)
IPN_FIELDS = (
    "accessKey",
    "amount",
    "extraData",
    "message",
    "orderId",
    "orderInfo",
    "orderType",
    "partnerCode",
    "payType",
    "requestId",
    "responseTime",
    "resultCode",
    "transId",
)
QUERY_FIELDS = ("accessKey", "orderId", "partnerCode", "requestId")
REFUND_FIELDS = ("accessKey", "amount", "description", "orderId", "partnerCode", "requestId", "transId")

SUCCESS = 0
# Still open at MoMo: the buyer has not confirmed yet (1000), or it is being processed.
PENDING_CODES = frozenset({1000, 7000, 7002})
DUPLICATE_ORDER_ID = 41
ORDER_NOT_FOUND = 42


class MomoError(Exception):
    """Something went wrong talking to MoMo (never shown to buyers as is)."""


class MomoUnavailable(MomoError):
    """No usable answer: connection refused, timeout, HTTP 5xx. For a refund or a create the
    outcome is unknown."""


class MomoBadResponse(MomoError):
    """An answer came but cannot be trusted: not JSON, or not about what was asked."""


# --- signing ---------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # JSON true would read "True": never a MoMo value
        return str(value).lower()
    return str(value)


def raw_signature(values: Mapping[str, object], fields: tuple[str, ...]) -> str:
    """`accessKey=…&amount=…&…`: the named keys in the given order, raw values, missing ones empty."""
    return "&".join(f"{name}={_text(values.get(name))}" for name in fields)


def hmac_sha256(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha256).hexdigest()


def sign(secret: str, values: Mapping[str, object], fields: tuple[str, ...]) -> str:
    return hmac_sha256(secret, raw_signature(values, fields))


def same_signature(expected: str, received: object) -> bool:
    # Bytes: compare_digest refuses non-ASCII str, and a forged signature may contain anything.
    return isinstance(received, str) and hmac.compare_digest(
        expected.lower().encode(), received.lower().encode(errors="replace")
    )


def verify(secret: str, access_key: str, values: Mapping[str, object], fields: tuple[str, ...]) -> bool:
    """Whether `values["signature"]` signs the named fields, accessKey taken from our settings.
    Every signed field must be present as text or a whole number: MoMo sends them all, and a
    null or a list must not pass for the empty value it would sign as."""
    for name in fields:
        value = values.get(name)
        if name != "accessKey" and (isinstance(value, bool) or not isinstance(value, str | int)):
            return False
    try:
        expected = sign(secret, {**values, "accessKey": access_key}, fields)
    except Exception:  # a mapping of odd values is a bad signature, never a crash
        return False
    return same_signature(expected, values.get("signature"))


# --- values ----------------------------------------------------------------------------------


def parse_amount(value: object) -> int | None:
    """MoMo's amount (a JSON number, or digits in a query string) as VND; None when it is not
    a whole non-negative number (1.5, "1e3", true, "١٢" are all refused)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = value if isinstance(value, str) else ""
    if not text.isascii() or not text.isdigit() or len(text) > 15:
        return None
    return int(text)


def parse_result_code(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = value if isinstance(value, str) else ""
    if text.isascii() and text.lstrip("-").isdigit() and len(text) <= 6:
        return int(text)
    return None


def order_info_text(text: str) -> str:
    """orderInfo: MoMo shows it to the buyer and accepts Vietnamese; control characters dropped,
    whitespace collapsed, at most 255 characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(printable.split())[:ORDER_INFO_MAX]


def check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("amount must be a positive integer number of VND")


def new_request_id() -> str:
    return uuid.uuid4().hex  # unique per request, as MoMo requires (a repeat answers 40)
