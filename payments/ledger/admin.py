"""The ledger in the back office, to look things up only: money moves through `ledger_post`,
never by a hand edit (and on PostgreSQL the database refuses one anyway)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.admin_actions import ReadOnlyAdmin
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "balance_vnd", "available_vnd", "pending_vnd", "flags")
    list_filter = ("kind", "debits_must_not_exceed_credits", "credits_must_not_exceed_debits")
    search_fields = ("code", "name")
    readonly_fields = (
        "code",
        "name",
        "kind",
        "business",
        "user",
        "balance_vnd",
        "available_vnd",
        "debits_posted",
        "credits_posted",
        "debits_pending",
        "credits_pending",
        "debits_must_not_exceed_credits",
        "credits_must_not_exceed_debits",
        "created_at",
    )
    fields = readonly_fields

    @admin.display(description=_("số dư (VND)"))
    def balance_vnd(self, account):
        return _vnd(account.balance)

    @admin.display(description=_("khả dụng (VND)"))
    def available_vnd(self, account):
        return _vnd(account.available)

    @admin.display(description=_("đang giữ chuyển đi (VND)"))
    def pending_vnd(self, account):
        return _vnd(account.debits_pending)

    @admin.display(description=_("giới hạn"))
    def flags(self, account):
        if account.debits_must_not_exceed_credits:
            return _("không được âm")
        if account.credits_must_not_exceed_debits:
            return _("không được dương")
        return "—"


class TransferInline(admin.TabularInline):
    model = Transfer
    fk_name = "entry"
    extra = 0
    can_delete = False
    readonly_fields = ("debit_account", "credit_account", "amount", "phase", "pending", "created_at")
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("debit_account", "credit_account")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("key", "kind", "order_number", "business", "memo", "created_at")
    list_filter = ("kind",)
    search_fields = ("key", "order_number")
    list_select_related = ("business",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "key",
        "kind",
        "memo",
        "order_number",
        "business",
        "created_by",
        "digest",
        "created_at",
    )
    fields = readonly_fields
    inlines = [TransferInline]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("number", "entry", "debit_account", "credit_account", "amount", "phase", "created_at")
    list_filter = ("phase",)
    search_fields = ("entry__key", "debit_account__code", "credit_account__code")
    list_select_related = ("entry", "debit_account", "credit_account")
    readonly_fields = ("entry", "debit_account", "credit_account", "amount", "phase", "pending", "created_at")
    fields = readonly_fields

    @admin.display(description=_("số"), ordering="pk")
    def number(self, transfer):
        return transfer.pk
