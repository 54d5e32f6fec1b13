from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class BankTransferNotConfigured(DomainError):
    code = "BANK_TRANSFER_NOT_CONFIGURED"
    message = _("Chuyển khoản ngân hàng chưa được cấu hình tài khoản nhận tiền; hãy chọn cách trả khác.")


class BankTransactionConflict(DomainError):
    code = "BANK_TRANSACTION_CONFLICT"
    message = _("Mã giao dịch ngân hàng này đã được ghi nhận với số tiền khác; không ghi nhận lại.")


class BankTransactionInvalid(DomainError):
    """A statement row or a notification that cannot be read; the message names the field."""

    code = "BANK_TRANSACTION_INVALID"
    message = _("Dòng giao dịch không hợp lệ.")


class StatementFileInvalid(DomainError):
    code = "BANK_STATEMENT_INVALID"
    message = _(
        "Tệp sao kê phải là CSV mã UTF-8 có dòng tiêu đề transaction_id, credited_at, amount, description."
    )


class StatementFileTooLarge(DomainError):
    code = "BANK_STATEMENT_TOO_LARGE"
    message = _("Tệp sao kê quá lớn; hãy chia thành nhiều tệp nhỏ hơn.")


class StatementImportUnfinished(DomainError):
    code = "BANK_STATEMENT_UNFINISHED"
    message = _(
        "Dòng này chưa được xử lý vì hết thời gian của yêu cầu; hãy nhập lại đúng tệp này để xử lý tiếp."
    )


class BankTransactionNotInQueue(DomainError):
    code = "BANK_TRANSACTION_NOT_IN_QUEUE"
    message = _("Giao dịch này đã được xử lý; chỉ xử lý được giao dịch chuyển thiếu, thừa hoặc chưa khớp.")


class BankTransferMatchAmount(DomainError):
    code = "BANK_TRANSFER_MATCH_AMOUNT"
    message = _(
        "Chỉ khớp được khi số tiền chuyển bằng đúng số tiền phải trả; nếu không, hãy trả lại người chuyển."
    )


class BankTransferMatchTarget(DomainError):
    code = "BANK_TRANSFER_MATCH_TARGET"
    message = _("Hãy chọn đúng một khoản thanh toán còn chờ trả tiền (mã thanh toán hoặc lần thanh toán).")


class BankTransferNoteRequired(DomainError):
    code = "BANK_TRANSFER_NOTE_REQUIRED"
    message = _("Hãy ghi chú lý do (tối đa 500 ký tự) khi trả lại hoặc bỏ qua một giao dịch.")


class BankTransferMatchMethod(DomainError):
    """The group was to be paid another way (VNPay): booking a transfer to it would make every
    refund of its orders go through that other method, which never received the money."""

    code = "BANK_TRANSFER_MATCH_METHOD"
    message = _(
        "Lần thanh toán này không chọn chuyển khoản ngân hàng nên không khớp được; hãy trả lại "
        "tiền cho người chuyển (RETURN) và báo người mua thanh toán lại đúng cách đã chọn."
    )


class BankTransactionLateRefund(DomainError):
    code = "BANK_TRANSACTION_LATE_REFUND"
    message = _(
        "Khoản này đến sau khi lần thanh toán đã kết thúc và đang chờ hoàn: hãy chuyển trả vào tài "
        "khoản người chuyển tại ngân hàng rồi ghi nhận bằng refundMark (mã khoản hoàn: refundId)."
    )
