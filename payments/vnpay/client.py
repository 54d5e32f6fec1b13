"""A small client for the VNPay payment gateway, API 2.1.0 (see /work/shared/specs/payments.md).

Amounts are integer VND at this surface; the gateway's ×100 happens here and nowhere else. Dates
are sent and read in Asia/Ho_Chi_Minh whatever the server's clock zone, and a naive datetime is
refused rather than guessed. Only `querydr` is retried: a refund sent twice could pay twice, so a
refund whose answer is lost raises `VNPayUnavailable` and the caller finds out with a query."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import requests

from payments.vnpay.protocol import (
    HASH_KEYS,
    QUERY_REQUEST_FIELDS,
    QUERY_RESPONSE_FIELDS,
    REFUND_FULL,
    REFUND_PARTIAL,
    REFUND_REQUEST_FIELDS,
    REFUND_RESPONSE_FIELDS,
    TXN_REF,
    VERSION,
    VN_TZ,
    VNPayBadResponse,
    VNPayError,
    VNPayUnavailable,
    canonical_query,
    from_gateway_amount,
    hmac_sha512,
    new_request_id,
    order_info_ascii,
    parse_vnp_date,
    same_hash,
    sign_fields,
    sign_query,
    to_gateway_amount,
    vnp_date,
)

__all__ = [
    "HASH_KEYS",
    "QueryResult",
    "RefundResult",
    "VNPayBadResponse",
    "VNPayClient",
    "VNPayError",
    "VNPayUnavailable",
    "VN_TZ",
    "canonical_query",
    "from_gateway_amount",
    "hmac_sha512",
    "parse_vnp_date",
]

logger = logging.getLogger(__name__)

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
