"""A local stand-in for the VNPay gateway, speaking the same protocol as the real one, so the
marketplace pays offline (`manage.py vnpay_sandbox`, started by `serve_demo`) and tests drive a
whole payment over HTTP.

- `GET /paymentv2/vpcpay.html?<signed pay query>`: the pay page. The tester chooses success,
  insufficient funds (51) or cancel (24). The choice is sent as a signed IPN (GET, server to
  server) to the merchant's IPN URL, retried in the background until the merchant answers 00 or
  02 as VNPay does, and the browser is then redirected to the return URL with signed parameters.
- `POST /merchant_webapi/api/transaction`: `querydr` and `refund`, JSON with signed answers.

Its state (transactions, refunds, IPN deliveries) lives in memory: it is not the marketplace's
database and forgets everything when stopped. Plain WSGI, no Django models."""

from __future__ import annotations

import html
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urlencode

import requests

from payments.vnpay.protocol import (
    QUERY_REQUEST_FIELDS,
    QUERY_RESPONSE_FIELDS,
    REFUND_FULL,
    REFUND_PARTIAL,
    REFUND_REQUEST_FIELDS,
    REFUND_RESPONSE_FIELDS,
    VN_TZ,
    from_gateway_amount,
    parse_vnp_date,
    same_hash,
    sign_fields,
    sign_query,
    vnp_date,
)
from payments.vnpay.sandbox_pages import INDEX, PAGE, PAY_FORM

logger = logging.getLogger(__name__)

PAY_PATH = "/paymentv2/vpcpay.html"
CHOOSE_PATH = "/paymentv2/choose"
API_PATH = "/merchant_webapi/api/transaction"
CHOICES = {"success": "00", "insufficient": "51", "cancel": "24"}
DEFAULT_RETRY_DELAYS = (2, 5, 15, 60, 300)


@dataclass
class Transaction:
    txn_ref: str
    amount: int  # VND
    create_date: str  # as the merchant sent it: querydr's TransactionDate must match it
    order_info: str
    return_url: str
    transaction_no: str = ""
    response_code: str = ""  # empty until the tester chooses
    transaction_status: str = "01"
    pay_date: str = ""
    bank_code: str = "NCB"
    refunded: int = 0
    ipn_answers: list[str] = field(default_factory=list)


class SandboxGateway:
    """The WSGI application and its memory."""

    def __init__(self, *, tmn_code: str, hash_secret: str, ipn_url: str, retry_delays=DEFAULT_RETRY_DELAYS):
        self.tmn_code = tmn_code
        self.hash_secret = hash_secret
        self.ipn_url = ipn_url
        self.retry_delays = tuple(retry_delays)
        self.transactions: dict[str, Transaction] = {}
        self.pending_pages: dict[str, dict] = {}  # page token → the verified pay parameters
        self.refunds: list[dict] = []
        self.request_ids: set[str] = set()
        self._lock = threading.Lock()
        self._counter = 14_000_000

    # --- WSGI --------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        try:
            if path == PAY_PATH and method == "GET":
                return self._pay_page(environ, start_response)
            if path == CHOOSE_PATH and method == "POST":
                return self._choose(environ, start_response)
            if path == API_PATH and method == "POST":
                return self._api(environ, start_response)
            if path == "/" and method == "GET":
                return self._page(start_response, "200 OK", "Cổng VNPay thử nghiệm", INDEX)
            return self._page(start_response, "404 Not Found", "Không tìm thấy", "<p>Không có trang này.</p>")
        except Exception:  # the tester sees a page, never a traceback
            logger.exception("VNPay sandbox error")
            return self._page(
                start_response, "500 Internal Server Error", "Lỗi", "<p>Lỗi cổng thử nghiệm.</p>"
            )

    # --- pay page ----------------------------------------------------------------------------

    def _pay_page(self, environ, start_response):
        params = {key: values[-1] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        problem = self._pay_problem(params)
        if problem:
            return self._page(start_response, "400 Bad Request", "Không thực hiện được", f"<p>{problem}</p>")
        token = secrets.token_urlsafe(16)
        with self._lock:
            self.pending_pages[token] = params
        amount = from_gateway_amount(params["vnp_Amount"])
        body = PAY_FORM.format(
            amount=f"{amount:,}".replace(",", "."),
            txn_ref=html.escape(params["vnp_TxnRef"]),
            info=html.escape(params.get("vnp_OrderInfo", "")),
            action=CHOOSE_PATH,
            token=token,
        )
        return self._page(start_response, "200 OK", "Thanh toán qua VNPay (thử nghiệm)", body)

    def _pay_problem(self, params: dict) -> str:
        if not same_hash(sign_query(self.hash_secret, params), params.get("vnp_SecureHash")):
            return "Sai chữ ký (vnp_SecureHash): kiểm tra VNPAY_HASH_SECRET."
        if params.get("vnp_TmnCode") != self.tmn_code:
            return "Mã website (vnp_TmnCode) không đúng."
        if params.get("vnp_Version") != "2.1.0" or params.get("vnp_Command") != "pay":
            return "Phiên bản hoặc lệnh không đúng (cần 2.1.0, pay)."
        if not from_gateway_amount(params.get("vnp_Amount")) or not params.get("vnp_TxnRef"):
            return "Thiếu số tiền hoặc mã giao dịch."
        if not params.get("vnp_ReturnUrl") or parse_vnp_date(params.get("vnp_CreateDate", "")) is None:
            return "Thiếu địa chỉ trả về hoặc ngày tạo."
        with self._lock:
            done = self.transactions.get(params["vnp_TxnRef"])
        if done is not None and done.response_code:
            return "Giao dịch này đã được xử lý."
        return ""

    def _choose(self, environ, start_response):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[-1] for k, v in parse_qs(environ["wsgi.input"].read(min(size, 10_000)).decode()).items()}
        with self._lock:
            params = self.pending_pages.pop(form.get("token", ""), None)
        if params is None or form.get("choice") not in CHOICES:
            return self._page(
                start_response, "400 Bad Request", "Không thực hiện được", "<p>Phiên đã hết.</p>"
            )
        transaction = self.pay(params, response_code=CHOICES[form["choice"]])
        if transaction is None:
            return self._page(start_response, "409 Conflict", "Không thực hiện được", "<p>Đã xử lý.</p>")
        callback = self.callback_params(transaction)
        self.deliver_ipn(transaction, callback)
        separator = "&" if "?" in transaction.return_url else "?"
        start_response(
            "302 Found", [("Location", f"{transaction.return_url}{separator}{urlencode(callback)}")]
        )
        return [b""]

    def pay(self, params: dict, *, response_code: str, now: datetime | None = None) -> Transaction | None:
        """Records the tester's choice for a verified pay request (None if already decided).
        After the pay page's expiry every choice ends as timed out (11), as at VNPay."""
        now = now or datetime.now(VN_TZ)
        expires = parse_vnp_date(params.get("vnp_ExpireDate", ""))
        if expires is not None and now > expires:
            response_code = "11"
        with self._lock:
            transaction = self.transactions.get(params["vnp_TxnRef"])
            if transaction is not None and transaction.response_code:
                return None
            self._counter += 1
            transaction = Transaction(
                txn_ref=params["vnp_TxnRef"],
                amount=from_gateway_amount(params["vnp_Amount"]),
                create_date=params["vnp_CreateDate"],
                order_info=params.get("vnp_OrderInfo", ""),
                return_url=params["vnp_ReturnUrl"],
                bank_code=params.get("vnp_BankCode") or "NCB",
                transaction_no=str(self._counter) if response_code == "00" else "0",
                response_code=response_code,
                transaction_status="00" if response_code == "00" else "02",
                pay_date=vnp_date(now),
            )
            self.transactions[transaction.txn_ref] = transaction
        return transaction

    def callback_params(self, transaction: Transaction) -> dict:
        params = {
            "vnp_Amount": str(transaction.amount * 100),
            "vnp_BankCode": transaction.bank_code,
            "vnp_BankTranNo": f"VNP{transaction.transaction_no}" if transaction.response_code == "00" else "",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": transaction.order_info,
            "vnp_PayDate": transaction.pay_date,
            "vnp_ResponseCode": transaction.response_code,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionNo": transaction.transaction_no,
            "vnp_TransactionStatus": transaction.transaction_status,
            "vnp_TxnRef": transaction.txn_ref,
        }
        params["vnp_SecureHash"] = sign_query(self.hash_secret, params)
        return params

    # --- IPN ---------------------------------------------------------------------------------

    def deliver_ipn(self, transaction: Transaction, params: dict) -> None:
        """One attempt now (so the merchant knows before the buyer is back), then retries in the
        background until it answers 00 or 02."""
        if self._send_ipn(transaction, params):
            return
        threading.Thread(target=self._retry_ipn, args=(transaction, params), daemon=True).start()

    def _retry_ipn(self, transaction: Transaction, params: dict) -> None:
        for delay in self.retry_delays:
            time.sleep(delay)
            if self._send_ipn(transaction, params):
                return
        logger.warning("VNPay sandbox: the IPN for %s was never confirmed", transaction.txn_ref)

    def _send_ipn(self, transaction: Transaction, params: dict) -> bool:
        try:
            answer = requests.get(self.ipn_url, params=params, timeout=10).json().get("RspCode", "")
        except (requests.RequestException, ValueError, AttributeError) as error:
            answer = f"error: {type(error).__name__}"
        with self._lock:
            transaction.ipn_answers.append(str(answer))
        return answer in ("00", "02")

    # --- querydr and refund ------------------------------------------------------------------

    def _api(self, environ, start_response):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            request = json.loads(environ["wsgi.input"].read(min(size, 100_000)) or b"{}")
            if not isinstance(request, dict):
                raise ValueError
        except ValueError:
            request = {}
        if request.get("vnp_Command") == "querydr":
            answer = self.querydr(request)
        elif request.get("vnp_Command") == "refund":
            answer = self.refund(request)
        else:
            answer = self._answer(
                {"vnp_Command": request.get("vnp_Command", "")}, "99", "Unknown command", ()
            )
        body = json.dumps(answer).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def _check_request(self, request: dict, fields: tuple[str, ...]) -> tuple[str, str] | None:
        if not same_hash(sign_fields(self.hash_secret, request, fields), request.get("vnp_SecureHash")):
            return "97", "Invalid Checksum"
        if request.get("vnp_TmnCode") != self.tmn_code:
            return "02", "Merchant invalid"
        with self._lock:
            if request.get("vnp_RequestId") in self.request_ids:
                return "94", "Duplicate request"
            self.request_ids.add(request.get("vnp_RequestId"))
        return None

    def _find(self, request: dict) -> Transaction | None:
        with self._lock:
            transaction = self.transactions.get(str(request.get("vnp_TxnRef", "")))
        if transaction is None or transaction.create_date != request.get("vnp_TransactionDate"):
            return None
        return transaction

    def querydr(self, request: dict) -> dict:
        base = {"vnp_Command": "querydr", "vnp_TxnRef": request.get("vnp_TxnRef", "")}
        problem = self._check_request(request, QUERY_REQUEST_FIELDS)
        if problem:
            return self._answer(base, *problem, QUERY_RESPONSE_FIELDS)
        transaction = self._find(request)
        if transaction is None:
            return self._answer(base, "91", "Transaction not found", QUERY_RESPONSE_FIELDS)
        return self._answer(
            {**base, **self._transaction_fields(transaction), "vnp_TransactionType": "01"},
            "00",
            "QueryDR Success",
            QUERY_RESPONSE_FIELDS,
        )

    def refund(self, request: dict) -> dict:
        base = {"vnp_Command": "refund", "vnp_TxnRef": request.get("vnp_TxnRef", "")}
        problem = self._check_request(request, REFUND_REQUEST_FIELDS)
        if problem:
            return self._answer(base, *problem, REFUND_RESPONSE_FIELDS)
        transaction = self._find(request)
        if transaction is None:
            return self._answer(base, "91", "Transaction not found", REFUND_RESPONSE_FIELDS)
        amount = from_gateway_amount(request.get("vnp_Amount"))
        kind = request.get("vnp_TransactionType")
        with self._lock:
            remaining = transaction.amount - transaction.refunded
            if transaction.transaction_status != "00":
                code, message = "95", "Transaction not successful at VNPAY"
            elif kind not in (REFUND_FULL, REFUND_PARTIAL) or not amount or amount > remaining:
                code, message = "03", "Invalid amount"
            elif kind == REFUND_FULL and (transaction.refunded or amount != transaction.amount):
                code, message = "03", "Invalid amount"
            else:
                transaction.refunded += amount
                self._counter += 1
                self.refunds.append({"txn_ref": transaction.txn_ref, "amount": amount, "type": kind})
                code, message = "00", "Refund success"
            fields = {
                **self._transaction_fields(transaction),
                "vnp_Amount": str((amount or 0) * 100),
                "vnp_TransactionType": kind or "",
                "vnp_TransactionNo": str(self._counter) if code == "00" else transaction.transaction_no,
                "vnp_TransactionStatus": "05" if code == "00" else transaction.transaction_status,
            }
        return self._answer({**base, **fields}, code, message, REFUND_RESPONSE_FIELDS)

    def _transaction_fields(self, transaction: Transaction) -> dict:
        return {
            "vnp_Amount": str(transaction.amount * 100),
            "vnp_BankCode": transaction.bank_code,
            "vnp_PayDate": transaction.pay_date,
            "vnp_TransactionNo": transaction.transaction_no,
            "vnp_TransactionStatus": transaction.transaction_status,
            "vnp_OrderInfo": transaction.order_info,
        }

    def _answer(self, fields: dict, code: str, message: str, signed: tuple[str, ...]) -> dict:
        answer = {
            "vnp_ResponseId": secrets.token_hex(16),
            "vnp_TmnCode": self.tmn_code,
            **fields,
            "vnp_ResponseCode": code,
            "vnp_Message": message,
        }
        if signed:
            answer["vnp_SecureHash"] = sign_fields(self.hash_secret, answer, signed)
        return answer

    # --- pages -------------------------------------------------------------------------------

    def _page(self, start_response, status: str, title: str, body: str):
        page = PAGE.format(title=html.escape(title), body=body).encode()
        start_response(
            status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))]
        )
        return [page]
