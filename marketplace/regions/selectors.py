from django.db.models import QuerySet

from marketplace.regions.models import Commune, LegacyDistrict, Province
from marketplace.text import fold_diacritics


def _folded_words(text: str) -> list[str]:
    return fold_diacritics(text).casefold().split()


def province_list() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def commune_list(*, province_code: str, search: str | None = None) -> list[Commune]:
    """A province's communes by code, with province and legacy district joined.

    `search` ignores case and diacritics ("ham yen" finds "Xã Hàm Yên", "hoa" finds both the
    "Hoà" and "Hòa" spellings the official list mixes); every word must occur in the name.
    Filtered in Python: a province has at most ~170 communes.
    """
    communes = Commune.objects.filter(province_id=province_code).select_related("province", "legacy_district")
    words = _folded_words(search or "")
    if not words:
        return list(communes)
    return [c for c in communes if all(word in fold_diacritics(c.name).casefold() for word in words)]


def commune_get(code: str) -> Commune | None:
    return Commune.objects.select_related("province", "legacy_district").filter(code=code).first()


def legacy_district_list(*, province_code: str) -> QuerySet[LegacyDistrict]:
    return LegacyDistrict.objects.filter(province_id=province_code).order_by("code")
