"""Errors of the wallet's money in and out of orders (top-up, paying a group). Kept apart from
`errors.py` (the core's) so the helpers building wallets in parallel do not edit one file; the
lead may move them there."""

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class WalletTopUpUnavailable(DomainError):
    code = "WALLET_TOP_UP_UNAVAILABLE"
    message = _("Chưa nạp tiền vào ví được: cổng VNPay chưa được cấu hình. Thử lại sau hoặc liên hệ hỗ trợ.")


class WalletPayWrongMethod(DomainError):
    code = "WALLET_PAY_WRONG_METHOD"
    message = _(
        "Lần thanh toán này không chọn trả bằng Ví Chợ Số: trả bằng phương thức đã chọn (paymentStart) "
        "hoặc đặt lại đơn với phương thức ví."
    )
