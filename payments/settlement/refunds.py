"""Refunds: money goes back from escrow by the method it came, never more than the order still
holds there. A refund is held (a pending ledger transfer `escrow → <method> clearing`) when it
is asked for, in the transaction that checks the amount with the order row locked; posted when
the gateway confirms (VNPay) or the operator records the transfer back (bank transfer); voided
when it definitively fails. The gateway is called after the commit, at most once per refund."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.auth import require_user
from marketplace.businesses.permissions import member_business_ids
from marketplace.errors import ReasonRequired
from orders.models import Order, PaymentMethod
from orders.providers import provider_for
from orders.services.lifecycle import order_cancel_for_refund
from orders.services.payment import order_partially_refunded, order_refunded
from payments.ledger.accounts import CLEARING_FOR_METHOD, ESCROW
from payments.ledger.models import Transfer
from payments.ledger.services import Move, Resolve, ledger_post
from payments.permissions import is_finance_operator, require_finance
from payments.settlement.cod import locked_order, refuse
from payments.settlement.errors import (
    NothingToRefund,
    RefundAlreadyResolved,
    RefundAmountInvalid,
    RefundMethodUnsupported,
    RefundNotAllowedNow,
    RefundNotFound,
    RefundNotManual,
)
from payments.settlement.models import OrderSettlement, Refund
from payments.settlement.release import funded, order_release, refunded_of

logger = logging.getLogger(__name__)
S = Order.Status
R = Refund.Status
# The seller refunds before the goods leave; the finance operator while the money is still in
# escrow (until the order completes and releases it), including a cancelled order whose
# automatic refund failed.
SELLER_REFUNDABLE = {S.PAID, S.CONFIRMED}
FINANCE_REFUNDABLE = {S.PAID, S.CONFIRMED, S.SHIPPED, S.DELIVERED, S.REFUND_REQUESTED}


def _hold(*, amount: int, method: str, full: bool, reason: str, user, order=None, attempt=None) -> Refund:
    refund = Refund.objects.create(
        order=order,
        attempt=attempt,
        amount=amount,
        method=method,
        full=full,
        reason=reason,
        created_by=user,
    )
    number = order.number if order is not None else attempt.group.number
    entry = ledger_post(
        key=f"refund:{refund.pk}:hold",
        kind="refund",
        moves=[Move(ESCROW, CLEARING_FOR_METHOD[method], amount, pending=True)],
        memo=reason[:255],
        order_number=number,
        business_id=order.business_id if order is not None else None,
        created_by=user,
    )
    refund.hold = Transfer.objects.get(entry=entry, phase=Transfer.Phase.PENDING)
    refund.save(update_fields=["hold"])
    transaction.on_commit(lambda: refund_dispatch(refund_id=refund.pk), robust=True)
    return refund


def refund_create(*, user, order_id: int, amount: int | None, reason: str) -> Refund:
    """Refunds `amount` VND (None: everything the order still holds) of a prepaid order. Asked
    by the seller's members before shipping, or a finance operator until the money is released.
    Refunding everything left cancels the order through the order flow."""
    require_user(user)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        order = locked_order(order_id)
        finance = is_finance_operator(user)
        seller = order.business_id in member_business_ids(user)
        if not (finance or seller):
            refuse(user, order, _("Chỉ người bán của đơn hoặc kế toán nền tảng mới được hoàn tiền."))
        if order.payment_method not in CLEARING_FOR_METHOD or order.payment_method == PaymentMethod.COD:
            raise RefundMethodUnsupported(field="id")
        allowed = FINANCE_REFUNDABLE if finance else SELLER_REFUNDABLE
        if order.paid_at is None or order.status not in allowed or not funded(order):
            raise RefundNotAllowedNow(field="id")
        if OrderSettlement.objects.filter(order=order).exists():
            raise RefundNotAllowedNow(field="id")
        refundable = order.total - refunded_of(order)
        if refundable <= 0:
            raise NothingToRefund(field="id")
        amount = refundable if amount is None else amount
        if type(amount) is not int or not 0 < amount <= refundable:
            raise RefundAmountInvalid(refundable=refundable)
        full = amount == refundable
        refund = _hold(
            order=order, amount=amount, method=order.payment_method, full=full, reason=reason, user=user
        )
        if not full:
            order_partially_refunded(order=order, amount=amount, actor=user)
            order.save(update_fields=["updated_at"])
        elif order.status != S.REFUND_REQUESTED:
            order_cancel_for_refund(order=order, actor=user, reason=reason)
    return refund


def order_cancelled_refund(*, order_id: int) -> Refund | None:
    """A paid order was cancelled (the order flow's outbox calls the provider's `refund`):
    everything it still holds goes back. Nothing to do when a refund already covers it."""
    with transaction.atomic():
        order = locked_order(order_id)
        if order.status != S.REFUND_REQUESTED or order.payment_method not in CLEARING_FOR_METHOD:
            return None
        if not funded(order):
            logger.error("Order %s cancelled without its payment in escrow: nothing to refund", order.number)
            return None
        refundable = order.total - refunded_of(order)
        if refundable <= 0:
            return None
        return _hold(
            order=order,
            amount=refundable,
            method=order.payment_method,
            full=True,
            reason=order.cancel_reason or _("Đơn đã thanh toán bị huỷ."),
            user=None,
        )


def late_payment_refund_create(*, attempt) -> Refund:
    """Money that arrived for a group no longer awaiting it (expired, cancelled, or paid by
    another attempt) goes straight back. Called inside `payment_collected`'s transaction."""
    existing = Refund.objects.filter(attempt=attempt).first()
    if existing is not None:
        return existing
    return _hold(
        attempt=attempt,
        amount=attempt.amount,
        method=attempt.method,
        full=True,
        reason=_("Tiền đến sau khi lần thanh toán đã kết thúc."),
        user=None,
    )


def refund_dispatch(*, refund_id: int) -> Refund:
    """Asks the method's provider to return the money, outside any transaction. Claimed once:
    a provider without a gateway refund (bank transfer) waits for the operator's refundMark."""
    refund = Refund.objects.get(pk=refund_id)
    provider = provider_for(refund.method)
    send = getattr(provider, "refund_send", None)
    if send is None or not getattr(provider, "refunds_by_gateway", False):
        return refund
    claimed = Refund.objects.filter(pk=refund_id, dispatched_at__isnull=True, status=R.PENDING).update(
        dispatched_at=timezone.now()
    )
    if not claimed:
        return refund
    try:
        outcome = send(refund)
    except Exception:  # the gateway's errors vary; the refund stays pending for reconciliation
        logger.exception("Refund %s: the gateway call failed; left pending", refund_id)
        return refund
    if outcome is None:
        return refund
    return refund_settle(refund_id=refund_id, succeeded=outcome.succeeded, reference=outcome.reference)


def refund_settle(
    *, refund_id: int, succeeded: bool, reference: str = "", note: str = "", user=None
) -> Refund:
    """The gateway or the operator says how a pending refund ended: posted, or voided (the money
    stays in escrow; a completed order then releases it). A repeat changes nothing."""
    with transaction.atomic():
        order_id = Refund.objects.filter(pk=refund_id).values_list("order_id", flat=True).first()
        order = locked_order(order_id) if order_id else None  # orders rows first
        refund = Refund.objects.select_for_update().filter(pk=refund_id).first()
        if refund is None:
            raise RefundNotFound(field="refund_id")
        if refund.status != R.PENDING:
            return refund
        suffix = "post" if succeeded else "void"
        ledger_post(
            key=f"refund:{refund.pk}:{suffix}",
            kind="refund",
            resolves=[Resolve(refund.hold_id, post=succeeded)],
            memo=(reference or note)[:255],
            order_number=order.number if order else "",
            business_id=order.business_id if order else None,
            created_by=user,
        )
        refund.status = R.SUCCEEDED if succeeded else R.FAILED
        refund.reference, refund.note = reference[:64], note
        refund.resolved_at = timezone.now()
        refund.save(update_fields=["status", "reference", "note", "resolved_at"])
        if order is not None and succeeded and refund.full:
            order_refunded(order_id=order.pk)
        elif order is not None and not succeeded:
            order_release(order=order)  # a completed order releases what stays in escrow
    return refund


def refund_mark(*, user, refund_id: int, sent: bool, reference: str = "", note: str = "") -> Refund:
    """The finance operator records a refund it made by hand (bank transfer back to the account
    the money came from, with the bank's reference) or that it definitively failed; or the
    outcome of a gateway refund whose answer never came."""
    require_finance(user)
    reference, note = (reference or "").strip(), (note or "").strip()
    refund = Refund.objects.filter(pk=refund_id).first()
    if refund is None:
        raise RefundNotFound(field="refund_id")
    # A gateway refund is the gateway's to answer; only one whose answer never came (a timeout,
    # an error) is settled by the operator, after checking the gateway's merchant portal.
    if getattr(provider_for(refund.method), "refunds_by_gateway", False) and refund.dispatched_at is None:
        raise RefundNotManual(field="refund_id")
    if refund.status != R.PENDING:
        raise RefundAlreadyResolved(field="refund_id")
    if sent and not reference:
        raise ReasonRequired(_("Hãy ghi mã giao dịch ngân hàng của khoản chuyển trả."), field="reference")
    return refund_settle(refund_id=refund_id, succeeded=sent, reference=reference, note=note, user=user)
