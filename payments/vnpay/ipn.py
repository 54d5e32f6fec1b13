"""VNPay's IPN: the server-to-server callback that is the only source of truth of a payment.

Answers exactly the spec's RspCodes, checked in its order: 97 bad signature (nothing is read or
written), 01 unknown TxnRef, 04 amount other than the attempt's, 02 already settled, 00
recorded (paid or failed), 99 anything else. Idempotent under parallel repeats because
`payment_collected` / `payment_failed` lock the group and the attempt and the ledger key
`pay:<reference>` is unique: of two identical IPNs one records and the other answers 02. A
wallet top-up's attempt (no group) answers the same codes; `payment_collected` credits the
wallet instead of escrow (payments/wallets/topup.py)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from orders.models import PaymentMethod
from payments.attempts import PaymentAttempt
from payments.errors import AttemptAmountMismatch, AttemptNotFound
from payments.services.collect import Outcome, payment_collected, payment_failed
from payments.vnpay.client import HASH_KEYS, VNPayClient, from_gateway_amount

logger = logging.getLogger(__name__)
A = PaymentAttempt.Status
SETTLED_BY_MONEY = (A.PAID, A.LATE)

MESSAGES = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "invalid amount",
    "97": "Invalid signature",
    "99": "Unknow error",
}


def callback_raw(params: Mapping[str, str]) -> dict:
    """What we keep of a callback: its vnp_* fields without the hash (VNPay never sends card
    numbers or the payer's name to the merchant)."""
    return {key: str(params[key])[:255] for key in params if key.startswith("vnp_") and key not in HASH_KEYS}


def is_paid(params: Mapping[str, str]) -> bool:
    return params.get("vnp_ResponseCode") == "00" and params.get("vnp_TransactionStatus") == "00"


def ipn_apply(params: Mapping[str, str], *, client: VNPayClient | None = None) -> str:
    """Verifies and records one IPN; returns the RspCode to answer."""
    client = client or VNPayClient.from_settings()
    if not client.verify(params):
        return "97"
    reference = str(params.get("vnp_TxnRef", ""))
    found = (
        PaymentAttempt.objects.filter(reference=reference, method=PaymentMethod.VNPAY)
        .values_list("amount", "status")
        .first()
    )
    if found is None:
        return "01"
    due, status = found
    amount = from_gateway_amount(params.get("vnp_Amount"))
    if amount != due:
        return "04"
    # A repeat of a settled outcome answers without taking any lock (VNPay retries, and the
    # first delivery may still hold them). Safe unlocked: paid and late are final, and a
    # failure only ever gives way to a payment, which the locked path below records.
    if status in SETTLED_BY_MONEY or (status != A.PENDING and not is_paid(params)):
        return "02"
    if params.get("vnp_TransactionStatus") == "01":
        return "99"  # still pending at VNPay: record nothing, let it call again (or reconcile)
    try:
        if is_paid(params):
            result = payment_collected(
                reference=reference,
                amount=amount,
                gateway_transaction_no=str(params.get("vnp_TransactionNo", "")),
                raw=callback_raw(params),
            )
        else:
            result = payment_failed(
                reference=reference,
                response_code=str(params.get("vnp_ResponseCode") or "99"),
                raw=callback_raw(params),
            )
    except AttemptNotFound:
        return "01"
    except AttemptAmountMismatch:
        return "04"
    return "02" if result.outcome == Outcome.REPEAT else "00"


def ipn_answer(params: Mapping[str, str]) -> dict:
    """The JSON body for any input: an unexpected error is 99, never a 500 (VNPay retries)."""
    try:
        code = ipn_apply(params)
    except Exception:
        logger.exception("VNPay IPN for %s could not be applied", str(params.get("vnp_TxnRef", ""))[:40])
        code = "99"
    return {"RspCode": code, "Message": MESSAGES[code]}
