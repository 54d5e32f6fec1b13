from django.utils.translation import gettext_lazy as _

from marketplace import errors
from marketplace.errors import DomainError


class CheckoutNotFound(DomainError):
    code = "CHECKOUT_NOT_FOUND"
    message = _("Không tìm thấy giỏ hàng. Hãy tạo giỏ hàng mới.")


class CheckoutCompleted(DomainError):
    code = "CHECKOUT_COMPLETED"
    message = _("Giỏ hàng này đã được đặt hàng. Hãy xem đơn hàng của bạn hoặc tạo giỏ mới.")


class EmptyCheckout(DomainError):
    code = "EMPTY_CHECKOUT"
    message = _("Giỏ hàng đang trống. Hãy thêm sản phẩm trước khi đặt hàng.")


class InvalidQuantity(DomainError):
    code = "INVALID_QUANTITY"
    message = _("Số lượng phải là số nguyên dương, không quá giới hạn của một dòng hàng.")


class TooManyLines(DomainError):
    code = "TOO_MANY_LINES"
    message = _("Giỏ hàng đã đủ số loại hàng tối đa.")


class ProductUnavailable(DomainError):
    code = "PRODUCT_UNAVAILABLE"
    message = _("Sản phẩm này hiện không bán. Hãy xoá khỏi giỏ hàng.")


class InsufficientStock(DomainError):
    """One short line. `checkoutComplete` raises a ValidationFailed with one of these per line."""

    code = "INSUFFICIENT_STOCK"
    message = _("Sản phẩm không còn đủ hàng cho số lượng này.")

    def __init__(self, *, product_name: str, unit: str, available: int, line_id: int | None = None):
        self.line_id, self.available = line_id, available
        if available:
            message = _("“%(name)s” chỉ còn %(available)d %(unit)s.") % {
                "name": product_name,
                "available": available,
                "unit": unit,
            }
        else:
            message = _("“%(name)s” đã hết hàng.") % {"name": product_name}
        super().__init__(message, field="lines")


class PriceChanged(DomainError):
    code = "PRICE_CHANGED"
    message = _("Giá một số sản phẩm vừa thay đổi. Hãy xem lại giỏ hàng rồi đặt lại.")


class ShippingAddressRequired(DomainError):
    code = "SHIPPING_ADDRESS_REQUIRED"
    message = _("Hãy nhập địa chỉ nhận hàng (người nhận, số điện thoại, xã/phường, địa chỉ).")


class SellerNotInCheckout(DomainError):
    code = "SELLER_NOT_IN_CHECKOUT"
    message = _("Giỏ hàng không có sản phẩm nào của người bán này.")


class PaymentMethodUnavailable(DomainError):
    code = "PAYMENT_METHOD_UNAVAILABLE"
    message = _("Phương thức thanh toán này hiện chưa dùng được. Hãy chọn phương thức khác.")


class OrderNotFound(DomainError):
    code = "ORDER_NOT_FOUND"
    message = _("Không tìm thấy đơn hàng.")


class ReasonRequired(errors.ReasonRequired):
    message = _("Hãy cho người mua biết lý do huỷ đơn.")


class TrackingNumberRequired(DomainError):
    code = "TRACKING_NUMBER_REQUIRED"
    message = _("Đơn gửi bưu điện cần mã vận đơn để người mua theo dõi.")


class PaymentGroupNotFound(DomainError):
    code = "PAYMENT_GROUP_NOT_FOUND"
    message = _("Không tìm thấy mã thanh toán (TT…) này.")


class AmountMismatch(DomainError):
    code = "AMOUNT_MISMATCH"
    message = _("Số tiền nhận được khác số tiền phải trả của đơn; khoản này sẽ được đối soát và hoàn lại.")


class PaymentGroupClosed(DomainError):
    """Money arrived for a group that expired or was cancelled: the provider must refund it."""

    code = "PAYMENT_GROUP_CLOSED"
    message = _("Đơn đã hết hạn hoặc đã huỷ trước khi nhận được tiền; khoản thanh toán sẽ được hoàn lại.")
