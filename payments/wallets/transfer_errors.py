"""Errors of transfers, cooling-off holds and withdrawals (payments/wallets/{transfers,holds,
withdrawals}.py). Kept apart from errors.py, which the core owns; each code is its own."""

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


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
