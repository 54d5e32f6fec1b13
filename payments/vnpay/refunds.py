"""The gateway side of a VNPay refund: one call, no database lock held, a clear result.

The settlement module owns refund records and the ledger (it holds the money before calling
and posts or voids the hold from this result). This only speaks to VNPay."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from payments.attempts import PaymentAttempt
from payments.vnpay.client import VNPayBadResponse, VNPayClient, VNPayUnavailable

logger = logging.getLogger(__name__)

# Answers after which VNPay will not refund this request: the hold is released. Anything else
# (97 signature, 94 duplicate, 99, no answer) leaves the outcome unknown.
REFUSED = {
    "02": "merchant invalid",
    "03": "invalid amount or data",
    "91": "transaction not found",
    "95": "transaction not successful at VNPAY",
}


@dataclass(frozen=True)
class VNPayRefundResult:
    """succeeded: True (VNPay took it), False (definitively refused), None (unknown)."""

    succeeded: bool | None
    reference: str = ""  # VNPay's transaction number of the refund
    response_code: str = ""
    message: str = ""


def vnpay_refund_call(
    *,
    attempt: PaymentAttempt | None,
    amount: int,
    create_by: str = "cho-so",
    client: VNPayClient | None = None,
) -> VNPayRefundResult:
    """Asks VNPay to return `amount` VND of the paid attempt. Full (type 02) when it is the
    whole payment, partial (03) otherwise. Must be called outside any transaction."""
    if attempt is None or not attempt.gateway_transaction_no:
        return VNPayRefundResult(succeeded=False, message="no paid VNPay transaction to refund")
    client = client or VNPayClient.from_settings()
    try:
        answer = client.refund(
            txn_ref=attempt.reference,
            amount=amount,
            transaction_no=attempt.gateway_transaction_no,
            transaction_date=attempt.created_at,
            full=amount == attempt.amount,
            create_by=create_by,
            ip_addr=attempt.payer_ip or "127.0.0.1",
            order_info=f"Hoan tien {attempt.reference}",
        )
    except (VNPayUnavailable, VNPayBadResponse) as error:
        logger.warning("VNPay refund of %s: outcome unknown (%s)", attempt.reference, error)
        return VNPayRefundResult(succeeded=None, message=str(error))
    if answer.accepted:
        return VNPayRefundResult(
            succeeded=True, reference=answer.transaction_no, response_code="00", message=answer.message
        )
    succeeded = False if answer.response_code in REFUSED else None
    logger.warning("VNPay refund of %s answered %s", attempt.reference, answer.response_code)
    return VNPayRefundResult(succeeded=succeeded, response_code=answer.response_code, message=answer.message)
