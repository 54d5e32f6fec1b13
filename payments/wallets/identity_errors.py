"""Errors of opening a wallet, its PIN and its freezing (the shared ones are in `errors.py`)."""

from django.utils.translation import gettext_lazy as _

from marketplace import errors
from marketplace.businesses.errors import BusinessNotApproved
from marketplace.errors import DomainError
from payments.wallets.errors import WalletPermissionDenied


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
