"""The gateway side of a MoMo refund: one call, no database lock held, a clear result.

The settlement module owns refund records and the ledger (it holds the money before calling and
posts or voids the hold from this result). This only speaks to MoMo."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from payments.attempts import PaymentAttempt
from payments.momo.client import MomoClient
from payments.momo.protocol import MomoError

logger = logging.getLogger(__name__)

# Answers after which MoMo will not make this refund: the hold is released. Anything else
# (13 keys, 40/41 duplicates, 99, 1080 "retry later", no answer) leaves the outcome unknown.
REFUSED = {
    21: "invalid amount",
    22: "amount out of range",
    42: "transaction not found",
    1081: "refund rejected (already refunded, or more than remains)",
}


@dataclass(frozen=True)
class MomoRefundResult:
    """succeeded: True (MoMo took it), False (definitively refused), None (unknown)."""

    succeeded: bool | None
    reference: str = ""  # MoMo's transId of the refund
    result_code: int | None = None
    message: str = ""


def refund_order_id(attempt: PaymentAttempt, *, refund_id: int, tries: int) -> str:
    """The refund's own orderId at MoMo: unique per refund and per try (≤ 50 characters)."""
    return f"{attempt.reference}-R{refund_id}-{tries}"


def momo_refund_call(
    *,
    attempt: PaymentAttempt | None,
    amount: int,
    refund_id: int,
    tries: int = 1,
    client: MomoClient | None = None,
) -> MomoRefundResult:
    """Asks MoMo to return `amount` VND of the paid attempt. Must be called outside any transaction."""
    if attempt is None or not attempt.gateway_transaction_no:
        return MomoRefundResult(succeeded=False, message="no paid MoMo transaction to refund")
    client = client or MomoClient.from_settings()
    try:
        answer = client.refund(
            refund_order_id=refund_order_id(attempt, refund_id=refund_id, tries=tries),
            amount=amount,
            trans_id=attempt.gateway_transaction_no,
            description=f"Hoàn tiền {attempt.reference}",
        )
    except MomoError as error:
        logger.warning("MoMo refund of %s: outcome unknown (%s)", attempt.reference, error)
        return MomoRefundResult(succeeded=None, message=str(error))
    if answer.accepted:
        return MomoRefundResult(
            succeeded=True, reference=answer.trans_id, result_code=0, message=answer.message
        )
    succeeded = False if answer.result_code in REFUSED else None
    logger.warning("MoMo refund of %s answered %s", attempt.reference, answer.result_code)
    return MomoRefundResult(succeeded=succeeded, result_code=answer.result_code, message=answer.message)
