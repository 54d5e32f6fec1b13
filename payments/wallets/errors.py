from django.utils.translation import gettext_lazy as _

from marketplace import errors
from marketplace.businesses.errors import BusinessNotApproved
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


class WalletIdentityInvalid(DomainError):
    code = "WALLET_IDENTITY_INVALID"
    message = _("Thông tin định danh không hợp lệ.")


class WalletIdentityMismatch(DomainError):
    # Says nothing about which part differs: no help for someone trying others' ID numbers.
    code = "WALLET_IDENTITY_MISMATCH"
    message = _(
        "Họ tên, số CCCD và ngày sinh phải đúng như khi đăng ký thuê bao số điện thoại của tài khoản. "
        "Kiểm tra lại, hoặc cập nhật thông tin thuê bao tại nhà mạng."
    )


class SubscriberRegistryUnavailable(DomainError):
    code = "WALLET_REGISTRY_UNAVAILABLE"
    message = _("Chưa kiểm tra được thông tin thuê bao với nhà mạng. Vui lòng thử lại sau ít phút.")


class WalletPinAlreadySet(DomainError):
    code = "WALLET_PIN_ALREADY_SET"
    message = _("Ví đã có mã PIN. Để đổi, dùng walletPinChange với mã PIN cũ hoặc mã OTP.")


class WalletPinChangeProof(DomainError):
    code = "WALLET_PIN_PROOF_REQUIRED"
    message = _(
        "Để đổi mã PIN, gửi đúng một trong hai: mã PIN cũ (oldPin) hoặc mã OTP vừa nhận (otpCode, "
        "yêu cầu bằng walletOtpSend)."
    )


class WalletNotFrozen(DomainError):
    code = "WALLET_NOT_FROZEN"
    message = _("Ví không bị đóng băng.")


class WalletFrozenByOperator(DomainError):
    code = "WALLET_FROZEN_BY_OPERATOR"
    message = _(
        "Ví đang bị nhân viên Chợ Số đóng băng để kiểm tra; chỉ nhân viên mới mở lại được. Liên hệ hỗ trợ."
    )


class WalletUnfreezeProof(DomainError):
    code = "WALLET_UNFREEZE_PROOF_REQUIRED"
    message = _(
        "Để mở đóng băng ví, gửi mã PIN (pin) và mã OTP vừa nhận (otpCode, yêu cầu bằng walletOtpSend "
        "với purpose WALLET_UNFREEZE)."
    )


class WalletReasonRequired(errors.ReasonRequired):
    message = _("Nhân viên đóng băng hoặc mở đóng băng ví phải ghi lý do (tối đa 500 ký tự).")


class WalletBusinessNotFound(errors.NotFound):
    message = _("Không tìm thấy người bán này trong các cơ sở bạn là thành viên.")


class WalletBusinessNotApproved(BusinessNotApproved):
    message = _("Chỉ người bán đã được Sở Công Thương duyệt (đang hoạt động) mới mở được ví người bán.")


class WalletOwnerOnly(WalletPermissionDenied):
    message = _("Chỉ chủ cơ sở mới mở được ví người bán và đặt mã PIN của ví.")


class WalletTopUpUnavailable(DomainError):
    code = "WALLET_TOP_UP_UNAVAILABLE"
    message = _("Chưa nạp tiền vào ví được: cổng VNPay chưa được cấu hình. Thử lại sau hoặc liên hệ hỗ trợ.")


class WalletPayWrongMethod(DomainError):
    code = "WALLET_PAY_WRONG_METHOD"
    message = _(
        "Lần thanh toán này không chọn trả bằng Ví Chợ Số: trả bằng phương thức đã chọn (paymentStart) "
        "hoặc đặt lại đơn với phương thức ví."
    )


class WalletRecipientNotFound(DomainError):
    code = "WALLET_RECIPIENT_NOT_FOUND"
    message = _(
        "Số điện thoại này chưa có ví Chợ Số đang hoạt động. Kiểm tra lại số, hoặc nhờ người nhận "
        "mở và xác minh ví trước."
    )


class WalletSelfTransfer(DomainError):
    code = "WALLET_SELF_TRANSFER"
    message = _("Không chuyển tiền cho chính ví của mình được; hãy nhập số điện thoại của người nhận.")


class WalletLookupThrottled(DomainError):
    code = "WALLET_LOOKUP_THROTTLED"
    message = _("Bạn đã tra cứu người nhận quá nhiều lần; hãy thử lại sau ít phút.")


class WalletTransferNotFound(DomainError):
    code = "WALLET_TRANSFER_NOT_FOUND"
    message = _("Không tìm thấy lệnh chuyển tiền này trong ví của bạn.")


class WalletTransferNotHeld(DomainError):
    code = "WALLET_TRANSFER_NOT_HELD"
    message = _(
        "Chỉ huỷ được lệnh chuyển đang tạm giữ; lệnh này đã được chuyển đi hoặc đã huỷ. Nếu bị lừa "
        "chuyển tiền, hãy báo hỗ trợ ngay kèm mã giao dịch."
    )


class WalletBankAccountMissing(DomainError):
    code = "WALLET_BANK_ACCOUNT_MISSING"
    message = _(
        "Chưa có tài khoản ngân hàng nhận tiền rút: ví cá nhân đăng ký bằng walletBankAccountSet, "
        "ví người bán dùng tài khoản ngân hàng của người bán (businessBankAccountSet)."
    )


class WalletBankAccountForMerchant(DomainError):
    code = "WALLET_BANK_ACCOUNT_FOR_MERCHANT"
    message = _(
        "Ví người bán rút về tài khoản ngân hàng đã đăng ký của người bán; chủ cơ sở đổi tài khoản "
        "đó bằng businessBankAccountSet."
    )


class WalletBankHolderMismatch(DomainError):
    code = "WALLET_BANK_HOLDER_MISMATCH"
    message = _(
        "Tên chủ tài khoản ngân hàng phải trùng tên chủ ví (không phân biệt dấu, chữ hoa chữ thường): "
        "chỉ rút được về tài khoản đứng tên chính bạn."
    )


class WalletWithdrawalNotFound(DomainError):
    code = "WALLET_WITHDRAWAL_NOT_FOUND"
    message = _("Không tìm thấy lệnh rút tiền này.")


class WalletWithdrawalResolved(DomainError):
    code = "WALLET_WITHDRAWAL_RESOLVED"
    message = _(
        "Lệnh rút tiền này đã được ghi nhận (đã chuyển hoặc đã từ chối); chỉ ghi nhận lệnh đang xử lý."
    )
