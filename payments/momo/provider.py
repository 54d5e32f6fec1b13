"""MoMo as a payment method of the order flow (PAYMENT_PROVIDERS["momo"]).

`start(group)` opens a payment attempt whose reference is MoMo's orderId, asks MoMo to create
the payment (an HTTP call, made after the group's lock is released) and returns the pay page
(`redirect_url`) and the QR content for the MoMo app (`qr_payload`). The links are kept on the
attempt, so a double click or a retried start while the attempt is live shows the same page and
never opens two payments MoMo could both take. Money is only ever recorded from the IPN or
reconciliation (payments.momo.ipn, payments.momo.reconcile)."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import PaymentGroup, PaymentMethod
from payments.attempts import PaymentAttempt
from payments.momo.client import MomoClient
from payments.momo.codes import MomoAmountOutOfRange, MomoUnavailableError
from payments.momo.protocol import AMOUNT_MAX, AMOUNT_MIN, DUPLICATE_ORDER_ID, MomoError
from payments.momo.refunds import momo_refund_call
from payments.providers import PaymentProvider, PaymentStart, RefundOutcome
from payments.services.attempts import attempt_create
from payments.services.collect import payment_failed

logger = logging.getLogger(__name__)
A = PaymentAttempt.Status
REUSE_MARGIN = timedelta(minutes=2)  # leave the buyer time to pay on a reused page
LINK_KEYS = ("payUrl", "deeplink", "qrCodeUrl")


@dataclass(frozen=True)
class PayLink:
    pay_url: str
    deeplink: str
    qr_code_url: str


def expire_minutes(attempt: PaymentAttempt) -> int:
    """How long the attempt's page is offered again: MOMO_EXPIRE_MINUTES, never past the
    group's own deadline (money arriving after it would only have to be refunded)."""
    minutes = settings.MOMO_EXPIRE_MINUTES
    expires_at = attempt.group.expires_at
    if expires_at is not None:
        minutes = min(minutes, math.floor((expires_at - attempt.created_at).total_seconds() / 60))
    return max(minutes, 1)


def attempt_expires_at(attempt: PaymentAttempt):
    return attempt.created_at + timedelta(minutes=expire_minutes(attempt))


def order_info(group: PaymentGroup) -> str:
    return f"Thanh toán đơn hàng {group.number} tại Chợ Số"


def reusable_attempt(group: PaymentGroup, *, now=None) -> PaymentAttempt | None:
    now = now or timezone.now()
    candidates = PaymentAttempt.objects.select_related("group").filter(
        group=group, method=PaymentMethod.MOMO, status=A.PENDING, amount=group.amount
    )
    for attempt in candidates.order_by("-created_at", "-pk")[:1]:
        if attempt_expires_at(attempt) - REUSE_MARGIN > now:
            return attempt
    return None


def stored_link(attempt_id: int) -> PayLink | None:
    raw = PaymentAttempt.objects.filter(pk=attempt_id).values_list("raw", flat=True).first() or {}
    if isinstance(raw, dict) and raw.get("payUrl"):
        return PayLink(str(raw["payUrl"]), str(raw.get("deeplink", "")), str(raw.get("qrCodeUrl", "")))
    return None


def pay_link(attempt: PaymentAttempt, *, client: MomoClient | None = None) -> PayLink:
    """The attempt's MoMo links: stored ones, else MoMo's create call (no lock held). Raises
    MomoUnavailableError when MoMo does not give a page."""
    link = stored_link(attempt.pk)
    if link is not None:
        return link
    client = client or MomoClient.from_settings()
    try:
        answer = client.create(
            order_id=attempt.reference,
            amount=attempt.amount,
            order_info=order_info(attempt.group),
            redirect_url=settings.MOMO_REDIRECT_URL,
            ipn_url=settings.MOMO_IPN_URL,
        )
    except MomoError as error:
        # Unknown whether MoMo opened it: the attempt stays pending, a retry asks again (41 then).
        logger.warning("MoMo create %s: %s", attempt.reference, error)
        raise MomoUnavailableError(field="payment_group_id") from error
    if answer.accepted:
        link = PayLink(answer.pay_url, answer.deeplink, answer.qr_code_url)
        # Only on a still pending attempt: an IPN's record must never be overwritten.
        PaymentAttempt.objects.filter(pk=attempt.pk, status=A.PENDING).update(
            raw={"payUrl": link.pay_url, "deeplink": link.deeplink, "qrCodeUrl": link.qr_code_url}
        )
        return link
    if answer.result_code == DUPLICATE_ORDER_ID:
        # A simultaneous start of the same attempt got the page: it stores it in a moment.
        link = _wait_for_stored_link(attempt.pk, seconds=client.timeout)
        if link is not None:
            return link
    # MoMo will not give this attempt a page (an earlier create's answer was lost, a refusal):
    # it ends here, so the buyer's next try opens a fresh attempt.
    logger.warning("MoMo create %s answered %s", attempt.reference, answer.result_code)
    payment_failed(reference=attempt.reference, response_code=str(answer.result_code or 99))
    raise MomoUnavailableError(field="payment_group_id")


def _wait_for_stored_link(attempt_id: int, *, seconds: float) -> PayLink | None:
    deadline = time.monotonic() + seconds
    while True:
        link = stored_link(attempt_id)
        if link is not None or time.monotonic() >= deadline:
            return link
        time.sleep(0.05)


class MomoProvider(PaymentProvider):
    """A cancelled paid order's refund (`refund(order)`) and the escrow release on completion
    come from the payments base class; MoMo returns the money itself (`refund_send`)."""

    prepaid = True
    refunds_by_gateway = True

    def start(self, group: PaymentGroup, *, payer_ip: str | None = None) -> PaymentStart:
        if not AMOUNT_MIN <= group.amount <= AMOUNT_MAX:  # MoMo would refuse it (22): no attempt
            raise MomoAmountOutOfRange(field="payment_group_id")
        # The group's row lock makes two simultaneous starts (a double click) share one attempt;
        # it is released before MoMo is called.
        with transaction.atomic():
            PaymentGroup.objects.select_for_update().filter(pk=group.pk).first()
            attempt = reusable_attempt(group)
            if attempt is None:
                attempt = attempt_create(group=group, method=PaymentMethod.MOMO, payer_ip=payer_ip)
                attempt.group = group
        link = pay_link(attempt)
        return PaymentStart(
            redirect_url=link.pay_url,
            qr_payload=link.qr_code_url,
            instructions=_(
                "Mở trang MoMo để thanh toán bằng ví MoMo, hoặc quét mã QR bằng ứng dụng MoMo. "
                "Không tắt trang cho đến khi được đưa về Chợ Số."
            ),
        )

    def refund_send(self, refund):
        """Called once per refund by the settlement module, outside any transaction. None when
        MoMo's answer is unknown (timeout): the refund stays pending."""
        attempt = refund.attempt if refund.attempt_id else paid_attempt_of(refund.order.payment_group_id)
        result = momo_refund_call(
            attempt=attempt, amount=refund.amount, refund_id=refund.pk, tries=refund.tries
        )
        if result.succeeded is None:
            return None
        return RefundOutcome(succeeded=result.succeeded, reference=result.reference)


def paid_attempt_of(group_id: int) -> PaymentAttempt | None:
    return (
        PaymentAttempt.objects.select_related("group")
        .filter(group_id=group_id, method=PaymentMethod.MOMO, status=A.PAID)
        .first()
    )
