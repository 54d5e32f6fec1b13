"""Settlement, refunds and payouts in the back office, to look things up only: money moves
through the services (refundCreate/refundMark, payoutRun/payoutMark), never by a hand edit."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.admin_actions import ReadOnlyAdmin
from payments.settlement.models import OrderSettlement, Payout, PayoutBatch, Refund


@admin.register(OrderSettlement)
class OrderSettlementAdmin(ReadOnlyAdmin):
    list_display = (
        "order",
        "business",
        "source",
        "gross",
        "commission",
        "vat_withheld",
        "pit_withheld",
        "seller_net",
        "released_at",
    )
    list_filter = ("source", "withheld")
    search_fields = ("order__number", "business__name")
    list_select_related = ("order", "business")
    date_hierarchy = "released_at"
    readonly_fields = (
        "order",
        "business",
        "source",
        "business_kind",
        "withheld",
        "goods_base",
        "delivery_base",
        "commission",
        "vat_withheld",
        "pit_withheld",
        "seller_net",
        "entry",
        "released_at",
        "updated_at",
    )
    fields = readonly_fields

    @admin.display(description=_("giữ lại (VND)"))
    def gross(self, settlement):
        return settlement.gross


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "order",
        "attempt",
        "amount",
        "method",
        "status",
        "has_conflict",
        "created_at",
        "resolved_at",
    )
    list_filter = ("status", "method", "full")
    search_fields = ("order__number", "attempt__reference", "reference")
    list_select_related = ("order", "attempt")
    date_hierarchy = "created_at"
    readonly_fields = (
        "order",
        "attempt",
        "amount",
        "full",
        "method",
        "reason",
        "idempotency_key",
        "status",
        "hold",
        "reference",
        "note",
        "conflict",
        "created_by",
        "created_at",
        "dispatched_at",
        "resolved_at",
    )
    fields = readonly_fields

    @admin.display(description=_("cần kiểm tra"), boolean=True)
    def has_conflict(self, refund):
        return bool(refund.conflict)


class PayoutInline(admin.TabularInline):
    model = Payout
    extra = 0
    can_delete = False
    readonly_fields = (
        "business",
        "amount",
        "status",
        "bank_bin",
        "bank_account_number",
        "reference",
        "resolved_at",
    )
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("business")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "created_by", "created_at")
    date_hierarchy = "created_at"
    readonly_fields = ("created_by", "created_at")
    fields = readonly_fields
    inlines = [PayoutInline]


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "business",
        "amount",
        "status",
        "bank_account_number",
        "reference",
        "created_at",
        "resolved_at",
    )
    list_filter = ("status",)
    search_fields = ("business__name", "reference", "bank_account_number")
    list_select_related = ("business", "batch")
    date_hierarchy = "created_at"
    readonly_fields = (
        "batch",
        "business",
        "amount",
        "status",
        "bank_bin",
        "bank_account_number",
        "bank_account_name",
        "hold",
        "reference",
        "note",
        "resolved_by",
        "created_at",
        "resolved_at",
    )
    fields = readonly_fields
