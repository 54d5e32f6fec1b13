"""A small client for MoMo's payment gateway, API v2 (create, query, refund over `requests`).

Amounts are integer VND on both sides. Only `query` is retried: a create sent twice answers
"duplicate orderId" (41) and a refund sent twice could pay twice, so a create or refund whose
answer is lost raises `MomoUnavailable` and the caller finds out with a query. Answers are
checked to be about what was asked (partnerCode, orderId, requestId); the IPN and the redirect
are the signed ones (`verify_callback`). Never call these with a database lock held."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import requests

from payments.momo.protocol import (
    CREATE_FIELDS,
    CREATE_PATH,
    IPN_FIELDS,
    ORDER_ID,
    PENDING_CODES,
    QUERY_FIELDS,
    QUERY_PATH,
    REFUND_FIELDS,
    REFUND_PATH,
    REQUEST_TYPE,
    SUCCESS,
    MomoBadResponse,
    MomoError,
    MomoUnavailable,
    check_amount,
    new_request_id,
    order_info_text,
    parse_amount,
    parse_result_code,
    sign,
    verify,
)

__all__ = ["CreateResult", "MomoClient", "MomoError", "QueryResult", "RefundResult"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CreateResult:
    """create's answer: `accepted` (0) with the buyer's pay page, app link and QR content."""

    result_code: int | None
    message: str
    pay_url: str
    deeplink: str
    qr_code_url: str
    raw: dict = field(repr=False)

    @property
    def accepted(self) -> bool:
        return self.result_code == SUCCESS and bool(self.pay_url)


@dataclass(frozen=True)
class QueryResult:
    """query's answer: the payment's state at MoMo (0 paid, 1000/7000/7002 still open, 42 no
    such order, anything else failed)."""

    result_code: int | None
    message: str
    order_id: str
    amount: int | None
    trans_id: str
    pay_type: str
    raw: dict = field(repr=False)

    @property
    def paid(self) -> bool:
        return self.result_code == SUCCESS

    @property
    def pending(self) -> bool:
        return self.result_code in PENDING_CODES


@dataclass(frozen=True)
class RefundResult:
    result_code: int | None
    message: str
    trans_id: str  # MoMo's transaction number of the refund
    amount: int | None
    raw: dict = field(repr=False)

    @property
    def accepted(self) -> bool:
        return self.result_code == SUCCESS


class MomoClient:
    def __init__(
        self,
        *,
        partner_code: str,
        access_key: str,
        secret_key: str,
        endpoint: str,
        timeout: float = 10.0,
        query_retries: int = 2,
        session: requests.Session | None = None,
    ):
        self.partner_code = partner_code
        self.access_key = access_key
        self.secret_key = secret_key
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self.query_retries = query_retries
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls) -> MomoClient:
        from django.conf import settings

        return cls(
            partner_code=settings.MOMO_PARTNER_CODE,
            access_key=settings.MOMO_ACCESS_KEY,
            secret_key=settings.MOMO_SECRET_KEY,
            endpoint=settings.MOMO_ENDPOINT,
            timeout=settings.MOMO_TIMEOUT_SECONDS,
        )

    def verify_callback(self, params: Mapping[str, object]) -> bool:
        """Whether an IPN body or a redirect's query string is signed by MoMo with our keys."""
        return verify(self.secret_key, self.access_key, params, IPN_FIELDS)

    def create(
        self,
        *,
        order_id: str,
        amount: int,
        order_info: str,
        redirect_url: str,
        ipn_url: str,
        extra_data: str = "",
        lang: str = "vi",
    ) -> CreateResult:
        """Opens a captureWallet payment at MoMo. Never retried here (see the module's note)."""
        if not ORDER_ID.match(order_id or ""):
            raise ValueError("order_id must be 1-50 characters of [A-Za-z0-9_.:-]")
        check_amount(amount)
        if lang not in ("vi", "en"):
            raise ValueError("lang must be 'vi' or 'en'")
        request = {
            "partnerCode": self.partner_code,
            "requestId": new_request_id(),
            "amount": amount,
            "orderId": order_id,
            "orderInfo": order_info_text(order_info),
            "redirectUrl": redirect_url,
            "ipnUrl": ipn_url,
            "requestType": REQUEST_TYPE,
            "extraData": extra_data,
            "lang": lang,
        }
        request["signature"] = self._sign(request, CREATE_FIELDS)
        body = self._post(CREATE_PATH, request)
        self._check_about(body, request)
        return CreateResult(
            result_code=parse_result_code(body.get("resultCode")),
            message=str(body.get("message", "")),
            pay_url=str(body.get("payUrl") or ""),
            deeplink=str(body.get("deeplink") or ""),
            qr_code_url=str(body.get("qrCodeUrl") or ""),
            raw=body,
        )

    def query(self, *, order_id: str, lang: str = "vi") -> QueryResult:
        """The payment's state at MoMo. Safe to repeat, so retried on a network error."""
        last_error: MomoError | None = None
        for attempt in range(self.query_retries + 1):
            if attempt:
                time.sleep(0.2 * 2**attempt)
            request = {
                "partnerCode": self.partner_code,
                "requestId": new_request_id(),
                "orderId": order_id,
                "lang": lang,
            }
            request["signature"] = self._sign(request, QUERY_FIELDS)
            try:
                body = self._post(QUERY_PATH, request)
            except MomoUnavailable as error:
                last_error = error
                continue
            self._check_about(body, request)
            return QueryResult(
                result_code=parse_result_code(body.get("resultCode")),
                message=str(body.get("message", "")),
                order_id=str(body.get("orderId", "")),
                amount=parse_amount(body.get("amount")),
                trans_id=str(body.get("transId") or ""),
                pay_type=str(body.get("payType") or ""),
                raw=body,
            )
        raise last_error or MomoUnavailable("query failed")

    def refund(
        self, *, refund_order_id: str, amount: int, trans_id: str, description: str = "", lang: str = "vi"
    ) -> RefundResult:
        """Returns `amount` VND of the paid MoMo transaction `trans_id`. `refund_order_id` is
        the refund's own id at MoMo (unique, like a payment's orderId). Never retried here."""
        if not ORDER_ID.match(refund_order_id or ""):
            raise ValueError("refund_order_id must be 1-50 characters of [A-Za-z0-9_.:-]")
        check_amount(amount)
        request = {
            "partnerCode": self.partner_code,
            "orderId": refund_order_id,
            "requestId": new_request_id(),
            "amount": amount,
            "transId": trans_id,
            "lang": lang,
            "description": order_info_text(description),
        }
        request["signature"] = self._sign(request, REFUND_FIELDS)
        body = self._post(REFUND_PATH, request)
        self._check_about(body, request)
        return RefundResult(
            result_code=parse_result_code(body.get("resultCode")),
            message=str(body.get("message", "")),
            trans_id=str(body.get("transId") or ""),
            amount=parse_amount(body.get("amount")),
            raw=body,
        )

    # --- plumbing ----------------------------------------------------------------------------

    def _sign(self, request: dict, fields: tuple[str, ...]) -> str:
        return sign(self.secret_key, {**request, "accessKey": self.access_key}, fields)

    def _post(self, path: str, request: dict) -> dict:
        try:
            response = self.session.post(self.endpoint + path, json=request, timeout=self.timeout)
        except requests.RequestException as error:
            raise MomoUnavailable(f"{path}: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise MomoUnavailable(f"{path}: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as error:
            raise MomoBadResponse(f"{path}: HTTP {response.status_code}, the answer is not JSON") from error
        if not isinstance(body, dict):
            raise MomoBadResponse(f"{path}: the answer is not a JSON object")
        return body  # MoMo answers its refusals (resultCode ≠ 0) with HTTP 400 and a JSON body

    def _check_about(self, body: dict, request: dict) -> None:
        """The answer must be about this request: a proxy's or another call's answer is not."""
        for key in ("partnerCode", "orderId", "requestId"):
            if key in body and str(body[key]) != str(request[key]):
                raise MomoBadResponse(f"the answer's {key} is not the request's")
        if parse_result_code(body.get("resultCode")) is None:
            raise MomoBadResponse("the answer has no resultCode")
