from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class LedgerKeyConflict(DomainError):
    code = "LEDGER_KEY_CONFLICT"
    message = _(
        "Nghiệp vụ này đã được ghi sổ với nội dung khác. Không ghi lại; hãy kiểm tra nghiệp vụ đã ghi."
    )


class LedgerInsufficientFunds(DomainError):
    code = "LEDGER_INSUFFICIENT_FUNDS"
    message = _("Số dư không đủ cho nghiệp vụ này; không có khoản tiền nào được chuyển.")

    def __init__(self, account_code: str):
        self.account_code = account_code
        super().__init__(
            _("Tài khoản %(code)s không đủ số dư cho nghiệp vụ này; không có khoản tiền nào được chuyển.")
            % {"code": account_code}
        )


class LedgerPendingResolved(DomainError):
    code = "LEDGER_PENDING_RESOLVED"
    message = _("Khoản tạm giữ này đã được ghi sổ hoặc huỷ trước đó.")
