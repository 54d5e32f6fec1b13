"""Carts (checkouts), the payment group a buyer pays once, and one order per seller."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryMethod(models.TextChoices):
    SELLER = "seller", _("Người bán tự giao")
    POST = "post", _("Gửi qua bưu điện")
    PICKUP = "pickup", _("Nhận tại cơ sở")


class PaymentMethod(models.TextChoices):
    VNPAY = "vnpay", _("VNPay (thẻ, QR)")
    WALLET = "wallet", _("Ví Chợ Số")
    MOMO = "momo", _("Ví MoMo")
    BANK_TRANSFER = "bank_transfer", _("Chuyển khoản (VietQR)")
    COD = "cod", _("Thanh toán khi nhận hàng")


class ShippingAddress(models.Model):
    """Where the goods go, in the 2025 two-level structure (province → commune)."""

    recipient_name = models.CharField(_("người nhận"), max_length=150, blank=True)
    recipient_phone = models.CharField(_("số điện thoại người nhận"), max_length=16, blank=True)
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh, thành phố"),
    )
    commune = models.ForeignKey(
        "regions.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    street_line = models.CharField(_("số nhà, đường, thôn/xóm"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def has_shipping_address(self) -> bool:
        return bool(self.recipient_name and self.recipient_phone and self.commune_id and self.street_line)


class Checkout(ShippingAddress):
    """A cart. The token is its public ID: it is all an anonymous buyer holds."""

    token = models.UUIDField(_("mã giỏ"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkouts",
        verbose_name=_("người mua"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    completed_at = models.DateTimeField(_("đặt hàng lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giỏ hàng")
        verbose_name_plural = _("giỏ hàng")
        constraints = [
            # A signed-in buyer has one open cart, whatever device they add from.
            models.UniqueConstraint(
                fields=["user"], condition=Q(completed_at__isnull=True), name="checkout_one_open_per_user"
            ),
        ]

    def __str__(self):
        return str(self.token)


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(
        Checkout, on_delete=models.CASCADE, related_name="lines", verbose_name=_("giỏ hàng")
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+", verbose_name=_("loại hàng")
    )
    quantity = models.PositiveIntegerField(_("số lượng"))
    # The price the buyer was last shown; checkoutComplete refuses to charge a different one.
    unit_price = models.BigIntegerField(_("đơn giá đã báo (VND)"))
    # The price before a change checkoutComplete refused over: shown crossed out beside the new
    # one until the buyer acts on it (changes the line or completes at the new price).
    previous_unit_price = models.BigIntegerField(_("đơn giá trước khi đổi (VND)"), null=True, blank=True)
    created_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("dòng giỏ hàng")
        verbose_name_plural = _("dòng giỏ hàng")
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_variant_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="checkout_line_quantity_positive"),
        ]


class CheckoutDelivery(models.Model):
    """The delivery method the buyer chose for one seller's part of the cart."""

    checkout = models.ForeignKey(
        Checkout, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("giỏ hàng")
    )
    business = models.ForeignKey(
        "businesses.Business", on_delete=models.CASCADE, related_name="+", verbose_name=_("người bán")
    )
    method = models.CharField(_("cách giao"), max_length=8, choices=DeliveryMethod.choices)
    # The fee the buyer was quoted for this seller's delivery, as for line prices:
    # checkoutComplete refuses once when the seller has changed it since.
    quoted_fee = models.BigIntegerField(_("phí giao đã báo (VND)"), null=True, blank=True)
    # The fee before a change checkoutComplete refused over, shown until the buyer acts on it.
    previous_fee = models.BigIntegerField(_("phí giao trước khi đổi (VND)"), null=True, blank=True)

    class Meta:
        verbose_name = _("cách giao đã chọn")
        verbose_name_plural = _("cách giao đã chọn")
        constraints = [
            models.UniqueConstraint(fields=["checkout", "business"], name="checkout_delivery_unique"),
        ]


class PaymentGroup(models.Model):
    """What the buyer pays once for all the orders one checkout became."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        CASH_ON_DELIVERY = "cod", _("Thu tiền khi giao")
        FAILED = "failed", _("Thanh toán không thành công")
        EXPIRED = "expired", _("Hết hạn thanh toán")
        CANCELLED = "cancelled", _("Người mua đã huỷ")
        REFUNDED = "refunded", _("Đã hoàn tiền")

    number = models.CharField(_("mã thanh toán"), max_length=20, unique=True)
    # Unique: completing the same checkout again finds this group instead of making another.
    checkout = models.OneToOneField(
        Checkout, on_delete=models.PROTECT, related_name="payment_group", verbose_name=_("giỏ hàng")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người mua"),
    )
    method = models.CharField(_("phương thức"), max_length=16, choices=PaymentMethod.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices)
    amount = models.BigIntegerField(_("số tiền (VND)"))
    expires_at = models.DateTimeField(_("hạn thanh toán"), null=True, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần thanh toán")
        verbose_name_plural = _("lần thanh toán")
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_group_amount_positive")
        ]

    def __str__(self):
        return self.number


class Order(ShippingAddress):
    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        PLACED = "placed", _("Đã đặt (thu tiền khi giao)")
        CONFIRMED = "confirmed", _("Người bán đã xác nhận")
        SHIPPED = "shipped", _("Đang giao")
        DELIVERED = "delivered", _("Đã giao")
        COMPLETED = "completed", _("Hoàn tất")
        CANCELLED = "cancelled", _("Đã huỷ")
        REFUND_REQUESTED = "refund_requested", _("Chờ hoàn tiền")
        REFUNDED = "refunded", _("Đã hoàn tiền")

    number = models.CharField(_("mã đơn"), max_length=20, unique=True)
    payment_group = models.ForeignKey(
        PaymentGroup, on_delete=models.PROTECT, related_name="orders", verbose_name=_("lần thanh toán")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("người mua"),
    )
    buyer_email = models.EmailField(_("e-mail người mua"), blank=True)
    business = models.ForeignKey(
        "businesses.Business", on_delete=models.PROTECT, related_name="orders", verbose_name=_("người bán")
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices)
    payment_method = models.CharField(
        _("phương thức thanh toán"), max_length=16, choices=PaymentMethod.choices
    )
    delivery_method = models.CharField(_("cách giao"), max_length=8, choices=DeliveryMethod.choices)
    subtotal = models.BigIntegerField(_("tiền hàng (VND)"))
    delivery_fee = models.BigIntegerField(_("phí giao (VND)"))
    total = models.BigIntegerField(_("tổng (VND)"))
    # Fixed at placement: a later change of the seller's rate never rewrites past orders.
    commission_rate_bps = models.PositiveIntegerField(_("hoa hồng (phần vạn)"))
    commission = models.BigIntegerField(_("hoa hồng (VND)"))
    seller_net = models.BigIntegerField(_("người bán nhận (VND)"))
    carrier = models.CharField(_("đơn vị vận chuyển"), max_length=80, blank=True)
    tracking_number = models.CharField(_("mã vận đơn"), max_length=64, blank=True)
    cancel_reason = models.TextField(_("lý do huỷ"), blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đặt lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đơn hàng")
        verbose_name_plural = _("đơn hàng")
        indexes = [
            models.Index(fields=["business", "-created_at"]),
            models.Index(fields=["buyer", "-created_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("delivery_fee")), name="order_total_adds_up"
            ),
            models.CheckConstraint(
                condition=Q(seller_net=models.F("total") - models.F("commission")),
                name="order_seller_net_adds_up",
            ),
        ]

    def __str__(self):
        return self.number


class OrderLine(models.Model):
    """A copy of what was bought: names and prices stay as sold even if the product changes."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("đơn hàng")
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loại hàng"),
    )
    product_id_at_sale = models.BigIntegerField(_("mã sản phẩm lúc bán"), null=True, blank=True)
    product_name = models.CharField(_("sản phẩm"), max_length=200)
    variant_name = models.CharField(_("loại hàng"), max_length=120)
    sku = models.CharField(_("mã SKU"), max_length=64)
    unit = models.CharField(_("đơn vị"), max_length=32)
    unit_price = models.BigIntegerField(_("đơn giá (VND)"))
    quantity = models.PositiveIntegerField(_("số lượng"))
    line_total = models.BigIntegerField(_("thành tiền (VND)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("dòng đơn hàng")
        verbose_name_plural = _("dòng đơn hàng")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
        ]


class OrderEvent(models.Model):
    """Every transition, with who made it (null: the system) and why."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("đơn hàng")
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện (trống: hệ thống)"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sự kiện đơn hàng")
        verbose_name_plural = _("nhật ký đơn hàng")


class NumberCounter(models.Model):
    """The last number handed out per prefix and local day (`DH261122` → 17)."""

    key = models.CharField(max_length=12, primary_key=True)
    last = models.PositiveIntegerField(default=0)


class SideEffect(models.Model):
    """One outbox row of the order flow: a call to the outside world (start a payment, refund,
    notify) that an order change needs.

    Written in the same transaction as the change, so a committed order never misses its side
    effect and a rolled-back one never has it; applied after the commit by
    `orders.services.outbox` (in the web process, or by `manage.py orders_worker`), retried with
    backoff until it succeeds. Unique per (kind, key): a retried request cannot queue it twice."""

    class Kind(models.TextChoices):
        PAYMENT_START = "payment_start", _("bắt đầu thanh toán")
        REFUND = "refund", _("hoàn tiền")
        NOTIFY = "notify", _("thông báo")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    # What it is about, unique within its kind: TT… for a payment, DH… for a refund,
    # "<event>:DH…:<backend>" for a notification.
    key = models.CharField(_("đối tượng"), max_length=255)
    payload = models.JSONField(_("dữ liệu gửi đi"), default=dict, blank=True)
    result = models.JSONField(_("kết quả"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    # Due time; also pushed forward while an attempt runs, so no other process takes the row.
    next_attempt_at = models.DateTimeField(_("thử lúc"), default=timezone.now)
    done_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("việc chờ gửi đi")
        verbose_name_plural = _("việc chờ gửi đi (outbox đơn hàng)")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="orders_side_effect_once")]
        indexes = [models.Index(fields=["done_at", "next_attempt_at"], name="orders_side_effect_due")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}"
