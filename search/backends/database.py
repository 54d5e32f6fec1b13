"""Search straight from the database: the fallback when an engine fails, and `SEARCH_BACKEND=database`.

The same matching as the engines (search.query): vocabulary, typos, pairs and tiers, over what
the database holds. Words match whole words by regular expressions that work alike on SQLite
(Python's `re`) and PostgreSQL: in the folded `search_text` (name and description) for the
anywhere tiers, in the accented `name` through per-letter accent classes for the name tiers.
It reads the whole catalogue for its vocabulary, so it suits a fallback, not a large catalogue."""

import re
import threading

from django.db.models import Case, Count, F, IntegerField, Max, Q, When
from django.db.models.functions import Coalesce

from catalog.models import Product
from catalog.selectors import has_stock, in_category_tree
from search import query as q
from search.backends.base import SearchBackend
from search.facets import price_bucket_key
from search.query import FacetBucket, SearchRequest, SearchResult, Sort

MAX_FACET_BUCKETS = 500
_FOLDED_WORD = re.compile(r"[a-z0-9]+")

# Every letter a folded letter stands for, in both cases, so a regex on the accented name
# matches the folded word.
_VARIANTS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "d": "dđ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
}
_LETTER_CLASS = {k: "[" + v + v.upper() + "]" for k, v in _VARIANTS.items()}
_ALNUM = "0-9a-zA-Z" + "".join(v[1:] + v[1:].upper() for v in _VARIANTS.values())
_NAME_EDGE_BEFORE, _NAME_EDGE_AFTER, _NAME_GAP = f"(^|[^{_ALNUM}])", f"([^{_ALNUM}]|$)", f"[^{_ALNUM}]+"
_TEXT_EDGE_BEFORE, _TEXT_EDGE_AFTER, _TEXT_GAP = "(^|[^a-z0-9])", "([^a-z0-9]|$)", "[^a-z0-9]+"


def _in_name(term: str) -> str:
    return "".join(
        _LETTER_CLASS.get(ch, f"[{ch}{ch.upper()}]" if ch.isalpha() else re.escape(ch)) for ch in term
    )


def _pattern(alternatives, *, name: bool, prefix: bool = False, pair: bool = False) -> str:
    spell = _in_name if name else re.escape
    gap = _NAME_GAP if name else _TEXT_GAP
    words = [gap.join(spell(w) for w in t.split(q.PAIR_JOINER)) if pair else spell(t) for t in alternatives]
    before, after = (_NAME_EDGE_BEFORE, _NAME_EDGE_AFTER) if name else (_TEXT_EDGE_BEFORE, _TEXT_EDGE_AFTER)
    return before + "(" + "|".join(words) + ")" + ("" if prefix else after)


def _word_condition(word: q.WordQuery, *, name_only: bool) -> Q:
    field = "name" if name_only else "search_text"
    condition = Q(pk__in=[])
    if word.matches:
        condition |= Q(**{f"{field}__regex": _pattern(word.matches, name=name_only)})
    if word.prefix:
        # The engines read a beginning in the name only.
        condition |= Q(name__regex=_pattern(word.folded[:1], name=True, prefix=True))
    return condition


def _text_condition(words: list[q.WordQuery], tier: q.Tier) -> Q:
    conditions = [_word_condition(w, name_only=tier.name_only) for w in words]
    if tier.any_word:
        combined = Q(pk__in=[])
        for c in conditions:
            combined |= c
        conditions = [combined]
    for pairs, name_only in tier.pair_constraints(words):
        pair = Q(name__regex=_pattern(pairs, name=True, pair=True))
        if not name_only:
            pair |= Q(search_text__regex=_pattern(pairs, name=False, pair=True))
        conditions.append(pair)
    result = Q()
    for c in conditions:
        result &= c
    return result


def _filtered(filters: q.SearchFilters):
    qs = Product.objects.filter(is_public=True).annotate(
        stocked=has_stock(),
        place=Coalesce("origin_commune_id", "business__commune_id"),
        district=Coalesce("origin_commune__legacy_district_id", "business__commune__legacy_district_id"),
    )
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


_ORDER = {
    Sort.PRICE_ASC: ("price_min", "id"),
    Sort.PRICE_DESC: ("-price_min", "-id"),
    Sort.NEWEST: ("-created_at", "-id"),
    Sort.OLDEST: ("created_at", "id"),
    Sort.NAME_ASC: ("search_text", "id"),  # starts with the folded name
    Sort.NAME_DESC: ("-search_text", "-id"),
}


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self):
        self._lock = threading.Lock()
        self._vocabulary: tuple[tuple, q.Vocabulary] | None = None

    def apply(self, *, documents, removed_ids) -> None:
        return None  # the database is the source: nothing to copy

    def rebuild(self, batches, *, progress=None) -> int:
        return 0

    def vocabulary(self) -> q.Vocabulary:
        """The folded words of public names and descriptions, read again when products change."""
        public = Product.objects.filter(is_public=True)
        key = tuple(public.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk")).values())
        with self._lock:
            if self._vocabulary is None or self._vocabulary[0] != key:
                words: set[str] = set()
                for text in public.values_list("search_text", flat=True).iterator(chunk_size=2000):
                    words.update(_FOLDED_WORD.findall(text))
                self._vocabulary = (key, q.Vocabulary(words))
            return self._vocabulary[1]

    def search(self, request: SearchRequest) -> SearchResult:
        words = q.resolve(request.words, self.vocabulary()) if request.words else []
        filtered = _filtered(request.filters)
        tiers = q.tiers_for(words)
        for tier in tiers:
            qs = filtered.filter(_text_condition(words, tier)) if words else filtered
            if tier is tiers[-1] or qs.exists():
                break
        if request.sort == Sort.RELEVANCE:
            in_stock_first = Case(When(stocked=True, then=0), default=1, output_field=IntegerField())
            ordered = qs.order_by(in_stock_first, F("created_at").desc(), "-id")
        else:
            ordered = qs.order_by(*_ORDER[request.sort])
        ids = list(ordered.values_list("pk", flat=True)[request.offset : request.offset + request.limit])
        return SearchResult(
            ids=ids,
            total=qs.count(),
            facets=_facets(qs) if request.facets else {},
            engine=self.name,
            words=words,
        )

    def suggest(self, words, *, limit: int) -> list[int]:
        if not words or limit <= 0:
            return []
        words = q.resolve(words, self.vocabulary(), typing=True)
        qs = Product.objects.filter(is_public=True)
        for word in words:
            qs = qs.filter(_word_condition(word, name_only=True))
        return list(qs.order_by("name", "id").values_list("pk", flat=True)[:limit])
