"""VNPay callbacks signed as the gateway would sign them, for groups opened through the provider."""

from urllib.parse import parse_qsl, urlsplit

from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.vnpay.client import canonical_query, hmac_sha512
from payments.vnpay.provider import VNPayProvider
from tests.payments.helpers import awaiting_group
from tests.payments.vnpay.sandbox_helpers import SECRET, TMN_CODE


def started(**group_fields) -> tuple:
    """An awaiting group and the VNPay attempt its start opened."""
    group = awaiting_group(**group_fields)
    start = VNPayProvider().start(group, payer_ip="203.0.113.7")
    reference = dict(parse_qsl(urlsplit(start.redirect_url).query))["vnp_TxnRef"]
    return group, PaymentAttempt.objects.get(reference=reference)


def callback(attempt, *, code="00", status=None, amount=None, secret=SECRET, **overrides) -> dict:
    status = status or ("00" if code == "00" else "02")
    params = {
        "vnp_Amount": str((attempt.amount if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14000001" if code == "00" else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Thanh toan don hang",
        "vnp_PayDate": "20261201093000",
        "vnp_ResponseCode": code,
        "vnp_TmnCode": TMN_CODE,
        "vnp_TransactionNo": "14000001" if code == "00" else "0",
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": attempt.reference,
        **overrides,
    }
    params["vnp_SecureHash"] = hmac_sha512(secret, canonical_query(params))
    return params


def escrow() -> int:
    return LedgerAccount.objects.get(code="escrow").balance


def pay_entries(attempt) -> int:
    return JournalEntry.objects.filter(key=f"pay:{attempt.reference}").count()
