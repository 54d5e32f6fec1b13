from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class UnknownBank(DomainError):
    code = "BANK_UNKNOWN"
    message = _("Ngân hàng này không có trong danh sách; hãy chọn một ngân hàng trong danh sách được hỗ trợ.")


class InvalidHolderName(DomainError):
    code = "BANK_INVALID_HOLDER_NAME"
    message = _(
        "Tên chủ tài khoản ghi như ngân hàng in: chữ cái, chữ số và dấu cách, từ 2 đến 70 ký tự "
        "(ví dụ NGUYEN THI HOA)."
    )


class BankAccountMissing(DomainError):
    code = "BANK_ACCOUNT_MISSING"
    message = _("Người bán chưa đăng ký tài khoản ngân hàng nhận tiền.")
