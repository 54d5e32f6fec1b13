"""One try at paying a payment group through a gateway or a bank transfer. Its `reference` is
what the gateway (VNPay's vnp_TxnRef) or the buyer's bank transfer (the VietQR purpose) carries
back, so callbacks find the attempt and the group it pays."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orders.models import PaymentMethod


class PaymentAttempt(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        PAID = "paid", _("Đã nhận tiền")
        FAILED = "failed", _("Không thành công")
        # Money that arrived for a group already paid, expired or cancelled: it is refunded.
        LATE = "late", _("Tiền đến muộn, hoàn lại")

    # What the money pays: a payment group of orders, or a wallet's top-up (exactly one).
    group = models.ForeignKey(
        "orders.PaymentGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("lần thanh toán"),
    )
    top_up_wallet = models.ForeignKey(
        "payments.Wallet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="top_up_attempts",
        verbose_name=_("nạp vào ví"),
    )
    method = models.CharField(_("phương thức"), max_length=16, choices=PaymentMethod.choices)
    reference = models.CharField(_("mã giao dịch của sàn"), max_length=32, unique=True)
    amount = models.BigIntegerField(_("số tiền (VND)"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    gateway_transaction_no = models.CharField(_("mã giao dịch cổng/ngân hàng"), max_length=64, blank=True)
    response_code = models.CharField(_("mã kết quả"), max_length=8, blank=True)
    payer_ip = models.GenericIPAddressField(_("IP người trả"), null=True, blank=True)
    # The gateway's callback fields as received (no card numbers are ever sent to the merchant).
    raw = models.JSONField(_("dữ liệu cổng trả về"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    settled_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lượt thanh toán")
        verbose_name_plural = _("lượt thanh toán")
        indexes = [models.Index(fields=["status", "created_at"], name="payment_attempt_due")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_attempt_amount_positive"),
            models.CheckConstraint(
                condition=Q(group__isnull=False, top_up_wallet__isnull=True)
                | Q(group__isnull=True, top_up_wallet__isnull=False),
                name="payment_attempt_pays_one_thing",
            ),
        ]

    def __str__(self):
        return self.reference
