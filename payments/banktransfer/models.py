from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BankTransaction(models.Model):
    """One credit to the platform's collection account, as the bank reported it (a statement
    line or a notification). Recorded once per bank transaction id whatever the source and
    however often it is reported; matched to a payment attempt or queued for the operator."""

    class Source(models.TextChoices):
        STATEMENT = "statement", _("Sao kê")
        WEBHOOK = "webhook", _("Thông báo của ngân hàng")

    class Status(models.TextChoices):
        MATCHED = "matched", _("Đã khớp")
        SHORT = "short", _("Chuyển thiếu")
        OVER = "over", _("Chuyển thừa")
        UNMATCHED = "unmatched", _("Không rõ khoản thanh toán")
        ALREADY_PAID = "already_paid", _("Khoản thanh toán đã được trả")
        RETURNED = "returned", _("Trả lại người chuyển")
        IGNORED = "ignored", _("Không phải tiền hàng")
        # Booked to escrow for a bill no longer awaiting it; a refund is held for the payer.
        LATE = "late", _("Đến muộn, chờ hoàn lại người chuyển")

    # What the operator still decides on with bankTransferMatch.
    DECIDE = (Status.SHORT, Status.OVER, Status.UNMATCHED, Status.ALREADY_PAID)
    # What the operator's queue lists: those, and late money until its refund is recorded sent.
    QUEUE = (*DECIDE, Status.LATE)

    bank_transaction_id = models.CharField(_("mã giao dịch ngân hàng"), max_length=64, unique=True)
    amount = models.BigIntegerField(_("số tiền (VND)"))
    description = models.CharField(_("nội dung chuyển khoản"), max_length=500, blank=True)
    credited_at = models.DateTimeField(_("ghi có lúc"))
    source = models.CharField(_("nguồn"), max_length=12, choices=Source.choices)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices)
    # The payment reference read from the description (or chosen by the operator).
    reference = models.CharField(_("mã thanh toán"), max_length=32, blank=True)
    attempt = models.ForeignKey(
        "payments.PaymentAttempt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_transactions",
        verbose_name=_("lượt thanh toán"),
    )
    # payment_collected's outcome when matched: "paid", or "late" (refunded by the operator).
    outcome = models.CharField(_("kết quả ghi nhận"), max_length=12, blank=True)
    # Where the money came from, when the bank says: a bank-transfer refund goes back there.
    payer_bank_bin = models.CharField(_("ngân hàng người chuyển"), max_length=6, blank=True)
    payer_account_number = models.CharField(_("tài khoản người chuyển"), max_length=19, blank=True)
    payer_name = models.CharField(_("tên người chuyển"), max_length=70, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập sao kê"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-credited_at", "-pk"]
        verbose_name = _("giao dịch ngân hàng")
        verbose_name_plural = _("giao dịch ngân hàng")
        indexes = [models.Index(fields=["status", "credited_at"], name="bank_transaction_queue")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bank_transaction_amount_positive"),
            # A matched credit always names the attempt it paid.
            models.CheckConstraint(
                condition=~Q(status="matched") | Q(attempt__isnull=False),
                name="bank_transaction_matched_has_attempt",
            ),
        ]

    def __str__(self):
        return self.bank_transaction_id

    @property
    def late_refund(self):
        """The refund held for late money (settlement's `Refund.attempt`), or None."""
        if self.status != self.Status.LATE or self.attempt is None:
            return None
        return getattr(self.attempt, "late_refund", None)

    @property
    def in_queue(self) -> bool:
        if self.status == self.Status.LATE:
            refund = self.late_refund
            # Sent back (succeeded): done. Pending, failed or missing: the money is still ours.
            return refund is None or refund.status != "succeeded"
        return self.status in self.DECIDE
