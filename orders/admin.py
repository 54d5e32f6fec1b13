from django.contrib import admin

from marketplace.admin_actions import ReadOnlyAdmin
from orders.models import Checkout, Order, OrderEvent, OrderLine, PaymentGroup, SideEffect


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    readonly_fields = ("product_name", "variant_name", "sku", "unit", "unit_price", "quantity", "line_total")
    fields = readonly_fields


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "note", "created_at")
    fields = readonly_fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    """Read-only: orders change only through their lifecycle (services), never by hand."""

    list_display = ("number", "business", "status", "payment_method", "total", "commission", "created_at")
    list_filter = ("status", "payment_method", "delivery_method")
    search_fields = ("number", "business__name", "recipient_name", "recipient_phone")
    list_select_related = ("business",)
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, OrderEventInline]


@admin.register(PaymentGroup)
class PaymentGroupAdmin(ReadOnlyAdmin):
    list_display = ("number", "method", "status", "amount", "expires_at", "paid_at", "created_at")
    list_filter = ("status", "method")
    search_fields = ("number",)


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdmin):
    list_display = ("token", "user", "completed_at", "updated_at")
    list_filter = ("completed_at",)


@admin.register(SideEffect)
class SideEffectAdmin(ReadOnlyAdmin):
    """The order outbox, read-only: what is still waiting, and why the last attempt failed.
    Rows are retried by `orders_worker`; nobody edits them by hand."""

    list_display = ("kind", "key", "attempts", "next_attempt_at", "done_at", "last_error")
    list_filter = ("kind", ("done_at", admin.EmptyFieldListFilter))
    search_fields = ("key",)
    date_hierarchy = "created_at"
