"""Elasticsearch 8 through elasticsearch-dsl, for catalogues beyond one machine's tantivy.

The index is reached through an alias (`ELASTICSEARCH_INDEX`); a full rebuild fills a new
physical index and moves the alias in one atomic call, so searches never see a partial index.
Queries mirror search.backends.embedded clause for clause (same constant scores), which is what
lets one test suite demand the same answers from both engines."""

import logging
import time
from collections.abc import Callable, Iterable

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import (
    Boolean,
    Document,
    Integer,
    Keyword,
    Long,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from search import query as q
from search.aggregations import FACET_AGGREGATIONS, facets_from_aggregations
from search.backends.base import SearchBackend, SearchUnavailable
from search.documents import ProductDocument
from search.query import SearchRequest, SearchResult, Sort, WordQuery

logger = logging.getLogger(__name__)

MAX_FUZZY_EXPANSIONS = 1000  # tantivy expands a fuzzy term without limit; ES defaults to 50
WRITE_TIMEOUT_SECONDS = 60
PAUSE_AFTER_FAILURE_SECONDS = 10  # while the cluster is down, fall back at once instead of waiting

# Text arrives NFC, lower case and tone-canonical (search.vietnamese); the analyzers split on
# spaces and fold accents (đ→d included), keeping an unfolded field for exact accented matches.
vi_exact = analyzer("vi_exact", tokenizer="whitespace", filter=["lowercase"])
vi_folded = analyzer("vi_folded", tokenizer="whitespace", filter=["lowercase", "asciifolding"])
vi_prefix = analyzer(
    "vi_prefix",
    tokenizer="whitespace",
    filter=["lowercase", "asciifolding", token_filter("vi_edge", "edge_ngram", min_gram=1, max_gram=20)],
)


class ProductIndexDocument(Document):
    id = Long()
    name = Text(
        analyzer=vi_exact,
        fields={
            "folded": Text(analyzer=vi_folded),
            "prefix": Text(analyzer=vi_prefix, search_analyzer="whitespace"),
        },
    )
    text = Text(analyzer=vi_exact, fields={"folded": Text(analyzer=vi_folded)})
    category_ids = Long()
    commune = Keyword()
    district = Keyword()
    business_kind = Keyword()
    ocop_stars = Integer()
    business_id = Long()
    price_min = Long()
    price_max = Long()
    price_sort = Long()
    newest_sort = Long()
    in_stock = Boolean()


def _source(doc: ProductDocument) -> dict:
    return {
        "id": doc.id,
        "name": doc.name,
        "text": doc.text,
        "category_ids": doc.category_ids,
        "commune": doc.commune,
        "district": doc.district,
        "business_kind": doc.business_kind,
        "ocop_stars": doc.ocop_stars,
        "business_id": doc.business_id,
        "price_min": doc.price_min,
        "price_max": doc.price_max,
        "price_sort": doc.sort_key("price"),
        "newest_sort": doc.sort_key("newest"),
        "in_stock": doc.in_stock,
    }


def _const(query: Q, score: float) -> Q:
    return Q("constant_score", filter=query, boost=score)


def _word_query(word: WordQuery, *, name_only: bool = False) -> Q:
    options = []
    for term in word.exact:
        options.append(_const(Q("term", name=term), q.NAME_EXACT))
        if not name_only:
            options.append(_const(Q("term", text=term), q.TEXT_EXACT))
    for term in word.folded:
        options.append(_const(Q("term", **{"name.folded": term}), q.NAME_FOLDED))
        if not name_only:
            options.append(_const(Q("term", **{"text.folded": term}), q.TEXT_FOLDED))
        if word.fuzziness:
            for field, score in (("name.folded", q.NAME_FUZZY), ("text.folded", q.TEXT_FUZZY)):
                if name_only and field.startswith("text"):
                    continue
                fuzzy = Q(
                    "fuzzy",
                    **{
                        field: {
                            "value": term,
                            "fuzziness": word.fuzziness,
                            "max_expansions": MAX_FUZZY_EXPANSIONS,
                        }
                    },
                )
                options.append(_const(fuzzy, score))
        if word.prefix:
            options.append(_const(Q("term", **{"name.prefix": term}), q.NAME_PREFIX))
    return Q("dis_max", queries=options, tie_breaker=0)


def _filters(filters: q.SearchFilters) -> list[Q]:
    parts = [Q("terms", **{field: values}) for field, values in filters.term_sets()]
    price = {k: v for k, v in (("gte", filters.price_gte), ("lte", filters.price_lte)) if v is not None}
    if price:
        parts.append(Q("range", price_min=price))
    if filters.in_stock is not None:
        parts.append(Q("term", in_stock=filters.in_stock))
    return parts


def build_query(words: list[WordQuery], filters: q.SearchFilters, *, any_word: bool = False) -> Q:
    word_queries = [_word_query(w) for w in words]
    if any_word:
        word_queries = [Q("bool", should=word_queries, minimum_should_match=1)]
    return Q(
        "bool",
        must=word_queries or [Q("match_all", boost=0)],
        filter=_filters(filters),
        should=[_const(Q("term", in_stock=True), q.IN_STOCK_BONUS)],
    )


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, *, index: str, timeout: float = 2.0):
        self.alias = index
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)
        # Searches must fail fast (buyers fall back to the database); index writes run in the
        # worker or a reindex, where a slow bulk request should finish rather than retry.
        self.writer = self.client.options(request_timeout=max(timeout, WRITE_TIMEOUT_SECONDS))
        self._paused_until = 0.0
        self._alias_ready = False

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, fn: Callable, *args, **kwargs):
        """Runs a cluster call; after a failure, further calls fail at once for a short pause."""
        if time.monotonic() < self._paused_until:
            raise SearchUnavailable("Elasticsearch failed a moment ago")
        try:
            return fn(*args, **kwargs)
        except Exception:
            self._paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
            raise

    def _create_index(self) -> str:
        physical = f"{self.alias}-{time.time_ns()}"
        ProductIndexDocument._index.clone(physical).settings(number_of_shards=1, number_of_replicas=0).create(
            using=self.writer
        )
        return physical

    def _ensure_alias(self) -> None:
        if self._alias_ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            physical = self._create_index()
            self.client.indices.update_aliases(actions=[{"add": {"index": physical, "alias": self.alias}}])
        self._alias_ready = True

    def _search(self) -> Search:
        return Search(using=self.client, index=self.alias)

    # -- writing ---------------------------------------------------------------------------

    def apply(self, *, documents: list[ProductDocument], removed_ids: Iterable[int]) -> None:
        def run():
            self._ensure_alias()
            actions = [{"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in removed_ids]
            actions += [{"_index": self.alias, "_id": str(d.id), "_source": _source(d)} for d in documents]
            if not actions:
                return
            _ok, errors = bulk(self.writer, actions, raise_on_error=False)
            real = [e for e in errors if e.get("delete", {}).get("status") != 404]
            if real:
                raise SearchUnavailable(f"Elasticsearch refused {len(real)} changes: {real[:3]}")

        self._call(run)

    def rebuild(self, batches, *, progress=None) -> int:
        physical = self._create_index()
        indexed = 0
        for batch in batches:
            actions = [{"_index": physical, "_id": str(d.id), "_source": _source(d)} for d in batch]
            bulk(self.writer, actions)
            indexed += len(batch)
            if progress:
                progress(len(batch))
        self.writer.indices.refresh(index=physical)
        try:
            previous = list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            previous = []
        actions = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
        actions.append({"add": {"index": physical, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for old in previous:
            self.client.options(ignore_status=404).indices.delete(index=old)
        self._alias_ready = True
        return indexed

    def refresh(self) -> None:
        self._ensure_alias()
        self.client.indices.refresh(index=self.alias)

    # -- reading ---------------------------------------------------------------------------

    def _page(self, query: Q, request: SearchRequest, *, facets: bool):
        search = (
            self._search().query(query).extra(track_total_hits=True, from_=request.offset, size=request.limit)
        )
        search = search.source(False)
        if request.sort == Sort.RELEVANCE:
            search = search.sort("_score", {"id": "desc"})
        elif request.sort == Sort.NEWEST:
            search = search.sort({"newest_sort": "desc"})
        else:
            search = search.sort({"price_sort": "asc" if request.sort == Sort.PRICE_ASC else "desc"})
        if facets:
            search = search.update_from_dict({"aggs": FACET_AGGREGATIONS})
        return self._call(search.execute)

    def search(self, request: SearchRequest) -> SearchResult:
        words = request.words
        response = self._page(build_query(words, request.filters), request, facets=request.facets)
        if response.hits.total.value == 0 and len(words) > 1:
            query = build_query(words, request.filters, any_word=True)
            response = self._page(query, request, facets=request.facets)
        return SearchResult(
            ids=[int(hit.meta.id) for hit in response.hits],
            total=response.hits.total.value,
            facets=facets_from_aggregations(response.aggregations.to_dict()) if request.facets else {},
            engine=self.name,
        )

    def suggest(self, words: list[WordQuery], *, limit: int) -> list[int]:
        if not words:
            return []
        query = Q(
            "bool",
            must=[_word_query(w, name_only=True) for w in words],
            should=[_const(Q("term", in_stock=True), q.IN_STOCK_BONUS)],
        )
        search = self._search().query(query).source(False).sort("_score", {"id": "desc"}).extra(size=limit)
        return [int(hit.meta.id) for hit in self._call(search.execute)]

    def count(self) -> int:
        return self._call(self.client.count, index=self.alias)["count"]
