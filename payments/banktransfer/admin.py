"""Incoming transfers and sellers' receiving accounts in the back office, to look things up
only: credits are recorded by the statement import and the webhook and resolved through
`bankTransferMatch`; a receiving account is set by the business's owner (`businessBankAccountSet`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.admin_actions import ReadOnlyAdmin
from payments.banks.models import BusinessBankAccount
from payments.banktransfer.models import BankTransaction


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@admin.register(BankTransaction)
class BankTransactionAdmin(ReadOnlyAdmin):
    list_display = ("bank_transaction_id", "credited_at", "amount_vnd", "status", "reference", "source")
    list_filter = ("status", "source")
    search_fields = ("bank_transaction_id", "reference", "description")
    date_hierarchy = "credited_at"
    list_select_related = ("attempt",)
    readonly_fields = (
        "bank_transaction_id",
        "amount_vnd",
        "description",
        "credited_at",
        "source",
        "status",
        "reference",
        "attempt",
        "outcome",
        "payer_bank_bin",
        "payer_account_number",
        "payer_name",
        "recorded_by",
        "resolved_by",
        "resolved_at",
        "note",
        "created_at",
    )
    fields = readonly_fields

    @admin.display(description=_("số tiền (VND)"), ordering="amount")
    def amount_vnd(self, row):
        return _vnd(row.amount)


@admin.register(BusinessBankAccount)
class BusinessBankAccountAdmin(ReadOnlyAdmin):
    list_display = ("business", "bank_name", "account_number", "holder_name", "updated_at", "updated_by")
    search_fields = ("business__name", "account_number", "holder_name")
    list_select_related = ("business", "updated_by")
    readonly_fields = (
        "business",
        "bank_bin",
        "bank_name",
        "account_number",
        "holder_name",
        "updated_at",
        "updated_by",
    )
    fields = readonly_fields

    @admin.display(description=_("ngân hàng"))
    def bank_name(self, account):
        bank = account.bank
        return f"{bank.short_name} — {bank.full_name}" if bank else account.bank_bin
