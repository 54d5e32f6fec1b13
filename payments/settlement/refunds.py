"""Refunds: money goes back from escrow by the method it came, never more than the order still
holds there. A refund is held (a pending ledger transfer `escrow → <method> clearing`) when it
is asked for, in the transaction that checks the amount with the order row locked; posted when
the gateway confirms (VNPay) or the operator records the transfer back (bank transfer); voided
when it definitively fails. The gateway is called after the commit, at most once per refund.
A wallet-paid order's refund goes back to the paying wallet (`refund_destination`), as a
REFUND operation on it (payments/wallets/refund.py)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.auth import require_user
from marketplace.businesses.permissions import member_business_ids
from marketplace.errors import ReasonRequired
from marketplace.validation import check_free_text
from orders.models import Order, PaymentMethod
from orders.providers import provider_for
from orders.services.lifecycle import order_cancel_for_refund
from orders.services.payment import order_partially_refunded, order_refunded
from payments.attempts import PaymentAttempt
from payments.ledger.accounts import CLEARING_FOR_METHOD, ESCROW
from payments.ledger.models import Transfer
from payments.ledger.services import Move, Resolve, ledger_post
from payments.permissions import is_finance_operator, require_finance
from payments.settlement.cod import locked_order, refuse
from payments.settlement.errors import (
    NothingToRefund,
    RefundAlreadyResolved,
    RefundAmountInvalid,
    RefundIdempotencyConflict,
    RefundMethodUnsupported,
    RefundNotAllowedNow,
    RefundNotFound,
    RefundNotManual,
    RefundRetryNotAllowed,
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
# Free text typed by people: long enough for a sentence, short enough to show in a list.
REASON_MAX, NOTE_MAX, REFERENCE_MAX, KEY_MAX = 500, 500, 64, 64


def check_length(field: str, value: str, limit: int) -> None:
    """Refuses (never cuts) a text longer than its limit: a cut bank reference is a wrong one;
    and one with hidden characters (a reversed or invisible part shown to the buyer)."""
    check_free_text(field, value, limit, multiline=field in ("reason", "note"))


def check_mark_texts(*, reference: str, note: str) -> None:
    """The limits of what an operator records on refundMark / payoutMark."""
    check_length("reference", reference, REFERENCE_MAX)
    check_length("note", note, NOTE_MAX)


def _hold(
    *, amount: int, method: str, full: bool, reason: str, user, order=None, attempt=None, idempotency_key=""
) -> Refund:
    refund = Refund.objects.create(
        order=order,
        attempt=attempt,
        idempotency_key=idempotency_key,
        amount=amount,
        method=method,
        full=full,
        reason=reason,
        created_by=user,
    )
    return _hold_in_ledger(refund, user=user)


def _key(refund: Refund, step: str, operation=None) -> str:
    # A retried late refund holds again: each try has its own entries. A wallet refund's
    # entries carry its wallet operation's keys, as every wallet movement does.
    if operation is not None:
        return f"wallet:{operation.pk}:{step}"
    return f"refund:{refund.pk}:{step}" if refund.tries == 1 else f"refund:{refund.pk}:{refund.tries}:{step}"


def refundable_method(method: str) -> bool:
    """Prepaid methods whose money sits in escrow: the gateways', bank transfers', wallets'."""
    return method == PaymentMethod.WALLET or (method in CLEARING_FOR_METHOD and method != PaymentMethod.COD)


def refund_destination(refund: Refund) -> str:
    """The ledger account the refund's money goes to: the paying wallet's account for a wallet
    payment, else the clearing account of the method it came by."""
    if refund.method == PaymentMethod.WALLET:
        from payments.wallets.refund import refund_wallet

        return refund_wallet(refund).account.code
    return CLEARING_FOR_METHOD[refund.method]


def _wallet_operation(refund: Refund, *, opening: bool = False):
    if refund.method != PaymentMethod.WALLET:
        return None
    from payments.wallets.refund import wallet_refund_of, wallet_refund_open

    return wallet_refund_open(refund=refund) if opening else wallet_refund_of(refund)


def _hold_in_ledger(refund: Refund, *, user) -> Refund:
    order, attempt = refund.order, refund.attempt
    number = order.number if order is not None else attempt.group.number
    operation = _wallet_operation(refund, opening=True)
    entry = ledger_post(
        key=_key(refund, "hold", operation),
        kind="wallet_refund" if operation is not None else "refund",
        moves=[Move(ESCROW, refund_destination(refund), refund.amount, pending=True)],
        memo=refund.reason[:255],  # the full reason stays on the refund row
        order_number=number,
        business_id=order.business_id if order is not None else None,
        created_by=user,
    )
    refund.hold = Transfer.objects.get(entry=entry, phase=Transfer.Phase.PENDING)
    refund.save(update_fields=["hold"])
    if operation is not None:
        from payments.wallets.refund import wallet_refund_held

        wallet_refund_held(operation=operation, hold=refund.hold)
    transaction.on_commit(lambda: refund_dispatch(refund_id=refund.pk), robust=True)
    return refund


def refund_create(
    *, user, order_id: int, amount: int | None, reason: str, idempotency_key: str = ""
) -> Refund:
    """Refunds `amount` VND (None: everything the order still holds) of a prepaid order. Asked
    by the seller's members before shipping, or a finance operator until the money is released.
    Refunding everything left cancels the order through the order flow. A request repeated with
    the same `idempotency_key` (per order) returns the first refund; with other fields it is
    refused (REFUND_IDEMPOTENCY_CONFLICT)."""
    require_user(user)
    reason = (reason or "").strip()
    idempotency_key = (idempotency_key or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    check_length("reason", reason, REASON_MAX)
    check_length("idempotency_key", idempotency_key, KEY_MAX)
    with transaction.atomic():
        order = locked_order(order_id, field="order_id")
        finance = is_finance_operator(user)
        seller = order.business_id in member_business_ids(user)
        if not (finance or seller):
            refuse(
                user,
                order,
                _("Chỉ người bán của đơn hoặc kế toán nền tảng mới được hoàn tiền."),
                field="order_id",
            )
        if idempotency_key:
            # Under the order's lock: a parallel repeat waits here and then finds the first.
            first = Refund.objects.filter(order=order, idempotency_key=idempotency_key).first()
            if first is not None:
                same_amount = first.full if amount is None else first.amount == amount
                if not (same_amount and first.reason == reason):
                    raise RefundIdempotencyConflict(field="idempotency_key")
                return first
        if not refundable_method(order.payment_method):
            raise RefundMethodUnsupported(field="order_id")
        allowed = FINANCE_REFUNDABLE if finance else SELLER_REFUNDABLE
        if order.paid_at is None or order.status not in allowed or not funded(order):
            raise RefundNotAllowedNow(field="order_id")
        if OrderSettlement.objects.filter(order=order).exists():
            raise RefundNotAllowedNow(field="order_id")
        refundable = order.total - refunded_of(order)
        if refundable <= 0:
            raise NothingToRefund(field="order_id")
        amount = refundable if amount is None else amount
        if type(amount) is not int or not 0 < amount <= refundable:
            raise RefundAmountInvalid(refundable=refundable)
        full = amount == refundable
        # The order flow first (it returns stock, locking variant rows), the ledger's hot escrow
        # row last: ledger accounts are locked last everywhere.
        if not full:
            order_partially_refunded(order=order, amount=amount, actor=user)
            order.save(update_fields=["updated_at"])
        elif order.status != S.REFUND_REQUESTED:
            order_cancel_for_refund(order=order, actor=user, reason=reason)
        refund = _hold(
            order=order,
            amount=amount,
            method=order.payment_method,
            full=full,
            reason=reason,
            user=user,
            idempotency_key=idempotency_key,
        )
    return refund


def order_cancelled_refund(*, order_id: int) -> Refund | None:
    """A paid order was cancelled (the order flow's outbox calls the provider's `refund`):
    everything it still holds goes back. Nothing to do when a refund already covers it."""
    with transaction.atomic():
        order = locked_order(order_id)
        if order.status != S.REFUND_REQUESTED or not refundable_method(order.payment_method):
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
    existing = Refund.objects.filter(attempt=attempt).order_by("pk").first()
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


def refund_retry(*, user, refund_id: int, by_bank_transfer: bool = False) -> Refund:
    """Finance returns late money whose refund failed (the gateway refused it, or the transfer
    back bounced): the same refund is held again (a new try, its own ledger entries), sent by the
    same method or by bank transfer (then recorded sent with refundMark). An order's failed
    refund is asked again with refundCreate."""
    require_finance(user)
    with transaction.atomic():
        refund = Refund.objects.filter(pk=refund_id).first()
        if refund is None:
            raise RefundNotFound(field="refund_id")
        if refund.order_id is not None:
            raise RefundRetryNotAllowed(field="refund_id")
        # The attempt's lock serialises retries with each other and with payment_collected.
        PaymentAttempt.objects.select_for_update().filter(pk=refund.attempt_id).first()
        refund = (
            Refund.objects.select_for_update(of=("self",)).select_related("attempt__group").get(pk=refund_id)
        )
        if refund.status != R.FAILED:
            raise RefundRetryNotAllowed(field="refund_id")
        refund.tries += 1
        refund.status = R.PENDING
        if by_bank_transfer:
            refund.method = PaymentMethod.BANK_TRANSFER
        refund.dispatched_at = refund.resolved_at = None
        refund.reference = ""
        refund.save(update_fields=["tries", "status", "method", "dispatched_at", "resolved_at", "reference"])
        return _hold_in_ledger(refund, user=user)


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
    *, refund_id: int, succeeded: bool, reference: str = "", note: str = "", user=None, by_operator=False
) -> Refund:
    """The gateway or the operator says how a pending refund ended: posted, or voided (the money
    stays in escrow; a completed order then releases it, a cancelled one refunds it again). A
    repeat changes nothing; a gateway answer contradicting an earlier mark is logged and flagged
    on the refund for finance; an operator's mark of a resolved refund is refused."""
    with transaction.atomic():
        order_id = Refund.objects.filter(pk=refund_id).values_list("order_id", flat=True).first()
        order = locked_order(order_id) if order_id else None  # orders rows first
        refund = Refund.objects.select_for_update().filter(pk=refund_id).first()
        if refund is None:
            raise RefundNotFound(field="refund_id")
        if refund.status != R.PENDING:
            if by_operator:  # checked under the lock: the loser of two marks is told
                raise RefundAlreadyResolved(field="refund_id")
            if (refund.status == R.SUCCEEDED) != succeeded:
                _flag_conflict(refund, succeeded=succeeded, reference=reference)
            return refund
        suffix = "post" if succeeded else "void"
        operation = _wallet_operation(refund)
        ledger_post(
            key=_key(refund, suffix, operation),
            kind="wallet_refund" if operation is not None else "refund",
            resolves=[Resolve(refund.hold_id, post=succeeded)],
            memo=(reference or note)[:255],
            order_number=order.number if order else "",
            business_id=order.business_id if order else None,
            created_by=user,
        )
        refund.status = R.SUCCEEDED if succeeded else R.FAILED
        refund.reference, refund.note = reference[:REFERENCE_MAX], note  # operators are checked before
        refund.resolved_at = timezone.now()
        refund.save(update_fields=["status", "reference", "note", "resolved_at"])
        if operation is not None:
            from payments.wallets.refund import wallet_refund_settled

            wallet_refund_settled(operation=operation, succeeded=succeeded)
        if order is not None:
            _after_settle(order, refund, succeeded=succeeded)
    return refund


def _after_settle(order: Order, refund: Refund, *, succeeded: bool) -> None:
    """A cancelled order is refunded once what succeeded covers its total; a refund of it that
    failed while others were under way (a partial asked before the cancellation) is asked again
    for what is left, so no money stays behind. The cancellation's own refund failing is left
    to finance (the order stays REFUND_REQUESTED, listed by `refunds(status: FAILED)`): asking
    the same gateway again at once would fail again."""
    if order.status != S.REFUND_REQUESTED:
        if not succeeded:
            order_release(order=order)  # a completed order releases what stays in escrow
        return
    if succeeded:
        if succeeded_of(order) >= order.total:
            order_refunded(order_id=order.pk)
        return
    left = order.total - refunded_of(order)
    if not refund.full and left > 0 and funded(order):
        _hold(order=order, amount=left, method=refund.method, full=True, reason=refund.reason, user=None)


def succeeded_of(order: Order) -> int:
    return Refund.objects.filter(order=order, status=R.SUCCEEDED).aggregate(total=Sum("amount"))["total"] or 0


def _flag_conflict(refund: Refund, *, succeeded: bool, reference: str) -> None:
    # The buyer may have the money back while the ledger keeps it in escrow (or the reverse):
    # never dropped silently, and never booked twice automatically either.
    logger.error(
        "Refund %s: the gateway answered %s (%s) but it was already recorded %s",
        refund.pk,
        "succeeded" if succeeded else "failed",
        reference,
        refund.status,
    )
    refund.conflict = _(
        "Cổng thanh toán báo %(outcome)s (mã %(reference)s) sau khi khoản hoàn đã được ghi nhận là "
        "%(status)s: kiểm tra trên cổng quản trị và điều chỉnh sổ cái."
    ) % {
        "outcome": _("đã hoàn") if succeeded else _("không hoàn được"),
        "reference": reference or "—",
        "status": refund.get_status_display(),
    }
    refund.save(update_fields=["conflict"])


def refund_mark(*, user, refund_id: int, sent: bool, reference: str = "", note: str = "") -> Refund:
    """The finance operator records a refund it made by hand (bank transfer back to the account
    the money came from, with the bank's reference) or that it definitively failed; or the
    outcome of a gateway refund whose answer has not come REFUND_MANUAL_MARK_AFTER_MINUTES after
    it was sent."""
    require_finance(user)
    reference, note = (reference or "").strip(), (note or "").strip()
    check_mark_texts(reference=reference, note=note)
    refund = Refund.objects.filter(pk=refund_id).first()
    if refund is None:
        raise RefundNotFound(field="refund_id")
    if refund.status != R.PENDING:
        raise RefundAlreadyResolved(field="refund_id")
    # A gateway refund is the gateway's to answer; only one whose answer never came (a timeout,
    # an error) is settled by the operator, after a grace period long enough for a late answer
    # or a reconciliation, and after checking the gateway's merchant portal.
    if getattr(provider_for(refund.method), "refunds_by_gateway", False):
        grace = timedelta(minutes=settings.REFUND_MANUAL_MARK_AFTER_MINUTES)
        if refund.dispatched_at is None or refund.dispatched_at > timezone.now() - grace:
            raise RefundNotManual(field="refund_id")
    if sent and not reference:
        raise ReasonRequired(_("Hãy ghi mã giao dịch ngân hàng của khoản chuyển trả."), field="reference")
    return refund_settle(
        refund_id=refund_id, succeeded=sent, reference=reference, note=note, user=user, by_operator=True
    )
