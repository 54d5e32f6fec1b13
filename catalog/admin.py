from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product, ProductImage, ProductVariant
from catalog.services import products as services
from catalog.services.categories import category_save
from marketplace.admin_actions import run_service_action


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "ocop_group", "position")
    list_filter = ("ocop_group",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        category_save(user=request.user, category=obj, changed_fields=form.changed_data)


class ReadOnlyInline(admin.TabularInline):
    """Sellers change these through the app, whose services keep prices, files and review true."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProductVariantInline(ReadOnlyInline):
    model = ProductVariant
    fields = ("name", "sku", "price", "unit", "stock", "weight_grams")
    readonly_fields = fields


class ProductImageInline(ReadOnlyInline):
    model = ProductImage
    fields = ("image", "alt", "position")
    readonly_fields = fields


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "business", "category", "ocop_stars", "price_min", "status", "updated_at")
    list_filter = ("status", "ocop_stars", "category")
    search_fields = ("name", "slug", "business__name")
    list_select_related = ("business", "category")
    # Read-only: an edit here would bypass review and Product.is_public; officers decide with
    # the actions, sellers edit through the app.
    readonly_fields = (
        "business",
        "name",
        "slug",
        "description",
        "category",
        "origin_commune",
        "ocop_certificate",
        "ocop_stars",
        "status",
        "status_reason",
        "is_public",
        "price_min",
        "price_max",
        "created_at",
        "updated_at",
    )
    inlines = (ProductVariantInline, ProductImageInline)
    actions = ("approve", "reject")
    service_id_argument = "product_id"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("catalog.decide_product")

    @admin.action(description=_("Duyệt các sản phẩm đã chọn"), permissions=("decide",))
    def approve(self, request, queryset):
        run_service_action(self, request, queryset, services.product_approve)

    @admin.action(description=_("Từ chối các sản phẩm đã chọn"), permissions=("decide",))
    def reject(self, request, queryset):
        run_service_action(
            self,
            request,
            queryset,
            services.product_reject,
            reason=str(_("Không đạt yêu cầu (trang quản trị)")),
        )
