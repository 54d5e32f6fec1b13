"""MoMo's IPN: the server-to-server POST of a payment's result, the only source of truth.

MoMo wants HTTP 204 within 15 seconds and retries otherwise, so the answer is quick (one short
transaction) and says only whether to stop: 204 when the result is recorded or was already,
400/404 for a callback no retry can fix (bad signature, other partner, wrong amount, unknown
orderId; nothing is recorded), 503 for an unexpected error (MoMo tries again). Idempotent under
parallel repeats because `payment_collected` / `payment_failed` lock the group and the attempt
and the ledger key `pay:<reference>` is unique: of two identical IPNs one records, one repeats."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum

from django.conf import settings

from orders.models import PaymentMethod
from payments.attempts import PaymentAttempt
from payments.errors import AttemptAmountMismatch, AttemptNotFound
from payments.momo.client import MomoClient
from payments.momo.protocol import IPN_FIELDS, PENDING_CODES, SUCCESS, parse_amount, parse_result_code
from payments.services.collect import Outcome, payment_collected, payment_failed

logger = logging.getLogger(__name__)
A = PaymentAttempt.Status
SETTLED_BY_MONEY = (A.PAID, A.LATE)


class IpnResult(StrEnum):
    RECORDED = "recorded"
    REPEAT = "repeat"
    PENDING = "pending"  # MoMo says still open: nothing recorded, reconciliation asks later
    BAD_SIGNATURE = "bad_signature"
    NOT_FOUND = "not_found"
    BAD_AMOUNT = "bad_amount"
    ERROR = "error"


HTTP_STATUS = {
    IpnResult.RECORDED: 204,
    IpnResult.REPEAT: 204,
    IpnResult.PENDING: 204,
    IpnResult.BAD_SIGNATURE: 400,
    IpnResult.BAD_AMOUNT: 400,
    IpnResult.NOT_FOUND: 404,
    IpnResult.ERROR: 503,
}


def callback_raw(params: Mapping[str, object]) -> dict:
    """What we keep of a callback: its signed fields without the signature (MoMo sends no
    wallet phone number or name to the merchant)."""
    return {key: str(params[key])[:255] for key in IPN_FIELDS if key in params}


def ipn_apply(params: Mapping[str, object], *, client: MomoClient | None = None) -> IpnResult:
    """Verifies and records one IPN body."""
    client = client or MomoClient.from_settings()
    if not client.verify_callback(params) or params.get("partnerCode") != settings.MOMO_PARTNER_CODE:
        return IpnResult.BAD_SIGNATURE
    reference = str(params.get("orderId", ""))
    found = (
        PaymentAttempt.objects.filter(reference=reference, method=PaymentMethod.MOMO)
        .values_list("amount", "status")
        .first()
    )
    if found is None:
        return IpnResult.NOT_FOUND
    due, status = found
    amount = parse_amount(params.get("amount"))
    if amount != due:
        return IpnResult.BAD_AMOUNT
    code = parse_result_code(params.get("resultCode"))
    if code is None:
        return IpnResult.ERROR
    # A repeat of a settled outcome answers without taking any lock (MoMo retries, and the
    # first delivery may still hold them). Safe unlocked: paid and late are final, and a
    # failure only ever gives way to a payment, which the locked path below records.
    if status in SETTLED_BY_MONEY or (status != A.PENDING and code != SUCCESS):
        return IpnResult.REPEAT
    if code in PENDING_CODES:
        return IpnResult.PENDING
    try:
        if code == SUCCESS:
            result = payment_collected(
                reference=reference,
                amount=amount,
                gateway_transaction_no=str(params.get("transId", "")),
                raw=callback_raw(params),
            )
        else:
            result = payment_failed(reference=reference, response_code=str(code), raw=callback_raw(params))
    except AttemptNotFound:
        return IpnResult.NOT_FOUND
    except AttemptAmountMismatch:
        return IpnResult.BAD_AMOUNT
    return IpnResult.REPEAT if result.outcome == Outcome.REPEAT else IpnResult.RECORDED


def ipn_answer(params: Mapping[str, object]) -> int:
    """The HTTP status for any input: an unexpected error is 503 (MoMo tries again), never a 500."""
    try:
        result = ipn_apply(params)
    except Exception:
        logger.exception("MoMo IPN for %s could not be applied", str(params.get("orderId", ""))[:40])
        result = IpnResult.ERROR
    if result not in (IpnResult.RECORDED, IpnResult.REPEAT):
        logger.warning("MoMo IPN for %s: %s", str(params.get("orderId", ""))[:40], result)
    return HTTP_STATUS[result]
