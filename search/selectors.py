"""Search as the storefront reads it: engine first, database when the engine fails."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from catalog.models import Product
from catalog.selectors import public_products, with_listing_relations
from search import facets as facet_labels
from search.backends import SearchBackend, get_backend
from search.errors import SearchQueryHasNoWords, UnsupportedSort
from search.highlight import Highlighter, corrected_query
from search.query import FacetBucket, SearchRequest, SearchResult, Sort, plan_words

logger = logging.getLogger(__name__)

CORRECTION_HITS = 5
T = TypeVar("T")


@dataclass
class SearchHit:
    product: Product
    name_highlight: str | None
    description_highlight: str | None


@dataclass
class SearchPage:
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetBucket]]
    corrected_query: str | None
    engine: str


def _is_engine_panic(error: BaseException) -> bool:
    # A Rust panic inside tantivy reaches Python as pyo3's PanicException, which derives from
    # BaseException so that `except Exception` cannot swallow it; it is still an engine failure.
    return type(error).__name__ == "PanicException"


def _with_fallback(call: Callable[[SearchBackend], T]) -> T:
    """`call` on the configured engine, or on the database search if the engine fails."""
    backend = get_backend()
    if backend.name != "database":
        try:
            return call(backend)
        except BaseException as error:  # engine down, index missing or corrupt: buyers still search
            if not isinstance(error, Exception) and not _is_engine_panic(error):
                raise
            logger.warning("Search engine %s failed, answering from the database: %s", backend.name, error)
    return call(get_backend("database"))


def run_search(request: SearchRequest) -> SearchResult:
    """Ids, total and facets from the configured engine, or from the database if it fails."""
    return _with_fallback(lambda backend: backend.search(request))


def products_in_order(ids: list[int]) -> list[Product]:
    """Public products for `ids`, in that order; ids the index still holds but that just left
    the catalogue (Elasticsearch between refreshes) are dropped."""
    by_id = with_listing_relations(public_products().filter(pk__in=ids)).in_bulk()
    return [by_id[i] for i in ids if i in by_id]


def listing_uses_search(*, search: str | None, statuses: list | None) -> bool:
    """Whether `products(filter: …)` is a buyer's text search, answered by `search_products`.

    Sellers and officers filtering their unpublished products by status read the database
    listing (catalog.selectors.product_list): the index holds public products only."""
    return bool(search) and not statuses


def search_products(request: SearchRequest) -> SearchPage:
    """One page of search results: the one place that decides how a text search is answered."""
    if request.sort not in Sort.ALL:
        raise UnsupportedSort(field="sortBy")
    if request.text.strip() and not plan_words(request.text):
        # "*", "(((", an emoji: nothing to look for. An empty query browses, this does not.
        raise SearchQueryHasNoWords(field="query")
    result = run_search(request)
    words = result.words or plan_words(request.text)
    products = products_in_order(result.ids)
    marks = Highlighter(words) if words else None
    hits = [
        SearchHit(
            product=p,
            name_highlight=marks.highlight(p.name) if marks else None,
            description_highlight=marks.snippet(p.description) if marks else None,
        )
        for p in products
    ]
    correction = None
    # Only when a word as typed is not in the catalogue: a query of known words finds what it
    # asked for and is never respelled ("mien na hang" stays).
    if products and any(w.corrected for w in result.words):
        texts = [p.name for p in products[:CORRECTION_HITS]] + [
            p.description for p in products[:CORRECTION_HITS]
        ]
        correction = corrected_query(request.text, result.words, texts)
    return SearchPage(
        hits=hits,
        total=result.total,
        facets=facet_labels.label(result.facets),
        corrected_query=correction,
        engine=result.engine,
    )


def suggest_products(prefix: str, *, limit: int) -> list[Product]:
    """Products whose names start like what the buyer is typing, one per distinct name."""
    words = plan_words(prefix)
    if not words:
        return []
    ids = _with_fallback(lambda backend: backend.suggest(words, limit=limit * 2))
    seen, products = set(), []
    for product in products_in_order(ids):
        if product.name.casefold() not in seen:
            seen.add(product.name.casefold())
            products.append(product)
    return products[:limit]
