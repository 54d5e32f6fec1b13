"""VNPay as a payment method of the order flow (PAYMENT_PROVIDERS["vnpay"]).

`start(group)` opens a payment attempt whose reference is VNPay's vnp_TxnRef and returns the
signed pay URL. A pending attempt whose pay page has not expired is reused, and its URL rebuilt
from stored values is the same URL, so a double click or a retried start never opens two
payments VNPay could both take. Money is only ever recorded from the IPN or reconciliation."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import PaymentGroup, PaymentMethod
from payments.attempts import PaymentAttempt
from payments.providers import PaymentProvider, PaymentStart, RefundOutcome
from payments.services.attempts import attempt_create
from payments.vnpay.client import VNPayClient
from payments.vnpay.refunds import vnpay_refund_call

FALLBACK_IP = "127.0.0.1"  # vnp_IpAddr is required; a start from the outbox has no buyer request
REUSE_MARGIN = timedelta(minutes=2)  # leave the buyer time to pay on a reused page


def expire_minutes(attempt: PaymentAttempt) -> int:
    """The pay page's lifetime: VNPAY_EXPIRE_MINUTES, but never past the group's own deadline
    (money arriving after it would only have to be refunded). Derived from stored values only,
    so the same attempt always gives the same URL."""
    minutes = settings.VNPAY_EXPIRE_MINUTES
    # A wallet top-up (no group) has no deadline but the page's own.
    expires_at = attempt.group.expires_at if attempt.group_id is not None else None
    if expires_at is not None:
        left = math.floor((expires_at - attempt.created_at).total_seconds() / 60)
        minutes = min(minutes, left)
    return max(minutes, 1)


def attempt_expires_at(attempt: PaymentAttempt):
    return attempt.created_at + timedelta(minutes=expire_minutes(attempt))


def order_info(group: PaymentGroup) -> str:
    return f"Thanh toán đơn hàng {group.number} tại Chợ Số"


def attempt_info(attempt: PaymentAttempt) -> str:
    """What the pay page (and querydr) says the attempt pays: a group's orders or a top-up."""
    if attempt.group_id is None:
        return f"Nạp tiền vào Ví Chợ Số, mã {attempt.reference}"
    return order_info(attempt.group)


def pay_url(attempt: PaymentAttempt, client: VNPayClient | None = None) -> str:
    client = client or VNPayClient.from_settings()
    return client.payment_url(
        txn_ref=attempt.reference,
        amount=attempt.amount,
        order_info=attempt_info(attempt),
        ip_addr=attempt.payer_ip or FALLBACK_IP,
        return_url=settings.VNPAY_RETURN_URL,
        locale="vn",
        created_at=attempt.created_at,
        expire_minutes=expire_minutes(attempt),
    )


def reusable_attempt(group: PaymentGroup, *, now=None) -> PaymentAttempt | None:
    now = now or timezone.now()
    candidates = PaymentAttempt.objects.select_related("group").filter(
        group=group, method=PaymentMethod.VNPAY, status=PaymentAttempt.Status.PENDING, amount=group.amount
    )
    for attempt in candidates.order_by("-created_at", "-pk")[:1]:
        if attempt_expires_at(attempt) - REUSE_MARGIN > now:
            return attempt
    return None


class VNPayProvider(PaymentProvider):
    """A cancelled paid order's refund (`refund(order)`) and the escrow release on completion
    come from the payments base class; VNPay returns the money itself (`refund_send`)."""

    prepaid = True
    refunds_by_gateway = True

    def start(self, group: PaymentGroup, *, payer_ip: str | None = None) -> PaymentStart:
        # The group's row lock makes two simultaneous starts (a double click) share one attempt.
        # Held only for a read and an insert: building the URL calls no gateway.
        with transaction.atomic():
            PaymentGroup.objects.select_for_update().filter(pk=group.pk).first()
            attempt = reusable_attempt(group)
            if attempt is None:
                attempt = attempt_create(group=group, method=PaymentMethod.VNPAY, payer_ip=payer_ip)
                attempt.group = group
        return PaymentStart(
            redirect_url=pay_url(attempt),
            instructions=_(
                "Mở trang VNPay để trả bằng thẻ ATM, tài khoản ngân hàng, thẻ quốc tế hoặc VNPAY-QR."
            ),
        )

    def refund_send(self, refund):
        """Called once per refund by the settlement module, outside any transaction. None when
        the gateway's answer is unknown (timeout): the refund stays pending."""
        attempt = refund.attempt if refund.attempt_id else paid_attempt_of(refund.order.payment_group_id)
        result = vnpay_refund_call(attempt=attempt, amount=refund.amount)
        if result.succeeded is None:
            return None
        return RefundOutcome(succeeded=result.succeeded, reference=result.reference)


def paid_attempt_of(group_id: int) -> PaymentAttempt | None:
    return (
        PaymentAttempt.objects.select_related("group")
        .filter(group_id=group_id, method=PaymentMethod.VNPAY, status=PaymentAttempt.Status.PAID)
        .first()
    )
