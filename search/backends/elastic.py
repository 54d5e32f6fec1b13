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
PAUSE_AFTER_FAILURE_SECONDS = 10
# The vocabulary decides which words are typos; a word new to the catalogue is read as a typo of
# a known one for at most this long (this process's own writes refresh it at once).
VOCABULARY_SECONDS = 30
MAX_VOCABULARY = 200_000  # while the cluster is down, fall back at once instead of waiting

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
    name_pairs = Text(analyzer="whitespace")
    text_pairs = Text(analyzer="whitespace")
    name_sort = Keyword()
    vocabulary = Keyword()
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
        "name_pairs": doc.name_pairs,
        "text_pairs": doc.text_pairs,
        "name_sort": doc.name_sort,
        "vocabulary": doc.vocabulary,
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


def _terms(field: str, terms, score: float) -> list[Q]:
    return [_const(Q("term", **{field: t}), score) for t in terms]


def _word_query(word: WordQuery, *, name_only: bool = False) -> Q:
    options = []
    for field in ("name",) if name_only else ("name", "text"):
        exact, folded, typo = (
            (q.NAME_EXACT, q.NAME_FOLDED, q.NAME_FUZZY)
            if field == "name"
            else (q.TEXT_EXACT, q.TEXT_FOLDED, q.TEXT_FUZZY)
        )
        if word.terms or not word.resolved:
            options += _terms(field, word.exact, exact)
        options += _terms(f"{field}.folded", word.terms if word.resolved else word.folded, folded)
        options += _terms(f"{field}.folded", word.typos, typo)
    if word.prefix:
        options += _terms("name.prefix", word.folded[:1], q.NAME_PREFIX)
    if not options:
        return Q("match_none")
    return Q("dis_max", queries=options, tie_breaker=0)


def _pairs_query(pairs: tuple[str, ...], *, name_only: bool) -> Q:
    fields = ("name_pairs",) if name_only else ("name_pairs", "text_pairs")
    return Q("bool", should=[Q("terms", **{f: list(pairs)}) for f in fields], minimum_should_match=1)


def _filters(filters: q.SearchFilters) -> list[Q]:
    parts = [Q("terms", **{field: values}) for field, values in filters.term_sets()]
    price = {k: v for k, v in (("gte", filters.price_gte), ("lte", filters.price_lte)) if v is not None}
    if price:
        parts.append(Q("range", price_min=price))
    if filters.in_stock is not None:
        parts.append(Q("term", in_stock=filters.in_stock))
    return parts


def build_query(words: list[WordQuery], filters: q.SearchFilters, tier: q.Tier | None = None) -> Q:
    tier = tier or q.Tier(name_only=False)
    word_queries = [_word_query(w, name_only=tier.name_only) for w in words]
    if tier.any_word:
        word_queries = [Q("bool", should=word_queries, minimum_should_match=1)]
    pairs = [_pairs_query(p, name_only=name_only) for p, name_only in tier.pair_constraints(words)]
    return Q(
        "bool",
        must=word_queries or [Q("match_all", boost=0)],
        filter=_filters(filters) + pairs,
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
        self._vocabulary: tuple[float, q.Vocabulary] | None = None

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
        self._vocabulary = None

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
        self._vocabulary = None
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

    def schema_current(self) -> bool:
        mappings = self._call(self.client.indices.get_mapping, index=self.alias)
        return all(
            set(ProductIndexDocument._doc_type.mapping.properties.to_dict()["properties"])
            <= set(index["mappings"].get("properties", {}))
            for index in mappings.values()
        )

    def refresh(self) -> None:
        self._vocabulary = None
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
        else:
            field, descending = Sort.key(request.sort)
            search = search.sort({field: "desc" if descending else "asc"})
        if facets:
            search = search.update_from_dict({"aggs": FACET_AGGREGATIONS})
        return self._call(search.execute)

    def vocabulary(self) -> q.Vocabulary:
        """Known words and beginnings from the index at each search (one request); typo
        candidates from its word list, reread every VOCABULARY_SECONDS (one aggregation)."""
        cached = self._vocabulary
        if not cached or time.monotonic() - cached[0] >= VOCABULARY_SECONDS:
            self._ensure_alias()
            search = self._search().extra(size=0)
            search.aggs.bucket("words", "terms", field="vocabulary", size=MAX_VOCABULARY)
            response = self._call(search.execute)
            words = (b.key for b in response.aggregations.words.buckets)
            cached = self._vocabulary = (time.monotonic(), q.Vocabulary(words, lookup=self._lookup))
        return cached[1]

    def _lookup(self, terms: list[str], beginnings: list[str]) -> tuple[set[str], set[str]]:
        checks = {
            f"t{i}": Q("bool", should=[Q("term", **{"name.folded": t}), Q("term", **{"text.folded": t})])
            for i, t in enumerate(terms)
        }
        checks.update({f"b{i}": Q("term", **{"name.prefix": b}) for i, b in enumerate(beginnings)})
        if not checks:
            return set(), set()
        search = self._search().extra(size=0)
        search.aggs.bucket("found", "filters", filters=checks)
        buckets = self._call(search.execute).aggregations.found.buckets.to_dict()
        found = {key for key, bucket in buckets.items() if bucket["doc_count"]}
        return (
            {t for i, t in enumerate(terms) if f"t{i}" in found},
            {b for i, b in enumerate(beginnings) if f"b{i}" in found},
        )

    def search(self, request: SearchRequest) -> SearchResult:
        planned = request.words
        words = q.resolve(planned, self.vocabulary()) if planned else []
        tiers = q.tiers_for(words)
        # Each pass is the real page request: one that matches nothing is cheap, no probe needed.
        for tier in tiers:
            response = self._page(build_query(words, request.filters, tier), request, facets=request.facets)
            if response.hits.total.value or tier is tiers[-1]:
                break
        return SearchResult(
            ids=[int(hit.meta.id) for hit in response.hits],
            total=response.hits.total.value,
            facets=facets_from_aggregations(response.aggregations.to_dict()) if request.facets else {},
            engine=self.name,
            words=words,
        )

    def suggest(self, words: list[WordQuery], *, limit: int) -> list[int]:
        if not words or limit <= 0:
            return []
        words = q.resolve(words, self.vocabulary(), typing=True)
        query = Q(
            "bool",
            must=[_word_query(w, name_only=True) for w in words],
            should=[_const(Q("term", in_stock=True), q.IN_STOCK_BONUS)],
        )
        search = self._search().query(query).source(False).sort("_score", {"id": "desc"}).extra(size=limit)
        return [int(hit.meta.id) for hit in self._call(search.execute)]

    def count(self) -> int:
        return self._call(self.client.count, index=self.alias)["count"]
