from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class VietQRInvalidBankBin(DomainError):
    code = "VIETQR_INVALID_BANK_BIN"
    message = _("Mã ngân hàng (BIN) phải gồm 6 chữ số, bắt đầu bằng 970.")


class VietQRInvalidAccountNumber(DomainError):
    code = "VIETQR_INVALID_ACCOUNT_NUMBER"
    message = _("Số tài khoản chỉ gồm chữ số, dài từ 6 đến 19 chữ số.")


class VietQRInvalidAmount(DomainError):
    code = "VIETQR_INVALID_AMOUNT"
    message = _("Số tiền phải là số nguyên đồng, lớn hơn 0 và tối đa 13 chữ số.")


class VietQRInvalidPurpose(DomainError):
    code = "VIETQR_INVALID_PURPOSE"
    message = _("Nội dung chuyển khoản tối đa 25 ký tự chữ, số và dấu cách (không dấu).")


class VietQRInvalidPayload(DomainError):
    code = "VIETQR_INVALID_PAYLOAD"
    message = _("Mã VietQR không đúng định dạng hoặc sai mã kiểm tra (CRC).")
