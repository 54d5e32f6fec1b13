"""What VNPay's response codes mean, in the buyer's words."""

from django.utils.translation import gettext_lazy as _

RESPONSE_CODES = {
    "00": _("Giao dịch thành công."),
    "07": _("Tiền đã bị trừ nhưng giao dịch bị nghi ngờ gian lận; VNPay sẽ liên hệ để xử lý."),
    "09": _("Thẻ hoặc tài khoản chưa đăng ký dịch vụ Internet Banking."),
    "10": _("Xác thực thông tin thẻ hoặc tài khoản sai quá 3 lần."),
    "11": _("Đã hết thời gian chờ thanh toán."),
    "12": _("Thẻ hoặc tài khoản đang bị khoá."),
    "13": _("Nhập sai mật khẩu xác thực giao dịch (OTP)."),
    "24": _("Bạn đã huỷ giao dịch."),
    "51": _("Tài khoản không đủ số dư để thanh toán."),
    "65": _("Tài khoản đã vượt quá hạn mức giao dịch trong ngày."),
    "75": _("Ngân hàng thanh toán đang bảo trì."),
    "79": _("Nhập sai mật khẩu thanh toán quá số lần quy định."),
    "99": _("Giao dịch không thành công."),
}


def describe(code: str):
    return RESPONSE_CODES.get(code, RESPONSE_CODES["99"])
