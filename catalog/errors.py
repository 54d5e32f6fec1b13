from django.utils.translation import gettext_lazy as _

from marketplace.businesses import errors as businesses_errors
from marketplace.errors import DomainError


class SkuTaken(DomainError):
    code = "SKU_TAKEN"
    message = _("Mã SKU này đã dùng cho một sản phẩm khác của cơ sở. Hãy chọn mã khác.")


class InvalidPrice(DomainError):
    code = "INVALID_PRICE"
    message = _("Giá phải là số nguyên đồng lớn hơn 0 và không quá 1 tỷ đồng.")


class InvalidStock(DomainError):
    code = "INVALID_STOCK"
    message = _("Số lượng tồn kho phải là số nguyên không âm.")


class UnknownCategory(DomainError):
    code = "UNKNOWN_CATEGORY"
    message = _("Không tìm thấy danh mục này.")


class CertificateNotOwned(DomainError):
    code = "OCOP_CERTIFICATE_NOT_OWNED"
    message = _("Chứng nhận OCOP này không thuộc về cơ sở của bạn.")


class NoVariants(DomainError):
    code = "NO_VARIANTS"
    message = _("Hãy thêm ít nhất một loại hàng (quy cách, giá, tồn kho) trước khi gửi duyệt.")


class BusinessNotApproved(businesses_errors.BusinessNotApproved):
    message = _("Cơ sở của bạn chưa được Sở Công Thương duyệt nên chưa thể gửi sản phẩm duyệt.")


class LastVariant(DomainError):
    code = "LAST_VARIANT"
    message = _(
        "Sản phẩm đang bán (hoặc chờ duyệt) cần ít nhất một loại hàng. Hãy ẩn sản phẩm thay vì xoá loại cuối cùng."
    )


class InvalidWeight(DomainError):
    code = "INVALID_WEIGHT"
    message = _("Khối lượng phải là số nguyên gam từ 0 (không ghi) đến 1.000.000 (1 tấn).")


class InsufficientStock(DomainError):
    """The stock service's last guard; orders name each short line with their own error."""

    code = "STOCK_EXHAUSTED"
    message = _("Không còn đủ hàng trong kho cho số lượng này.")
