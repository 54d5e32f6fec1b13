"""MoMo callbacks signed as MoMo would sign them, for groups opened through the provider."""

from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.momo.protocol import IPN_FIELDS, hmac_sha256, raw_signature
from payments.momo.provider import MomoProvider
from tests.payments.helpers import awaiting_group
from tests.payments.momo.sandbox_helpers import ACCESS_KEY, PARTNER_CODE, SECRET_KEY


def started(**group_fields) -> tuple:
    """An awaiting MoMo group and the attempt its start opened (MOMO_ENDPOINT: a sandbox)."""
    group = awaiting_group(method="momo", **group_fields)
    MomoProvider().start(group, payer_ip="203.0.113.7")
    return group, PaymentAttempt.objects.get(group=group, status=PaymentAttempt.Status.PENDING)


def callback(attempt, *, code=0, amount=None, secret=SECRET_KEY, **overrides) -> dict:
    params = {
        "partnerCode": PARTNER_CODE,
        "orderId": attempt.reference,
        "requestId": "b3c1d2e4f5a6",
        "amount": attempt.amount if amount is None else amount,
        "orderInfo": "Thanh toán đơn hàng",
        "orderType": "momo_wallet",
        "transId": 4100000001,
        "resultCode": code,
        "message": "Thành công." if code == 0 else "Không thành công.",
        "payType": "qr",
        "responseTime": 1764581400000,
        "extraData": "",
        **overrides,
    }
    params["signature"] = hmac_sha256(secret, raw_signature({**params, "accessKey": ACCESS_KEY}, IPN_FIELDS))
    return params


def escrow() -> int:
    return LedgerAccount.objects.get(code="escrow").balance


def clearing() -> int:
    return LedgerAccount.objects.get(code="momo_clearing").balance


def pay_entries(attempt) -> int:
    return JournalEntry.objects.filter(key=f"pay:{attempt.reference}").count()
