"""What MoMo's resultCodes mean, in the buyer's words, and the domain errors of starting a
MoMo payment."""

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError

RESULT_CODES = {
    0: _("Giao dịch thành công."),
    1000: _("Giao dịch đã được khởi tạo, đang chờ bạn xác nhận trên ứng dụng MoMo."),
    1001: _("Số dư ví MoMo không đủ để thanh toán."),
    1002: _("Giao dịch bị từ chối bởi nhà phát hành phương thức thanh toán."),
    1003: _("Giao dịch đã bị huỷ."),
    1004: _("Số tiền vượt quá hạn mức thanh toán trong ngày hoặc tháng của ví MoMo."),
    1005: _("Đường dẫn hoặc mã QR thanh toán đã hết hạn."),
    1006: _("Bạn đã từ chối xác nhận thanh toán."),
    1007: _("Tài khoản ví MoMo đang bị tạm khoá hoặc chưa kích hoạt."),
    1017: _("Giao dịch đã bị huỷ bởi người bán."),
    4001: _("Tài khoản ví MoMo chưa hoàn tất xác thực danh tính."),
    99: _("Giao dịch không thành công."),
}


def describe(code: str | int):
    try:
        return RESULT_CODES.get(int(code), RESULT_CODES[99])
    except (TypeError, ValueError):
        return RESULT_CODES[99]


class MomoUnavailableError(DomainError):
    code = "MOMO_UNAVAILABLE"
    message = _(
        "Chưa mở được trang thanh toán ví MoMo (cổng MoMo không phản hồi). Hãy thử lại sau ít phút "
        "hoặc chọn phương thức thanh toán khác."
    )


class MomoAmountOutOfRange(DomainError):
    code = "MOMO_AMOUNT_OUT_OF_RANGE"
    message = _(
        "Ví MoMo chỉ nhận mỗi lần thanh toán từ 1.000 ₫ đến 50.000.000 ₫. Hãy chọn phương thức "
        "thanh toán khác cho đơn này."
    )
