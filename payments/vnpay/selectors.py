"""Reads for the VNPay pages: what the buyer sees after paying comes from the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt
from payments.vnpay.client import VNPayClient
from payments.vnpay.codes import describe

A = PaymentAttempt.Status


@dataclass(frozen=True)
class ReturnResult:
    state: str  # paid · failed · pending · late
    title: str
    detail: str
    group_number: str
    amount: int
    group_status: str

    @property
    def amount_display(self) -> str:
        return f"{self.amount:,}".replace(",", ".")


def return_result(params: Mapping[str, str]) -> ReturnResult | None:
    """The attempt the (signed) return parameters name, as the database knows it. None when the
    signature fails or the attempt is unknown: a forged link shows nothing about any payment."""
    if not VNPayClient.from_settings().verify(params):
        return None
    attempt = (
        PaymentAttempt.objects.select_related("group")
        .filter(reference=str(params.get("vnp_TxnRef", "")))
        .first()
    )
    if attempt is None:
        return None
    if attempt.group_id is None:
        return _top_up_result(attempt)
    group = attempt.group
    if attempt.status == A.PAID or group.status == PaymentGroup.Status.PAID:
        state, title, detail = (
            "paid",
            _("Thanh toán thành công"),
            _("Người bán đã được báo để chuẩn bị hàng."),
        )
    elif attempt.status == A.LATE:
        state, title = "late", _("Tiền đến sau khi lần thanh toán đã kết thúc")
        detail = _("Số tiền này đang được hoàn lại về tài khoản của bạn qua VNPay.")
    elif attempt.status == A.FAILED:
        state, title, detail = "failed", _("Thanh toán không thành công"), describe(attempt.response_code)
    else:
        state, title = "pending", _("Đang chờ VNPay xác nhận")
        detail = _("Trang sẽ tự cập nhật. Đừng thanh toán lại trong lúc chờ.")
    return ReturnResult(
        state=state,
        title=str(title),
        detail=str(detail),
        group_number=group.number,
        amount=attempt.amount,
        group_status=group.get_status_display(),
    )


def _top_up_result(attempt: PaymentAttempt) -> ReturnResult:
    """A wallet top-up's page: its reference and the operation's status instead of a group's."""
    from payments.wallets.models import WalletOperation

    operation = WalletOperation.objects.filter(attempt_id=attempt.pk).first()
    if attempt.status == A.PAID:
        state, title, detail = "paid", _("Nạp tiền thành công"), _("Số tiền đã vào Ví Chợ Số của bạn.")
    elif attempt.status == A.FAILED:
        state, title, detail = "failed", _("Nạp tiền không thành công"), describe(attempt.response_code)
    else:
        state, title = "pending", _("Đang chờ VNPay xác nhận")
        detail = _("Trang sẽ tự cập nhật. Đừng nạp lại trong lúc chờ.")
    return ReturnResult(
        state=state,
        title=str(title),
        detail=str(detail),
        group_number=attempt.reference,
        amount=attempt.amount,
        group_status=operation.get_status_display() if operation is not None else "",
    )
