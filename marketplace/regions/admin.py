"""The unit list comes from the statistics office's data (marketplace/regions/data/), so the
back office may look but not edit: a hand-edited name would be overwritten by the next load."""

from django.contrib import admin

from marketplace.admin_actions import ReadOnlyAdmin
from marketplace.regions.models import Commune, LegacyDistrict, Province


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(LegacyDistrict)
class LegacyDistrictAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "province")
    list_filter = ("province",)
    list_select_related = ("province",)
    search_fields = ("code", "name")


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "province", "legacy_district")
    list_filter = ("kind", "province", "legacy_district")
    list_select_related = ("province", "legacy_district")
    search_fields = ("code", "name")
    show_full_result_count = False
