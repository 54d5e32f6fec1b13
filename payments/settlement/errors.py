from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class RefundAmountInvalid(DomainError):
    code = "REFUND_AMOUNT_INVALID"
    message = _("Số tiền hoàn phải là số nguyên dương, không quá số tiền còn giữ cho đơn này.")

    def __init__(self, *, refundable: int):
        self.refundable = refundable
        message = _("Số tiền hoàn phải từ 1 đến %(amount)s đ (số tiền còn giữ cho đơn này).") % {
            "amount": f"{refundable:,}".replace(",", ".")
        }
        super().__init__(message, field="amount")


class NothingToRefund(DomainError):
    code = "REFUND_NOTHING_LEFT"
    message = _("Đơn này không còn tiền nào đang giữ để hoàn (đã hoàn hết hoặc đang hoàn).")


class RefundMethodUnsupported(DomainError):
    code = "REFUND_METHOD_UNSUPPORTED"
    message = _(
        "Đơn thanh toán khi nhận hàng không hoàn qua sàn: người bán trả lại tiền mặt cho người mua. "
        "Chỉ hoàn được đơn đã trả trước (VNPay, chuyển khoản)."
    )


class RefundNotAllowedNow(DomainError):
    code = "REFUND_NOT_ALLOWED_NOW"
    message = _(
        "Không hoàn được đơn ở trạng thái này: người bán hoàn trước khi giao hàng đi, kế toán nền "
        "tảng hoàn khi tiền còn giữ (trước khi đơn hoàn tất)."
    )


class RefundNotFound(DomainError):
    code = "REFUND_NOT_FOUND"
    message = _("Không tìm thấy yêu cầu hoàn tiền này.")


class RefundAlreadyResolved(DomainError):
    code = "REFUND_ALREADY_RESOLVED"
    message = _("Yêu cầu hoàn tiền này đã xong (đã hoàn hoặc đã huỷ); chỉ ghi nhận được yêu cầu đang hoàn.")


class RefundNotManual(DomainError):
    code = "REFUND_NOT_MANUAL"
    message = _(
        "Khoản hoàn này đang chờ cổng thanh toán trả lời; chỉ ghi nhận tay khoản hoàn chuyển khoản "
        "hoặc khoản hoàn đã gửi cổng thanh toán mà quá thời gian chờ (REFUND_MANUAL_MARK_AFTER_MINUTES) "
        "vẫn chưa có kết quả."
    )


class RefundIdempotencyConflict(DomainError):
    code = "REFUND_IDEMPOTENCY_CONFLICT"
    message = _(
        "Khoá chống lặp này đã dùng cho một yêu cầu hoàn tiền khác của đơn (khác số tiền hoặc lý do); "
        "gửi lại đúng yêu cầu cũ hoặc dùng khoá mới."
    )


class RefundRetryNotAllowed(DomainError):
    code = "REFUND_RETRY_NOT_ALLOWED"
    message = _(
        "Chỉ hoàn lại được khoản hoàn tiền đến muộn đã không thành công; khoản hoàn của đơn hàng "
        "thì tạo yêu cầu hoàn tiền mới cho đơn."
    )


class CodNotCashOnDelivery(DomainError):
    code = "COD_NOT_CASH_ON_DELIVERY"
    message = _("Đơn này không thanh toán khi nhận hàng; chỉ ghi nhận thu tiền cho đơn COD.")


class CodNotDelivered(DomainError):
    code = "COD_NOT_DELIVERED"
    message = _("Chỉ ghi nhận đã thu tiền sau khi đơn đã giao (trạng thái Đã giao hoặc Hoàn tất).")


class CodAmountMismatch(DomainError):
    code = "COD_AMOUNT_MISMATCH"
    message = _("Số tiền đã thu phải đúng bằng tổng tiền của đơn.")

    def __init__(self, *, total: int):
        message = _("Số tiền đã thu phải đúng bằng tổng tiền của đơn: %(total)s đ.") % {
            "total": f"{total:,}".replace(",", ".")
        }
        super().__init__(message, field="amount")


class PayoutNotFound(DomainError):
    code = "PAYOUT_NOT_FOUND"
    message = _("Không tìm thấy khoản chi trả này.")


class PayoutAlreadyResolved(DomainError):
    code = "PAYOUT_ALREADY_RESOLVED"
    message = _("Khoản chi trả này đã được ghi nhận (đã chuyển hoặc không thành công).")


class StatementPeriodInvalid(DomainError):
    code = "STATEMENT_PERIOD_INVALID"
    message = _("Kỳ sao kê không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc, tối đa 366 ngày.")
