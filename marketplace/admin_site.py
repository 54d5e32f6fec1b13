"""The back office: Vietnamese titles, and Vietnamese whatever language the browser asks for."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The back office is used by the province's officers; the app's own strings have no English
# catalogue yet, so an English browser would get half-English pages.
ADMIN_LANGUAGE = "vi"


class MarketplaceAdminSite(admin.AdminSite):
    site_header = _("Quản trị Chợ Số")
    site_title = _("Quản trị Chợ Số")
    index_title = _("Trang quản trị")


class MarketplaceAdminConfig(AdminConfig):
    default_site = "marketplace.admin_site.MarketplaceAdminSite"


class VietnameseAdminMiddleware:
    """After LocaleMiddleware: the admin pages are rendered in Vietnamese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            translation.activate(ADMIN_LANGUAGE)
            request.LANGUAGE_CODE = ADMIN_LANGUAGE
        return self.get_response(request)
