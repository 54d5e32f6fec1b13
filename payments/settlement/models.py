"""What each order's money became (`OrderSettlement`), refunds, and payouts to sellers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class OrderSettlement(models.Model):
    """What an order's sale released from escrow: the goods and delivery kept (after partial
    refunds, goods first), the platform's commission, the VAT and PIT withheld under Decree
    117/2025 and what the seller nets. One per order; a refund voided after the release adds to
    it (each release entry moves the difference)."""

    class Source(models.TextChoices):
        RELEASE = "release", _("Giải ngân khi đơn hoàn tất")
        COD = "cod", _("Thu tiền khi giao (COD)")

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="settlement", verbose_name=_("đơn hàng")
    )
    business = models.ForeignKey(
        "businesses.Business", on_delete=models.PROTECT, related_name="+", verbose_name=_("người bán")
    )
    source = models.CharField(_("nguồn"), max_length=8, choices=Source.choices)
    business_kind = models.CharField(_("loại hình người bán lúc bán"), max_length=20)
    withheld = models.BooleanField(_("thuộc diện khấu trừ thuế"), default=False)
    goods_base = models.BigIntegerField(_("tiền hàng giữ lại (VND)"))
    delivery_base = models.BigIntegerField(_("phí giao giữ lại (VND)"))
    commission = models.BigIntegerField(_("hoa hồng (VND)"))
    vat_withheld = models.BigIntegerField(_("thuế GTGT khấu trừ (VND)"))
    pit_withheld = models.BigIntegerField(_("thuế TNCN khấu trừ (VND)"))
    seller_net = models.BigIntegerField(_("người bán nhận (VND)"))
    entry = models.ForeignKey(
        "payments.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("bút toán gần nhất"),
    )
    released_at = models.DateTimeField(_("giải ngân lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("quyết toán đơn hàng")
        verbose_name_plural = _("quyết toán đơn hàng")
        indexes = [models.Index(fields=["business", "released_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    seller_net=F("goods_base")
                    + F("delivery_base")
                    - F("commission")
                    - F("vat_withheld")
                    - F("pit_withheld")
                ),
                name="settlement_seller_net_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(goods_base__gte=0, delivery_base__gte=0, commission__gte=0),
                name="settlement_amounts_not_negative",
            ),
        ]

    @property
    def gross(self) -> int:
        return self.goods_base + self.delivery_base

    @property
    def withheld_total(self) -> int:
        return self.vat_withheld + self.pit_withheld

    def __str__(self):
        return f"{self.order_id}"


class Refund(models.Model):
    """Money going back to the buyer from escrow, by the method it came: held (pending) when
    asked, posted when the gateway or the operator confirms, voided if it definitively fails."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang hoàn")
        SUCCEEDED = "succeeded", _("Đã hoàn")
        FAILED = "failed", _("Không hoàn được")

    # An order's refund; or money that arrived for a group no longer awaiting it (`attempt`).
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("đơn hàng"),
    )
    attempt = models.OneToOneField(
        "payments.PaymentAttempt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="late_refund",
        verbose_name=_("giao dịch đến muộn"),
    )
    amount = models.BigIntegerField(_("số tiền (VND)"))
    full = models.BooleanField(_("hoàn toàn bộ"), default=False)
    method = models.CharField(_("phương thức"), max_length=16)
    reason = models.TextField(_("lý do"))
    # The client's key for one refund request: a retried request returns the first refund.
    idempotency_key = models.CharField(_("khoá chống lặp"), max_length=64, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    hold = models.ForeignKey(
        "payments.Transfer",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("khoản giữ trên sổ cái"),
    )
    # The gateway's refund transaction, or the bank reference of the transfer back.
    reference = models.CharField(_("mã giao dịch hoàn"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # A gateway answer that contradicts how the refund was already settled (an operator's mark):
    # the ledger is not changed again; finance must check the gateway's portal and correct it.
    conflict = models.TextField(_("mâu thuẫn cần kiểm tra"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("người yêu cầu (trống: hệ thống)"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Claimed once before the gateway is asked: a retry never asks it to refund twice.
    dispatched_at = models.DateTimeField(_("gửi cổng thanh toán lúc"), null=True, blank=True)
    # A late refund that failed is tried again by finance (refundRetry): held anew each time.
    tries = models.PositiveSmallIntegerField(_("lần thử"), default=1)
    resolved_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(
                condition=Q(order__isnull=False) | Q(attempt__isnull=False), name="refund_of_order_or_attempt"
            ),
            models.UniqueConstraint(
                fields=["order", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="refund_idempotency_key_per_order",
            ),
        ]

    def __str__(self):
        return f"HT{self.pk}"


class PayoutBatch(models.Model):
    """One settlement run: the bank transfer file the operator uploads to the bank."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("người chạy (trống: lịch tự động)"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đợt chi trả")
        verbose_name_plural = _("đợt chi trả")

    def __str__(self):
        return f"CT{self.pk}"


class Payout(models.Model):
    """A bank transfer of a seller's payable to its registered account: held in transit until
    the operator marks it paid, or failed (the money returns to the payable)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chuyển")
        PAID = "paid", _("Đã chuyển")
        FAILED = "failed", _("Chuyển không thành công")

    batch = models.ForeignKey(
        PayoutBatch, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("đợt chi trả")
    )
    business = models.ForeignKey(
        "businesses.Business", on_delete=models.PROTECT, related_name="+", verbose_name=_("người bán")
    )
    amount = models.BigIntegerField(_("số tiền (VND)"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING)
    # The receiving account as it was when the payout was made (the seller may change it later).
    bank_bin = models.CharField(_("mã ngân hàng (BIN)"), max_length=8)
    bank_account_number = models.CharField(_("số tài khoản"), max_length=32)
    bank_account_name = models.CharField(_("chủ tài khoản"), max_length=100)
    hold = models.ForeignKey(
        "payments.Transfer",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("khoản giữ trên sổ cái"),
    )
    reference = models.CharField(_("mã giao dịch ngân hàng"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("khoản chi trả")
        verbose_name_plural = _("khoản chi trả")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            # A business has one payout in transit at a time: a run racing itself or a second
            # run before the operator marks the first pays nothing twice.
            models.UniqueConstraint(
                fields=["business"], condition=Q(status="pending"), name="payout_one_pending_per_business"
            ),
        ]

    def __str__(self):
        return f"CT{self.batch_id}-{self.pk}"
