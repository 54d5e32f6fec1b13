"""A small client for the VNPay payment gateway, API 2.1.0 (see /work/shared/specs/payments.md).

Amounts are integer VND at this surface; the gateway's ×100 happens here and nowhere else. Dates
are sent and read in Asia/Ho_Chi_Minh whatever the server's clock zone, and a naive datetime is
refused rather than guessed. Only `querydr` is retried: a refund sent twice could pay twice, so a
refund whose answer is lost raises `VNPayUnavailable` and the caller finds out with a query."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

import requests

from marketplace.text import fold_diacritics

logger = logging.getLogger(__name__)

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


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryResult:
    """querydr's answer. `response_code` 00 means the transaction was found; whether it was
    paid is `transaction_status` (00 paid, 01 pending, 02 failed, …)."""

    response_code: str
    message: str
    txn_ref: str
    amount: int | None
    transaction_no: str
    transaction_status: str
    transaction_type: str
    bank_code: str
    pay_date: datetime | None
    raw: dict = field(repr=False)

    @property
    def paid(self) -> bool:
        return self.response_code == "00" and self.transaction_status == "00"

    @property
    def pending(self) -> bool:
        return self.response_code == "00" and self.transaction_status == "01"


@dataclass(frozen=True)
class RefundResult:
    """The refund call's answer; `accepted` when the gateway took it (00)."""

    response_code: str
    message: str
    txn_ref: str
    amount: int | None
    transaction_no: str
    transaction_status: str
    raw: dict = field(repr=False)

    @property
    def accepted(self) -> bool:
        return self.response_code == "00"


# --- the client ------------------------------------------------------------------------------


class VNPayClient:
    def __init__(
        self,
        *,
        tmn_code: str,
        hash_secret: str,
        pay_url: str,
        api_url: str,
        timeout: float = 10.0,
        query_retries: int = 2,
        session: requests.Session | None = None,
    ):
        self.tmn_code = tmn_code
        self.hash_secret = hash_secret
        self.pay_url = pay_url
        self.api_url = api_url
        self.timeout = timeout
        self.query_retries = query_retries
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls) -> VNPayClient:
        from django.conf import settings

        return cls(
            tmn_code=settings.VNPAY_TMN_CODE,
            hash_secret=settings.VNPAY_HASH_SECRET,
            pay_url=settings.VNPAY_PAY_URL,
            api_url=settings.VNPAY_API_URL,
            timeout=settings.VNPAY_TIMEOUT_SECONDS,
        )

    def sign(self, params: Mapping[str, object]) -> str:
        return sign_query(self.hash_secret, params)

    def verify(self, params: Mapping[str, object]) -> bool:
        """Whether a callback's (IPN, return URL) `vnp_SecureHash` matches its `vnp_*` values."""
        try:
            received = params.get("vnp_SecureHash")
            expected = self.sign({key: params.get(key) for key in params.keys()})
        except Exception:  # a mapping of odd values is a bad signature, never a crash
            return False
        return same_hash(expected, received)

    def payment_url(
        self,
        *,
        txn_ref: str,
        amount: int,
        order_info: str,
        ip_addr: str,
        return_url: str,
        bank_code: str | None = None,
        locale: str = "vn",
        created_at: datetime,
        expire_minutes: int,
        order_type: str = "other",
    ) -> str:
        if not TXN_REF.match(txn_ref or ""):
            raise ValueError("txn_ref must be 1-100 characters of [A-Za-z0-9_-]")
        if locale not in ("vn", "en"):
            raise ValueError("locale must be 'vn' or 'en'")
        if expire_minutes <= 0:
            raise ValueError("expire_minutes must be positive")
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": to_gateway_amount(amount),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": order_info_ascii(order_info),
            "vnp_OrderType": order_type,
            "vnp_Locale": locale,
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": ip_addr,
            "vnp_CreateDate": vnp_date(created_at),
            "vnp_ExpireDate": vnp_date(created_at + timedelta(minutes=expire_minutes)),
            "vnp_BankCode": bank_code or "",
        }
        query = canonical_query(params)
        return f"{self.pay_url}?{query}&vnp_SecureHash={hmac_sha512(self.hash_secret, query)}"

    def query(
        self,
        *,
        txn_ref: str,
        transaction_date: datetime,
        ip_addr: str,
        order_info: str = "",
        now: datetime | None = None,
    ) -> QueryResult:
        """querydr: the gateway's view of a payment. Safe to repeat, so retried on a network error."""
        last_error: VNPayError | None = None
        for attempt in range(self.query_retries + 1):
            if attempt:
                time.sleep(0.2 * 2**attempt)
            request = self._query_request(txn_ref, transaction_date, ip_addr, order_info, now)
            try:
                body = self._post(request)
            except VNPayUnavailable as error:
                last_error = error
                continue
            self._check_response(body, QUERY_RESPONSE_FIELDS)
            return QueryResult(
                response_code=str(body.get("vnp_ResponseCode", "")),
                message=str(body.get("vnp_Message", "")),
                txn_ref=str(body.get("vnp_TxnRef", "")),
                amount=from_gateway_amount(body.get("vnp_Amount")),
                transaction_no=str(body.get("vnp_TransactionNo", "") or ""),
                transaction_status=str(body.get("vnp_TransactionStatus", "") or ""),
                transaction_type=str(body.get("vnp_TransactionType", "") or ""),
                bank_code=str(body.get("vnp_BankCode", "") or ""),
                pay_date=parse_vnp_date(str(body.get("vnp_PayDate", ""))),
                raw=body,
            )
        raise last_error or VNPayUnavailable("querydr failed")

    def refund(
        self,
        *,
        txn_ref: str,
        amount: int,
        transaction_no: str,
        transaction_date: datetime,
        full: bool,
        create_by: str,
        ip_addr: str,
        order_info: str = "",
        now: datetime | None = None,
    ) -> RefundResult:
        """Asks the gateway to return `amount` VND of a paid transaction. Never retried here."""
        params = {
            "vnp_RequestId": new_request_id(),
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionType": REFUND_FULL if full else REFUND_PARTIAL,
            "vnp_TxnRef": txn_ref,
            "vnp_Amount": to_gateway_amount(amount),
            "vnp_TransactionNo": transaction_no or "",
            "vnp_TransactionDate": vnp_date(transaction_date),
            "vnp_CreateBy": create_by,
            "vnp_CreateDate": vnp_date(now or datetime.now(VN_TZ)),
            "vnp_IpAddr": ip_addr,
            "vnp_OrderInfo": order_info_ascii(order_info or f"Hoan tien {txn_ref}"),
        }
        params["vnp_SecureHash"] = sign_fields(self.hash_secret, params, REFUND_REQUEST_FIELDS)
        body = self._post(params)
        self._check_response(body, REFUND_RESPONSE_FIELDS)
        return RefundResult(
            response_code=str(body.get("vnp_ResponseCode", "")),
            message=str(body.get("vnp_Message", "")),
            txn_ref=str(body.get("vnp_TxnRef", "")),
            amount=from_gateway_amount(body.get("vnp_Amount")),
            transaction_no=str(body.get("vnp_TransactionNo", "") or ""),
            transaction_status=str(body.get("vnp_TransactionStatus", "") or ""),
            raw=body,
        )

    def _query_request(self, txn_ref, transaction_date, ip_addr, order_info, now) -> dict:
        params = {
            "vnp_RequestId": new_request_id(),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": txn_ref,
            "vnp_TransactionDate": vnp_date(transaction_date),
            "vnp_CreateDate": vnp_date(now or datetime.now(VN_TZ)),
            "vnp_IpAddr": ip_addr,
            "vnp_OrderInfo": order_info_ascii(order_info or f"Tra cuu {txn_ref}"),
        }
        params["vnp_SecureHash"] = sign_fields(self.hash_secret, params, QUERY_REQUEST_FIELDS)
        return params

    def _post(self, params: dict) -> dict:
        command = params["vnp_Command"]
        try:
            response = self.session.post(self.api_url, json=params, timeout=self.timeout)
        except requests.RequestException as error:
            raise VNPayUnavailable(f"{command}: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise VNPayUnavailable(f"{command}: HTTP {response.status_code}")
        if response.status_code != 200:
            raise VNPayBadResponse(f"{command}: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as error:
            raise VNPayBadResponse(f"{command}: the answer is not JSON") from error
        if not isinstance(body, dict):
            raise VNPayBadResponse(f"{command}: the answer is not a JSON object")
        return body

    def _check_response(self, body: dict, fields: tuple[str, ...]) -> None:
        expected = sign_fields(self.hash_secret, body, fields)
        if not same_hash(expected, body.get("vnp_SecureHash")):
            raise VNPayBadResponse(f"{body.get('vnp_Command', '?')}: the answer's signature does not verify")
