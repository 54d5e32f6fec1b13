from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class AttemptNotFound(DomainError):
    code = "PAYMENT_ATTEMPT_NOT_FOUND"
    message = _("Không tìm thấy giao dịch thanh toán với mã này.")


class AttemptAmountMismatch(DomainError):
    code = "PAYMENT_AMOUNT_MISMATCH"
    message = _("Số tiền nhận được khác số tiền phải trả của giao dịch; không ghi nhận.")


class PaymentGroupNotPayable(DomainError):
    code = "PAYMENT_GROUP_NOT_PAYABLE"
    message = _("Lần thanh toán này không còn chờ trả tiền (đã trả, đã huỷ hoặc hết hạn).")


# Errors defined beside the code that raises them, listed here so the schema's ErrorCode enum
# (built from the apps' `errors` modules) publishes them.
from payments.momo.codes import MomoAmountOutOfRange, MomoUnavailableError  # noqa: E402, F401
