from django.utils.translation import gettext_lazy as _

from marketplace import errors
from marketplace.errors import DomainError


class TaxCodeTaken(DomainError):
    code = "TAX_CODE_TAKEN"
    message = _(
        "Mã số thuế này đã được đăng ký trên sàn. Nếu đây là cơ sở của bạn, hãy liên hệ Sở Công Thương."
    )


class UnknownCommune(DomainError):
    code = "UNKNOWN_COMMUNE"
    message = _("Không tìm thấy xã, phường với mã này. Hãy chọn từ danh sách xã, phường của tỉnh.")


class ReasonRequired(errors.ReasonRequired):
    message = _("Vui lòng ghi rõ lý do để người bán biết cần sửa gì.")


class AlreadyMember(DomainError):
    code = "ALREADY_MEMBER"
    message = _("Người này đã là thành viên của cơ sở.")


class LastOwner(DomainError):
    code = "LAST_OWNER"
    message = _("Không thể xoá chủ cơ sở cuối cùng. Hãy thêm một chủ khác trước.")


class InvalidCertificate(DomainError):
    code = "INVALID_OCOP_CERTIFICATE"
    message = _("Chứng nhận OCOP không hợp lệ: số sao từ 3 đến 5, hiệu lực 36 tháng kể từ ngày cấp.")


class CertificateTaken(DomainError):
    code = "CERTIFICATE_TAKEN"
    message = _("Chứng nhận OCOP với số quyết định này đã được ghi cho sản phẩm này.")


class CertificateExpired(DomainError):
    code = "OCOP_CERTIFICATE_EXPIRED"
    message = _("Chứng nhận OCOP đã hết hạn (hiệu lực 36 tháng). Hãy gia hạn trước khi gắn vào sản phẩm.")


class OutsideProvince(DomainError):
    code = "OUTSIDE_PROVINCE"
    message = _("Người bán không thuộc tỉnh của sàn.")


class InvalidCommissionRate(DomainError):
    code = "INVALID_COMMISSION_RATE"
    message = _(
        "Hoa hồng tính bằng phần vạn: số nguyên từ 0 đến 10.000 (300 là 3 %); để trống để dùng mức chung."
    )


class InvalidDeliveryFee(DomainError):
    code = "INVALID_DELIVERY_FEE"
    message = _("Phí giao là số nguyên đồng từ 0 đến 5.000.000; để trống để dùng mức chung của sàn.")


class BusinessNotApproved(DomainError):
    code = "BUSINESS_NOT_APPROVED"
    message = _("Cơ sở chưa được Sở Công Thương duyệt (hoặc đang tạm ngừng) nên chưa mời được thành viên.")


class InvitationNotFound(DomainError):
    code = "INVITATION_NOT_FOUND"
    message = _("Không tìm thấy lời mời đang chờ trả lời dành cho số điện thoại của bạn.")


class TooManyInvitations(DomainError):
    code = "TOO_MANY_INVITATIONS"
    message = _("Cơ sở đã có 20 lời mời chưa được trả lời. Hãy huỷ bớt lời mời cũ rồi mời tiếp.")


class OfficerCannotSell(DomainError):
    code = "OFFICER_CANNOT_SELL"
    message = _("Cán bộ Sở Công Thương và quản trị nền tảng không được đứng tên người bán.")
