"""Mobile-Money-style wallets on the ledger: a personal wallet per verified person, a merchant
wallet per approved business. The money is the wallet's ledger account (`wallet:<id>`, never
negative); these rows hold who owns it, the PIN, the locks, the monthly cap's usage and the
operations people see on their statement."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Wallet(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Ví cá nhân")
        MERCHANT = "merchant", _("Ví người bán")

    class Status(models.TextChoices):
        # Opened, the phone's one-time code not entered yet: moves nothing.
        UNVERIFIED = "unverified", _("Chờ xác minh số điện thoại")
        ACTIVE = "active", _("Đang hoạt động")

    kind = models.CharField(_("loại ví"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wallet",
        verbose_name=_("chủ ví (cá nhân)"),
    )
    business = models.OneToOneField(
        "businesses.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wallet",
        verbose_name=_("người bán (ví người bán)"),
    )
    account = models.OneToOneField(
        "payments.LedgerAccount",
        on_delete=models.PROTECT,
        related_name="wallet",
        verbose_name=_("tài khoản sổ cái"),
    )
    phone = models.CharField(_("số điện thoại"), max_length=16, help_text="E.164, +84…")
    holder_name = models.CharField(_("tên chủ ví"), max_length=150)
    # The ID number (CCCD) is personal data: kept as a keyed digest (one wallet per person is a
    # unique constraint on it) and its last digits for the owner to recognise.
    id_number_digest = models.CharField(
        _("dấu số định danh"), max_length=64, null=True, blank=True, unique=True
    )
    id_number_last4 = models.CharField(_("4 số cuối CCCD"), max_length=4, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác minh số điện thoại lúc"), null=True, blank=True)
    pin_hash = models.CharField(_("mã PIN (đã băm)"), max_length=128, blank=True)
    pin_failures = models.PositiveSmallIntegerField(_("số lần sai PIN liên tiếp"), default=0)
    pin_locked_until = models.DateTimeField(_("khoá PIN đến"), null=True, blank=True)
    # Frozen by its owner (lost phone) or by an operator (investigation): moves nothing out.
    frozen_at = models.DateTimeField(_("đóng băng lúc"), null=True, blank=True)
    frozen_by_operator = models.BooleanField(_("đóng băng bởi nhân viên"), default=False)
    frozen_reason = models.CharField(_("lý do đóng băng"), max_length=500, blank=True)
    # The bank account withdrawals go to (a personal wallet's own, in the holder's name; a merchant
    # wallet pays out to the business's receiving account instead).
    bank_bin = models.CharField(_("ngân hàng nhận tiền rút (BIN)"), max_length=6, blank=True)
    bank_account_number = models.CharField(_("số tài khoản nhận tiền rút"), max_length=19, blank=True)
    bank_holder_name = models.CharField(_("chủ tài khoản nhận tiền rút"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ví điện tử")
        verbose_name_plural = _("ví điện tử")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="personal", user__isnull=False, business__isnull=True)
                | Q(kind="merchant", user__isnull=True, business__isnull=False),
                name="wallet_owner_matches_kind",
            ),
            # One personal wallet per phone number (a merchant wallet shows the shop's phone).
            models.UniqueConstraint(
                fields=["phone"], condition=Q(kind="personal"), name="wallet_personal_phone"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} — {self.holder_name}"

    @property
    def is_personal(self) -> bool:
        return self.kind == self.Kind.PERSONAL

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class WalletMonthlyUsage(models.Model):
    """What a personal wallet has sent out (withdrawals + transfers + payments) in one calendar
    month in Asia/Ho_Chi_Minh. Raised with the wallet row locked, in the debit's transaction, so
    parallel debits never pass WALLET_MONTHLY_CAP together; given back when a held transfer is
    cancelled or a withdrawal rejected."""

    wallet = models.ForeignKey(Wallet, on_delete=models.PROTECT, related_name="monthly_usage")
    month = models.DateField(_("tháng (ngày 1)"))
    debited = models.BigIntegerField(_("đã chi trong tháng (VND)"), default=0)

    class Meta:
        verbose_name = _("hạn mức tháng đã dùng")
        verbose_name_plural = _("hạn mức tháng đã dùng")
        constraints = [
            models.UniqueConstraint(fields=["wallet", "month"], name="wallet_usage_one_per_month"),
            models.CheckConstraint(condition=Q(debited__gte=0), name="wallet_usage_not_negative"),
        ]


class WalletOperation(models.Model):
    """One thing the owner did or that happened to the wallet (a statement line's story): its
    ledger entries carry keys `wallet:<operation id>:<step>`."""

    class Kind(models.TextChoices):
        TOP_UP = "top_up", _("Nạp tiền")
        PAYMENT = "payment", _("Thanh toán đơn hàng")
        TRANSFER = "transfer", _("Chuyển tiền")
        WITHDRAWAL = "withdrawal", _("Rút về ngân hàng")
        REFUND = "refund", _("Hoàn tiền đơn hàng")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang xử lý")  # a top-up awaiting the gateway, a withdrawal the operator
        HELD = "held", _("Đang tạm giữ")  # a transfer in its cooling-off period
        COMPLETED = "completed", _("Thành công")
        CANCELLED = "cancelled", _("Đã huỷ")
        REJECTED = "rejected", _("Bị từ chối, đã hoàn lại")
        FAILED = "failed", _("Không thành công")

    wallet = models.ForeignKey(
        Wallet, on_delete=models.PROTECT, related_name="operations", verbose_name=_("ví")
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices)
    amount = models.BigIntegerField(_("số tiền (VND)"))
    # Public reference shown to people and support (e.g. VI2612010001).
    reference = models.CharField(_("mã giao dịch"), max_length=20, unique=True)
    idempotency_key = models.CharField(_("khoá chống lặp"), max_length=64, blank=True)
    digest = models.CharField(_("dấu vân tay yêu cầu"), max_length=64, blank=True)
    counterparty = models.ForeignKey(
        Wallet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_operations",
        verbose_name=_("ví nhận"),
    )
    payment_group = models.ForeignKey(
        "orders.PaymentGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attempt = models.ForeignKey(
        "payments.PaymentAttempt", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bank_account = models.JSONField(_("tài khoản ngân hàng nhận"), default=dict, blank=True)
    # The hold (a pending ledger transfer) of a held transfer or a withdrawal, and when it posts.
    hold = models.OneToOneField(
        "payments.Transfer", on_delete=models.PROTECT, null=True, blank=True, related_name="wallet_operation"
    )
    hold_until = models.DateTimeField(_("tự chuyển lúc"), null=True, blank=True)
    hold_reason = models.CharField(_("lý do tạm giữ"), max_length=255, blank=True)
    # The month whose cap this debit counted against (given back there if it is undone).
    cap_month = models.DateField(_("tính vào hạn mức tháng"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    settled_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("giao dịch ví")
        verbose_name_plural = _("giao dịch ví")
        indexes = [
            models.Index(fields=["wallet", "kind", "created_at"], name="wallet_op_recent"),
            models.Index(fields=["status", "hold_until"], name="wallet_op_hold_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="wallet_op_amount_positive"),
            models.UniqueConstraint(
                fields=["wallet", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="wallet_op_idempotency_key",
            ),
        ]

    def __str__(self):
        return self.reference


class WalletAudit(models.Model):
    """Who froze, unfroze or locked a wallet, and why: kept for investigations."""

    wallet = models.ForeignKey(Wallet, on_delete=models.PROTECT, related_name="audit", verbose_name=_("ví"))
    action = models.CharField(_("việc"), max_length=40)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện (trống: hệ thống)"),
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("nhật ký ví")
        verbose_name_plural = _("nhật ký ví")
