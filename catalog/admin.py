from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product, ProductImage, ProductVariant
from catalog.services import products as services
from marketplace.admin_actions import run_service_action


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "ocop_group", "position")
    list_filter = ("ocop_group",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ("name", "sku", "price", "unit", "stock", "weight_grams")
    readonly_fields = fields  # sellers edit variants through the app, which keeps price ranges true


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ("image", "alt", "position")
    readonly_fields = ("image",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "business", "category", "ocop_stars", "price_min", "status", "updated_at")
    list_filter = ("status", "ocop_stars", "category")
    search_fields = ("name", "slug", "business__name")
    list_select_related = ("business", "category")
    raw_id_fields = ("business", "origin_commune", "ocop_certificate")
    readonly_fields = ("status", "status_reason", "price_min", "price_max", "created_at", "updated_at")
    inlines = (ProductVariantInline, ProductImageInline)
    actions = ("approve", "reject")
    service_id_argument = "product_id"

    @admin.action(description=_("Duyệt các sản phẩm đã chọn"))
    def approve(self, request, queryset):
        run_service_action(self, request, queryset, services.product_approve)

    @admin.action(description=_("Từ chối các sản phẩm đã chọn"))
    def reject(self, request, queryset):
        run_service_action(self, request, queryset, services.product_reject, reason=str(_("Không đạt yêu cầu (trang quản trị)")))
