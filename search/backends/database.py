"""Search straight from the database: the fallback when an engine fails, and `SEARCH_BACKEND=database`.

Every word (folded, or its Telex/VNI reading) must appear in the product's folded name and
description. No typo tolerance and no ranking beyond in-stock first: it keeps the storefront
working, it does not replace an engine."""

from django.db.models import Case, Count, F, IntegerField, Q, When
from django.db.models.functions import Coalesce

from catalog.models import Product
from catalog.selectors import has_stock, in_category_tree
from search import query as q
from search.backends.base import SearchBackend
from search.facets import price_bucket_key
from search.query import FacetBucket, SearchRequest, SearchResult, Sort

MAX_FACET_BUCKETS = 500


def _word_condition(word: q.WordQuery) -> Q:
    condition = Q()
    for folded in word.folded:
        condition |= Q(search_text__contains=folded)
    return condition


def _matching(words: list[q.WordQuery], filters: q.SearchFilters):
    qs = Product.objects.filter(is_public=True).annotate(
        stocked=has_stock(),
        place=Coalesce("origin_commune_id", "business__commune_id"),
        district=Coalesce("origin_commune__legacy_district_id", "business__commune__legacy_district_id"),
    )
    for word in words:
        qs = qs.filter(_word_condition(word))
    if filters.category_ids:
        qs = qs.filter(in_category_tree(filters.category_ids))
    if filters.commune_codes:
        qs = qs.filter(place__in=filters.commune_codes)
    if filters.district_codes:
        qs = qs.filter(district__in=filters.district_codes)
    if filters.ocop_stars:
        stars = Q(ocop_stars__in=[s for s in filters.ocop_stars if s])
        qs = qs.filter(stars | Q(ocop_stars__isnull=True) if 0 in filters.ocop_stars else stars)
    if filters.business_ids:
        qs = qs.filter(business_id__in=filters.business_ids)
    if filters.business_kinds:
        qs = qs.filter(business__kind__in=filters.business_kinds)
    if filters.price_gte is not None:
        qs = qs.filter(price_min__gte=filters.price_gte)
    if filters.price_lte is not None:
        qs = qs.filter(price_min__lte=filters.price_lte)
    if filters.in_stock is not None:
        qs = qs.filter(stocked=filters.in_stock)
    return qs


def _counts(qs, field: str) -> list[FacetBucket]:
    rows = (
        qs.order_by().values(field).annotate(n=Count("pk", distinct=True)).order_by("-n")[:MAX_FACET_BUCKETS]
    )
    return [FacetBucket(key=str(r[field]), count=r["n"]) for r in rows if r[field] not in (None, "")]


def _facets(qs) -> dict[str, list[FacetBucket]]:
    categories: dict[str, int] = {}
    for bucket in _counts(qs, "category_id") + _counts(qs, "category__parent_id"):
        categories[bucket.key] = categories.get(bucket.key, 0) + bucket.count
    price_counts = qs.aggregate(
        **{
            price_bucket_key(lo, hi): Count(
                "pk", filter=Q(price_min__gte=lo or 0) & (Q(price_min__lt=hi) if hi else Q())
            )
            for lo, hi in q.PRICE_BUCKETS
        }
    )
    return {
        "category": sorted(
            (FacetBucket(key=k, count=n) for k, n in categories.items()), key=lambda b: -b.count
        ),
        "commune": _counts(qs, "place"),
        "district": _counts(qs, "district"),
        "ocop_stars": _counts(qs.annotate(stars=Coalesce("ocop_stars", 0)), "stars"),
        "business_kind": _counts(qs, "business__kind"),
        "price": [FacetBucket(key=k, count=n) for k, n in price_counts.items()],
    }


class DatabaseBackend(SearchBackend):
    name = "database"

    def apply(self, *, documents, removed_ids) -> None:
        return None  # the database is the source: nothing to copy

    def rebuild(self, batches, *, progress=None) -> int:
        return 0

    def search(self, request: SearchRequest) -> SearchResult:
        words = request.words
        qs = _matching(words, request.filters)
        if request.sort == Sort.PRICE_ASC:
            ordered = qs.order_by("price_min", "id")
        elif request.sort == Sort.PRICE_DESC:
            ordered = qs.order_by("-price_min", "-id")
        elif request.sort == Sort.NEWEST:
            ordered = qs.order_by("-created_at", "-id")
        else:
            in_stock_first = Case(When(stocked=True, then=0), default=1, output_field=IntegerField())
            ordered = qs.order_by(in_stock_first, F("created_at").desc(), "-id")
        ids = list(ordered.values_list("pk", flat=True)[request.offset : request.offset + request.limit])
        return SearchResult(
            ids=ids,
            total=qs.count(),
            facets=_facets(qs) if request.facets else {},
            engine=self.name,
        )

    def suggest(self, words, *, limit: int) -> list[int]:
        qs = Product.objects.filter(is_public=True)
        for word in words:
            qs = qs.filter(Q(*(Q(search_text__contains=f) for f in word.folded), _connector=Q.OR))
        return list(qs.order_by("name", "id").values_list("pk", flat=True)[:limit])
