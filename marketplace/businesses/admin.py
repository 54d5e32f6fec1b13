from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.admin_actions import ReadOnlyAdmin, run_service_action
from marketplace.businesses import services
from marketplace.businesses.models import Business, BusinessEvent, BusinessMember, OcopCertificate

ADMIN_REVIEW_REASON = _("Quyết định qua trang quản trị")


class ReadOnlyInline(admin.TabularInline):
    """Changed through the services (membership rules, OCOP stars copied to products, audit)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BusinessMemberInline(ReadOnlyInline):
    model = BusinessMember
    fields = ("user", "role", "created_at")
    readonly_fields = fields


class OcopCertificateInline(ReadOnlyInline):
    model = OcopCertificate
    fields = ("number", "product_name", "group", "stars", "issued_on", "expires_on")
    readonly_fields = fields


class BusinessEventInline(ReadOnlyInline):
    model = BusinessEvent
    fields = ("kind", "actor", "from_status", "to_status", "note", "created_at")
    readonly_fields = fields


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "tax_code", "commune", "status", "outside_province", "created_at")
    list_filter = ("status", "outside_province", "kind", "commune__legacy_district")
    search_fields = ("name", "tax_code", "phone", "representative_name")
    list_select_related = ("commune",)
    # Read-only: registration validates the tax code and phone, and status changes go through
    # the actions below so each one leaves an audit event and updates the seller's products.
    readonly_fields = (
        "name",
        "kind",
        "tax_code",
        "representative_name",
        "phone",
        "email",
        "address_line",
        "commune",
        "status",
        "status_reason",
        "outside_province",
        "outside_province_note",
        # Money: set by officers with businessCommissionSet and owners with
        # businessDeliveryFeesSet, which check the range and record who changed it.
        "commission_rate_bps",
        "delivery_fee_seller",
        "delivery_fee_post",
        "approved_by",
        "approved_at",
        "created_at",
        "updated_at",
    )
    inlines = (BusinessMemberInline, OcopCertificateInline, BusinessEventInline)
    actions = ("approve", "reject", "suspend")
    service_id_argument = "business_id"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("businesses.decide_business")

    @admin.action(description=_("Duyệt các người bán đã chọn"), permissions=("decide",))
    def approve(self, request, queryset):
        run_service_action(self, request, queryset, services.business_approve)

    @admin.action(description=_("Từ chối các người bán đã chọn"), permissions=("decide",))
    def reject(self, request, queryset):
        run_service_action(self, request, queryset, services.business_reject, reason=str(ADMIN_REVIEW_REASON))

    @admin.action(description=_("Tạm ngừng các người bán đã chọn"), permissions=("decide",))
    def suspend(self, request, queryset):
        run_service_action(
            self, request, queryset, services.business_suspend, reason=str(ADMIN_REVIEW_REASON)
        )


@admin.register(OcopCertificate)
class OcopCertificateAdmin(ReadOnlyAdmin):
    """A register to look things up in; certificates are recorded through ocopCertificateAdd."""

    list_display = ("number", "product_name", "business", "group", "stars", "issued_on", "expires_on")
    list_filter = ("stars", "group")
    search_fields = ("number", "product_name", "business__name")
    list_select_related = ("business",)
