"""The double-entry ledger, shaped like TigerBeetle's: accounts with posted and pending debit
and credit totals, transfers from one account to another, journal entries grouping the
transfers of one business event under a unique idempotency key.

Which accounts may go negative is data (the two flags), enforced by CHECK constraints on the
account row as well as by `ledger_post`. Entries and transfers are append-only; PostgreSQL
refuses UPDATE and DELETE on them by trigger (migration 0004_ledger_append_only)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class LedgerAccount(models.Model):
    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Tài khoản của sàn")
        BUSINESS = "business", _("Phải trả người bán")
        WALLET = "wallet", _("Ví người dùng")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    business = models.OneToOneField(
        "businesses.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_account",
        verbose_name=_("người bán"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_account",
        verbose_name=_("người dùng"),
    )
    debits_posted = models.BigIntegerField(_("tổng ghi nợ (VND)"), default=0)
    credits_posted = models.BigIntegerField(_("tổng ghi có (VND)"), default=0)
    debits_pending = models.BigIntegerField(_("ghi nợ đang giữ (VND)"), default=0)
    credits_pending = models.BigIntegerField(_("ghi có đang giữ (VND)"), default=0)
    # TigerBeetle's flags. A credit-normal account that must never be overdrawn (escrow,
    # revenue, a wallet) sets the first; a debit-normal one (money owed to us by a gateway) the
    # second; an account that may go either way (a seller's payable, netted with COD debts)
    # sets neither.
    debits_must_not_exceed_credits = models.BooleanField(_("không được âm"), default=False)
    credits_must_not_exceed_debits = models.BooleanField(_("không được dương"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài khoản sổ cái")
        verbose_name_plural = _("tài khoản sổ cái")
        constraints = [
            models.CheckConstraint(
                condition=Q(debits_posted__gte=0)
                & Q(credits_posted__gte=0)
                & Q(debits_pending__gte=0)
                & Q(credits_pending__gte=0),
                name="ledger_account_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(debits_must_not_exceed_credits=False)
                | Q(credits_posted__gte=F("debits_posted") + F("debits_pending")),
                name="ledger_account_debits_within_credits",
            ),
            models.CheckConstraint(
                condition=Q(credits_must_not_exceed_debits=False)
                | Q(debits_posted__gte=F("credits_posted") + F("credits_pending")),
                name="ledger_account_credits_within_debits",
            ),
            models.CheckConstraint(
                condition=~(Q(debits_must_not_exceed_credits=True) & Q(credits_must_not_exceed_debits=True)),
                name="ledger_account_one_direction_flag",
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def balance(self) -> int:
        """Credit-normal posted balance: what the platform owes this account's holder."""
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        """The posted balance less what pending transfers out of it hold."""
        return self.credits_posted - self.debits_posted - self.debits_pending


class JournalEntry(models.Model):
    """The transfers of one business event (a payment, a release, a refund, a payout), written in
    one transaction. `key` makes the event happen once: a replay with the same `digest` returns
    this entry, one with other fields is refused."""

    key = models.CharField(_("khoá chống lặp"), max_length=120, unique=True)
    kind = models.CharField(_("loại nghiệp vụ"), max_length=40)
    digest = models.CharField(_("dấu vân tay nội dung"), max_length=64)
    memo = models.CharField(_("diễn giải"), max_length=255, blank=True)
    order_number = models.CharField(_("mã đơn"), max_length=20, blank=True, db_index=True)
    business = models.ForeignKey(
        "businesses.Business",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người bán"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện (trống: hệ thống)"),
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bút toán")
        verbose_name_plural = _("bút toán")

    def __str__(self):
        return self.key


class Transfer(models.Model):
    class Phase(models.TextChoices):
        POSTED = "posted", _("Ghi sổ")
        PENDING = "pending", _("Tạm giữ")
        POST_PENDING = "post_pending", _("Ghi sổ khoản tạm giữ")
        VOID_PENDING = "void_pending", _("Huỷ khoản tạm giữ")

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("bút toán")
    )
    debit_account = models.ForeignKey(
        LedgerAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("ghi nợ")
    )
    credit_account = models.ForeignKey(
        LedgerAccount, on_delete=models.PROTECT, related_name="+", verbose_name=_("ghi có")
    )
    amount = models.BigIntegerField(_("số tiền (VND)"))
    phase = models.CharField(_("giai đoạn"), max_length=12, choices=Phase.choices, default=Phase.POSTED)
    # For post_pending and void_pending: the pending transfer this resolves (once: unique).
    pending = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolution",
        verbose_name=_("khoản tạm giữ"),
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("chuyển khoản sổ cái")
        verbose_name_plural = _("chuyển khoản sổ cái")
        indexes = [
            models.Index(fields=["debit_account", "phase"], name="ledger_transfer_debit"),
            models.Index(fields=["credit_account", "phase"], name="ledger_transfer_credit"),
        ]
        constraints = [
            # A void carries the whole pending amount; a post may post part of it (the rest is
            # released at the same moment).
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_transfer_amount_positive"),
            models.CheckConstraint(
                condition=~Q(debit_account=F("credit_account")), name="ledger_transfer_two_accounts"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=["posted", "pending"], pending__isnull=True)
                | Q(phase__in=["post_pending", "void_pending"], pending__isnull=False),
                name="ledger_transfer_resolution_names_pending",
            ),
        ]

    def __str__(self):
        return f"{self.debit_account_id} → {self.credit_account_id}: {self.amount}"
