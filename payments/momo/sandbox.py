"""A local stand-in for MoMo's payment gateway, speaking the same protocol (API v2), so the
marketplace pays by MoMo offline (`manage.py momo_sandbox`, started by `serve_demo`) and tests
drive a whole payment over HTTP.

- `POST /v2/gateway/api/create`: a signed captureWallet request opens a payment and answers
  its payUrl (this sandbox's pay page), a deeplink and the QR content.
- `GET /v2/gateway/pay?t=…`: the pay page. The tester confirms (0), runs out of balance (1001)
  or denies (1006). The result is POSTed as signed JSON to the request's ipnUrl, retried in the
  background until the merchant answers HTTP 204 as MoMo requires, and the browser is then
  redirected to the redirectUrl with the same signed fields in its query string.
- `POST /v2/gateway/api/query` and `/v2/gateway/api/refund`: JSON.

Its state lives in memory and is forgotten when stopped. Plain WSGI, no Django models."""

from __future__ import annotations

import html
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

import requests

from payments.momo.protocol import (
    AMOUNT_MAX,
    AMOUNT_MIN,
    CREATE_FIELDS,
    CREATE_PATH,
    IPN_FIELDS,
    ORDER_ID,
    QUERY_FIELDS,
    QUERY_PATH,
    REFUND_FIELDS,
    REFUND_PATH,
    REQUEST_TYPE,
    parse_amount,
    sign,
    verify,
)
from payments.momo.sandbox_pages import INDEX, PAGE, PAY_FORM

logger = logging.getLogger(__name__)

PAY_PATH = "/v2/gateway/pay"
CHOOSE_PATH = "/v2/gateway/choose"
CHOICES = {
    "success": (0, "Thành công."),
    "insufficient": (1001, "Số dư ví không đủ."),
    "deny": (1006, "Người dùng đã từ chối xác nhận thanh toán."),
}
EXPIRED = (1005, "Giao dịch thất bại do url hoặc QR code đã hết hạn.")
DEFAULT_RETRY_DELAYS = (2, 5, 15, 60, 300)
MAX_BODY = 100_000


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Transaction:
    order_id: str
    request_id: str
    amount: int
    order_info: str
    redirect_url: str
    ipn_url: str
    extra_data: str
    token: str
    created_ms: int
    result_code: int = 1000  # waiting for the buyer, as at MoMo
    message: str = "Giao dịch đã được khởi tạo, chờ người dùng xác nhận thanh toán."
    trans_id: int = 0
    response_time: int = 0
    refunded: int = 0
    ipn_answers: list[int | str] = field(default_factory=list)


class SandboxGateway:
    """The WSGI application and its memory."""

    def __init__(
        self,
        *,
        partner_code: str,
        access_key: str,
        secret_key: str,
        retry_delays=DEFAULT_RETRY_DELAYS,
        expire_minutes: int = 100,
    ):
        self.partner_code = partner_code
        self.access_key = access_key
        self.secret_key = secret_key
        self.retry_delays = tuple(retry_delays)
        self.expire_ms = expire_minutes * 60_000
        self.transactions: dict[str, Transaction] = {}  # by orderId
        self.by_token: dict[str, str] = {}
        self.refunds: dict[str, dict] = {}  # by the refund's own orderId
        self.request_ids: set[str] = set()
        self._lock = threading.Lock()
        self._counter = 4_100_000_000

    # --- WSGI --------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        try:
            if path == PAY_PATH and method == "GET":
                return self._pay_page(environ, start_response)
            if path == CHOOSE_PATH and method == "POST":
                return self._choose(environ, start_response)
            api = {CREATE_PATH: self.create, QUERY_PATH: self.query, REFUND_PATH: self.refund}
            if path in api and method == "POST":
                return self._json(
                    start_response, api[path](self._read_json(environ), origin=_origin(environ))
                )
            if path == "/" and method == "GET":
                return self._page(start_response, "200 OK", "Cổng ví MoMo thử nghiệm", INDEX)
            return self._page(start_response, "404 Not Found", "Không tìm thấy", "<p>Không có trang này.</p>")
        except Exception:  # the tester sees a page, never a traceback
            logger.exception("MoMo sandbox error")
            return self._page(
                start_response, "500 Internal Server Error", "Lỗi", "<p>Lỗi cổng thử nghiệm.</p>"
            )

    # --- create ------------------------------------------------------------------------------

    def create(self, request: dict, *, origin: str = "http://127.0.0.1") -> dict:
        base = {key: request.get(key, "") for key in ("partnerCode", "requestId", "orderId")}
        problem = self._check(request, CREATE_FIELDS)
        amount = parse_amount(request.get("amount"))
        if problem is None and request.get("requestType") != REQUEST_TYPE:
            problem = (20, "Yêu cầu sai định dạng: requestType phải là captureWallet.")
        if problem is None and (amount is None or not AMOUNT_MIN <= amount <= AMOUNT_MAX):
            problem = (22, f"Số tiền phải từ {AMOUNT_MIN} đến {AMOUNT_MAX} VND.")
        if problem is None and not (
            ORDER_ID.match(str(request.get("orderId", ""))) and request.get("ipnUrl")
        ):
            problem = (20, "Yêu cầu sai định dạng: orderId hoặc ipnUrl.")
        if problem:
            return self._answer(base, *problem)
        with self._lock:
            if request["orderId"] in self.transactions:
                return self._answer(base, 41, "Mã đơn hàng (orderId) đã tồn tại.")
            token = secrets.token_urlsafe(16)
            self.transactions[request["orderId"]] = Transaction(
                order_id=request["orderId"],
                request_id=str(request["requestId"]),
                amount=amount,
                order_info=str(request.get("orderInfo", "")),
                redirect_url=str(request.get("redirectUrl", "")),
                ipn_url=str(request["ipnUrl"]),
                extra_data=str(request.get("extraData", "")),
                token=token,
                created_ms=now_ms(),
            )
            self.by_token[token] = request["orderId"]
        return self._answer(
            {**base, "amount": amount},
            0,
            "Thành công.",
            payUrl=f"{origin}{PAY_PATH}?t={token}",
            deeplink=f"momo://?action=payWithApp&isScanQR=false&t={token}",
            qrCodeUrl=f"momo://?action=payWithApp&isScanQR=true&t={token}",
        )

    # --- pay page ----------------------------------------------------------------------------

    def _pay_page(self, environ, start_response):
        token = parse_qs(environ.get("QUERY_STRING", "")).get("t", [""])[-1]
        transaction = self._by_token(token)
        if transaction is None or transaction.result_code != 1000:
            return self._page(
                start_response,
                "400 Bad Request",
                "Không thực hiện được",
                "<p>Giao dịch không tồn tại hoặc đã xử lý.</p>",
            )
        body = PAY_FORM.format(
            amount=f"{transaction.amount:,}".replace(",", "."),
            order_id=html.escape(transaction.order_id),
            info=html.escape(transaction.order_info),
            action=CHOOSE_PATH,
            token=html.escape(token),
        )
        return self._page(start_response, "200 OK", "Thanh toán bằng ví MoMo (thử nghiệm)", body)

    def _choose(self, environ, start_response):
        size = min(int(environ.get("CONTENT_LENGTH") or 0), 10_000)
        form = {k: v[-1] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
        transaction = self._by_token(form.get("token", ""))
        if transaction is None or form.get("choice") not in CHOICES:
            return self._page(
                start_response, "400 Bad Request", "Không thực hiện được", "<p>Phiên đã hết.</p>"
            )
        if not self.pay(transaction, *CHOICES[form["choice"]]):
            return self._page(start_response, "409 Conflict", "Không thực hiện được", "<p>Đã xử lý.</p>")
        callback = self.callback_params(transaction)
        self.deliver_ipn(transaction, callback)
        separator = "&" if "?" in transaction.redirect_url else "?"
        query = urlencode({key: str(value) for key, value in callback.items()})
        start_response("302 Found", [("Location", f"{transaction.redirect_url}{separator}{query}")])
        return [b""]

    def pay(
        self, transaction: Transaction, result_code: int, message: str, *, at_ms: int | None = None
    ) -> bool:
        """Records the tester's choice (False if already decided). After the link's lifetime
        every choice ends as expired (1005), as at MoMo."""
        at_ms = at_ms or now_ms()
        if at_ms - transaction.created_ms > self.expire_ms:
            result_code, message = EXPIRED
        with self._lock:
            if transaction.result_code != 1000:
                return False
            self._counter += 1
            transaction.result_code, transaction.message = result_code, message
            transaction.trans_id = self._counter
            transaction.response_time = at_ms
        return True

    def callback_params(self, transaction: Transaction) -> dict:
        """The IPN's JSON body (the redirect carries the same fields as text)."""
        params = {
            "partnerCode": self.partner_code,
            "orderId": transaction.order_id,
            "requestId": transaction.request_id,
            "amount": transaction.amount,
            "orderInfo": transaction.order_info,
            "orderType": "momo_wallet",
            "transId": transaction.trans_id,
            "resultCode": transaction.result_code,
            "message": transaction.message,
            "payType": "qr",
            "responseTime": transaction.response_time,
            "extraData": transaction.extra_data,
        }
        params["signature"] = sign(self.secret_key, {**params, "accessKey": self.access_key}, IPN_FIELDS)
        return params

    # --- IPN ---------------------------------------------------------------------------------

    def deliver_ipn(self, transaction: Transaction, params: dict) -> None:
        """One attempt now (so the merchant knows before the buyer is back), then retries in the
        background until it answers HTTP 204."""
        if self._send_ipn(transaction, params):
            return
        threading.Thread(target=self._retry_ipn, args=(transaction, params), daemon=True).start()

    def _retry_ipn(self, transaction: Transaction, params: dict) -> None:
        for delay in self.retry_delays:
            time.sleep(delay)
            if self._send_ipn(transaction, params):
                return
        logger.warning("MoMo sandbox: the IPN for %s was never confirmed", transaction.order_id)

    def _send_ipn(self, transaction: Transaction, params: dict) -> bool:
        try:
            answer: int | str = requests.post(transaction.ipn_url, json=params, timeout=15).status_code
        except requests.RequestException as error:
            answer = f"error: {type(error).__name__}"
        with self._lock:
            transaction.ipn_answers.append(answer)
        return answer == 204

    # --- query and refund --------------------------------------------------------------------

    def query(self, request: dict, *, origin: str = "") -> dict:
        base = {key: request.get(key, "") for key in ("partnerCode", "requestId", "orderId")}
        problem = self._check(request, QUERY_FIELDS)
        if problem:
            return self._answer(base, *problem)
        with self._lock:
            transaction = self.transactions.get(str(request.get("orderId", "")))
            if transaction is None:
                return self._answer(base, 42, "Không tìm thấy giao dịch (orderId).")
            fields = {
                "extraData": transaction.extra_data,
                "amount": transaction.amount,
                "transId": transaction.trans_id,
                "payType": "qr" if transaction.trans_id else "",
                "refundTrans": [
                    r for r in self.refunds.values() if r["paid_order_id"] == transaction.order_id
                ],
                "lastUpdated": transaction.response_time or transaction.created_ms,
            }
            return self._answer({**base, **fields}, transaction.result_code, transaction.message)

    def refund(self, request: dict, *, origin: str = "") -> dict:
        base = {key: request.get(key, "") for key in ("partnerCode", "requestId", "orderId")}
        problem = self._check(request, REFUND_FIELDS)
        amount = parse_amount(request.get("amount"))
        if problem:
            return self._answer(base, *problem)
        with self._lock:
            paid = next(
                (t for t in self.transactions.values() if str(t.trans_id) == str(request.get("transId"))),
                None,
            )
            if str(request.get("orderId", "")) in self.refunds or request.get("orderId") in self.transactions:
                code, message = 41, "Mã đơn hàng (orderId) đã tồn tại."
            elif paid is None or paid.result_code != 0:
                code, message = 42, "Không tìm thấy giao dịch thanh toán thành công (transId)."
            elif not amount or amount > paid.amount - paid.refunded:
                code, message = 1081, "Hoàn tiền bị từ chối: số tiền vượt quá số còn lại của giao dịch."
            else:
                paid.refunded += amount
                self._counter += 1
                self.refunds[request["orderId"]] = {
                    "orderId": request["orderId"],
                    "paid_order_id": paid.order_id,
                    "amount": amount,
                    "transId": self._counter,
                    "resultCode": 0,
                }
                code, message = 0, "Thành công."
            trans_id = self._counter if code == 0 else 0
        return self._answer({**base, "amount": amount or 0, "transId": trans_id}, code, message)

    # --- plumbing ----------------------------------------------------------------------------

    def _check(self, request: dict, fields: tuple[str, ...]) -> tuple[int, str] | None:
        if not verify(self.secret_key, self.access_key, request, fields):
            return 13, "Xác thực doanh nghiệp thất bại: sai chữ ký (signature)."
        if request.get("partnerCode") != self.partner_code:
            return 13, "Xác thực doanh nghiệp thất bại: sai partnerCode."
        with self._lock:
            if request.get("requestId") in self.request_ids:
                return 40, "requestId bị trùng."
            self.request_ids.add(request.get("requestId"))
        return None

    def _by_token(self, token: str) -> Transaction | None:
        with self._lock:
            order_id = self.by_token.get(token)
            return self.transactions.get(order_id) if order_id else None

    def _answer(self, fields: dict, code: int, message: str, **extra) -> dict:
        return {**fields, **extra, "resultCode": code, "message": message, "responseTime": now_ms()}

    def _read_json(self, environ) -> dict:
        size = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
        try:
            request = json.loads(environ["wsgi.input"].read(size) or b"{}")
        except ValueError:
            return {}
        return request if isinstance(request, dict) else {}

    def _json(self, start_response, answer: dict):
        body = json.dumps(answer, ensure_ascii=False).encode()
        headers = [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]

    def _page(self, start_response, status: str, title: str, body: str):
        page = PAGE.format(title=html.escape(title), body=body).encode()
        start_response(
            status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))]
        )
        return [page]


def _origin(environ) -> str:
    host = (
        environ.get("HTTP_HOST")
        or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
    )
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
