"""Reads for the MoMo return page: what the buyer sees after paying comes from the database."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from orders.models import PaymentGroup, PaymentMethod
from payments.attempts import PaymentAttempt
from payments.momo.client import MomoClient
from payments.momo.codes import describe
from payments.vnpay.selectors import ReturnResult

A = PaymentAttempt.Status


def return_result(params: Mapping[str, str]) -> ReturnResult | None:
    """The attempt the (signed) redirect parameters name, as the database knows it. None when
    the signature fails or the attempt is unknown: a forged link shows nothing about any payment."""
    if not MomoClient.from_settings().verify_callback(params):
        return None
    attempt = (
        PaymentAttempt.objects.select_related("group")
        .filter(reference=str(params.get("orderId", "")), method=PaymentMethod.MOMO)
        .first()
    )
    if attempt is None or attempt.group is None:
        return None
    group = attempt.group
    if attempt.status == A.PAID or group.status == PaymentGroup.Status.PAID:
        state, title, detail = (
            "paid",
            _("Thanh toán thành công"),
            _("Người bán đã được báo để chuẩn bị hàng."),
        )
    elif attempt.status == A.LATE:
        state, title = "late", _("Tiền đến sau khi lần thanh toán đã kết thúc")
        detail = _("Số tiền này đang được hoàn lại về ví MoMo của bạn.")
    elif attempt.status == A.FAILED:
        state, title, detail = "failed", _("Thanh toán không thành công"), describe(attempt.response_code)
    else:
        state, title = "pending", _("Đang chờ MoMo xác nhận")
        detail = _("Trang sẽ tự cập nhật. Đừng thanh toán lại trong lúc chờ.")
    return ReturnResult(
        state=state,
        title=str(title),
        detail=str(detail),
        group_number=group.number,
        amount=attempt.amount,
        group_status=group.get_status_display(),
    )
