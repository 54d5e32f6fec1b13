"""Human labels for facet buckets, read from the database in one query per facet."""

from django.utils.translation import gettext as _

from catalog.models import Category
from marketplace.businesses.models import Business
from marketplace.regions.models import Commune, LegacyDistrict
from search.query import PRICE_BUCKETS, FacetBucket


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def price_bucket_key(lo: int | None, hi: int | None) -> str:
    return f"{lo or 0}-{hi or ''}"


def _price_label(lo: int | None, hi: int | None) -> str:
    if lo is None:
        return _("Dưới %(price)s") % {"price": _vnd(hi)}
    if hi is None:
        return _("Từ %(price)s") % {"price": _vnd(lo)}
    return f"{_vnd(lo)} – {_vnd(hi)}"


def _names(model, keys: list[str], cast=str) -> dict[str, str]:
    return {
        str(pk): name
        for pk, name in model.objects.filter(pk__in=[cast(k) for k in keys]).values_list("pk", "name")
    }


def label(facets: dict[str, list[FacetBucket]]) -> dict[str, list[FacetBucket]]:
    kinds = dict(Business.Kind.choices)
    prices = {price_bucket_key(lo, hi): _price_label(lo, hi) for lo, hi in PRICE_BUCKETS}
    for field, buckets in facets.items():
        keys = [b.key for b in buckets]
        if field == "category":
            names = _names(Category, keys, int)
        elif field == "commune":
            names = _names(Commune, keys)
        elif field == "district":
            names = _names(LegacyDistrict, keys)
        elif field == "business_kind":
            names = {k: str(kinds.get(k, k)) for k in keys}
        elif field == "ocop_stars":
            names = {
                k: _("%(stars)s sao OCOP") % {"stars": k} if k != "0" else _("Chưa xếp hạng OCOP")
                for k in keys
            }
        else:
            names = prices
        for bucket in buckets:
            bucket.label = names.get(bucket.key, bucket.key)
    return facets
