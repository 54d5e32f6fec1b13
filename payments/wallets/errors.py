from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class WalletNotFound(DomainError):
    code = "WALLET_NOT_FOUND"
    message = _("Không tìm thấy ví. Mở ví trước (walletOpen) hoặc kiểm tra lại mã ví.")


class WalletAlreadyOpen(DomainError):
    code = "WALLET_ALREADY_OPEN"
    message = _("Mỗi người chỉ được mở một ví; số điện thoại hoặc số định danh này đã có ví.")


class WalletNotVerified(DomainError):
    code = "WALLET_NOT_VERIFIED"
    message = _("Ví chưa xác minh số điện thoại: nhập mã OTP đã gửi đến điện thoại (walletVerifyPhone).")


class WalletPinNotSet(DomainError):
    code = "WALLET_PIN_NOT_SET"
    message = _("Ví chưa có mã PIN: đặt mã PIN 6 chữ số trước (walletPinSet).")


class WalletPinWrong(DomainError):
    code = "WALLET_PIN_WRONG"
    message = _("Mã PIN không đúng.")

    def __init__(self, *, left: int, field: str | None = "pin"):
        super().__init__(
            _("Mã PIN không đúng. Còn %(left)d lần thử trước khi ví bị khoá tạm thời.") % {"left": left},
            field=field,
        )


class WalletPinLocked(DomainError):
    code = "WALLET_PIN_LOCKED"
    message = _("Ví bị khoá tạm thời vì nhập sai mã PIN nhiều lần.")

    def __init__(self, *, until, field: str | None = "pin"):
        from django.utils import timezone

        super().__init__(
            _("Ví bị khoá tạm thời vì nhập sai mã PIN nhiều lần; thử lại sau %(time)s.")
            % {"time": timezone.localtime(until).strftime("%H:%M %d/%m/%Y")},
            field=field,
        )


class WalletPinWeak(DomainError):
    code = "WALLET_PIN_WEAK"
    message = _(
        "Mã PIN phải gồm đúng 6 chữ số, không phải dãy dễ đoán (123456, 000000…) hay ngày sinh của bạn."
    )


class WalletFrozen(DomainError):
    code = "WALLET_FROZEN"
    message = _("Ví đang bị đóng băng: không chuyển, trả hay rút tiền được. Liên hệ hỗ trợ để mở lại.")


class WalletInsufficientFunds(DomainError):
    code = "WALLET_INSUFFICIENT_FUNDS"
    message = _("Số dư khả dụng của ví không đủ.")

    def __init__(self, *, available: int, field: str | None = "amount"):
        super().__init__(
            _("Số dư khả dụng của ví không đủ: còn %(available)s đ.")
            % {"available": f"{available:,}".replace(",", ".")},
            field=field,
        )


class WalletMonthlyCapExceeded(DomainError):
    code = "WALLET_MONTHLY_CAP_EXCEEDED"
    message = _("Vượt hạn mức chi tiêu tháng của ví.")

    def __init__(self, *, left: int, cap: int, field: str | None = "amount"):
        def vnd(value: int) -> str:
            return f"{value:,}".replace(",", ".")

        super().__init__(
            _(
                "Vượt hạn mức rút, chuyển và thanh toán %(cap)s đ mỗi tháng của ví cá nhân "
                "(Nghị định 368/2025/NĐ-CP). Tháng này bạn còn được chi %(left)s đ."
            )
            % {"cap": vnd(cap), "left": vnd(left)},
            field=field,
        )


class WalletAmountInvalid(DomainError):
    code = "WALLET_AMOUNT_INVALID"
    message = _("Số tiền phải là số nguyên VND lớn hơn 0.")


class WalletIdempotencyConflict(DomainError):
    code = "WALLET_IDEMPOTENCY_CONFLICT"
    message = _("Khoá chống lặp này đã dùng cho một giao dịch khác; tạo khoá mới cho giao dịch mới.")


class WalletPermissionDenied(DomainError):
    code = "WALLET_PERMISSION_DENIED"
    message = _("Chỉ chủ ví (với ví người bán: chủ cơ sở) mới được chi tiền từ ví này.")
