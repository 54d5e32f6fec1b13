from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.admin_actions import run_service_action
from marketplace.businesses import services
from marketplace.businesses.models import Business, BusinessEvent, BusinessMember, OcopCertificate

ADMIN_REVIEW_REASON = _("Quyết định qua trang quản trị")


class BusinessMemberInline(admin.TabularInline):
    model = BusinessMember
    extra = 0
    raw_id_fields = ("user",)


class OcopCertificateInline(admin.TabularInline):
    model = OcopCertificate
    extra = 0


class BusinessEventInline(admin.TabularInline):
    model = BusinessEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "from_status", "to_status", "note", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "tax_code", "commune", "status", "created_at")
    list_filter = ("status", "kind", "commune__legacy_district")
    search_fields = ("name", "tax_code", "phone", "representative_name")
    raw_id_fields = ("commune",)
    list_select_related = ("commune",)
    # Status changes only through the actions below, so every one leaves an audit event.
    readonly_fields = ("status", "status_reason", "approved_by", "approved_at", "created_at", "updated_at")
    inlines = (BusinessMemberInline, OcopCertificateInline, BusinessEventInline)
    actions = ("approve", "reject", "suspend")
    service_id_argument = "business_id"

    @admin.action(description=_("Duyệt các người bán đã chọn"))
    def approve(self, request, queryset):
        run_service_action(self, request, queryset, services.business_approve)

    @admin.action(description=_("Từ chối các người bán đã chọn"))
    def reject(self, request, queryset):
        run_service_action(self, request, queryset, services.business_reject, reason=str(ADMIN_REVIEW_REASON))

    @admin.action(description=_("Tạm ngừng các người bán đã chọn"))
    def suspend(self, request, queryset):
        run_service_action(self, request, queryset, services.business_suspend, reason=str(ADMIN_REVIEW_REASON))


@admin.register(OcopCertificate)
class OcopCertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "product_name", "business", "group", "stars", "issued_on", "expires_on")
    list_filter = ("stars", "group")
    search_fields = ("number", "product_name", "business__name")
    raw_id_fields = ("business",)
