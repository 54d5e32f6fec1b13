"""tantivy in a directory under var/: no server to run.

Layout: `<dir>/CURRENT` names the live generation `<dir>/g-<n>/`. A full rebuild writes a new
generation and switches CURRENT with an atomic rename, so readers never see a half-built index.
Only one process may hold tantivy's writer; `search.services` serialises writers through the
outbox lock, and readers in every process notice new commits by the index's `meta.json` mtime."""

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import tantivy
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from search import query as q
from search.aggregations import FACET_AGGREGATIONS, facets_from_aggregations
from search.backends.base import SearchBackend, SearchUnavailable
from search.documents import ProductDocument
from search.query import SearchRequest, SearchResult, Sort, WordQuery

WRITER_HEAP_BYTES = 64_000_000
VOCABULARY_SECONDS = 60  # how stale the list of typo candidates may get between rebuilds
_FACETS_AND_TOTAL = {**FACET_AGGREGATIONS, "total": {"value_count": {"field": "id"}}}


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in ("name", "text"):
        b.add_text_field(f"{name}_exact", tokenizer_name="vi_exact", index_option="basic")
        b.add_text_field(f"{name}_folded", tokenizer_name="vi_folded", index_option="basic")
    b.add_text_field("name_prefix", tokenizer_name="whitespace", index_option="basic")
    b.add_text_field("name_pairs", tokenizer_name="whitespace", index_option="basic")
    b.add_text_field("text_pairs", tokenizer_name="whitespace", index_option="basic")
    b.add_text_field("name_sort", tokenizer_name="raw", fast=True, index_option="basic")
    for name in ("commune", "district", "business_kind"):
        b.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    for name in ("category_ids", "ocop_stars", "business_id", "price_min", "price_max"):
        b.add_integer_field(name, indexed=True, fast=True)
    b.add_integer_field("price_sort", fast=True)
    b.add_integer_field("newest_sort", fast=True)
    b.add_boolean_field("in_stock", indexed=True, fast=True)
    # Ties in relevance go to the newer product: see _tiebreak.
    b.add_float_field("tiebreak", fast=True)
    return b.build()


SCHEMA = _schema()


def _register_analyzers(index: tantivy.Index) -> None:
    # Documents and queries arrive already NFC, lower case and tone-canonical (search.vietnamese).
    words = Tokenizer.whitespace()
    index.register_tokenizer("vi_exact", TextAnalyzerBuilder(words).filter(Filter.lowercase()).build())
    index.register_tokenizer(
        "vi_folded",
        TextAnalyzerBuilder(words).filter(Filter.lowercase()).filter(Filter.ascii_fold()).build(),
    )


def _tiebreak(product_id: int) -> float:
    """Grows with the id, so that equal scores favour the newer product, as Elasticsearch's
    secondary sort on id does. tantivy multiplies the score by log2(2 + this): kept below 0.8 %
    (under the smallest gap between two different scores), and spread over the first ids,
    where f32 scores can still tell neighbours apart (beyond ~100,000 products, neighbours with
    equal scores may come in either order)."""
    return 0.008 * product_id / (product_id + 10_000)


def _to_tantivy(doc: ProductDocument) -> tantivy.Document:
    return tantivy.Document(
        id=doc.id,
        name_exact=doc.name,
        name_folded=doc.name,
        text_exact=doc.text,
        text_folded=doc.text,
        name_prefix=doc.name_prefixes,
        name_pairs=doc.name_pairs,
        text_pairs=doc.text_pairs,
        name_sort=doc.name_sort,
        commune=doc.commune,
        district=doc.district,
        business_kind=doc.business_kind,
        category_ids=doc.category_ids,
        ocop_stars=doc.ocop_stars,
        business_id=doc.business_id,
        price_min=doc.price_min,
        price_max=doc.price_max,
        price_sort=doc.sort_key("price"),
        newest_sort=doc.sort_key("newest"),
        in_stock=doc.in_stock,
        tiebreak=_tiebreak(doc.id),
    )


def _const(query: Query, score: float) -> Query:
    return Query.const_score_query(query, score)


def _terms(field: str, terms, score: float) -> list[Query]:
    return [_const(Query.term_query(SCHEMA, field, t), score) for t in terms]


def _word_query(word: WordQuery, *, name_only: bool = False) -> Query:
    fields = ("name",) if name_only else ("name", "text")
    options = []
    for field in fields:
        exact, folded, typo = (
            (q.NAME_EXACT, q.NAME_FOLDED, q.NAME_FUZZY)
            if field == "name"
            else (q.TEXT_EXACT, q.TEXT_FOLDED, q.TEXT_FUZZY)
        )
        if word.terms or not word.resolved:
            options += _terms(f"{field}_exact", word.exact, exact)
        options += _terms(f"{field}_folded", word.terms if word.resolved else word.folded, folded)
        options += _terms(f"{field}_folded", word.typos, typo)
    if word.prefix:
        options += _terms("name_prefix", word.folded[:1], q.NAME_PREFIX)
    return Query.disjunction_max_query(options) if options else Query.empty_query()


def _pairs_query(pairs: tuple[str, ...], *, name_only: bool) -> Query:
    fields = ("name_pairs",) if name_only else ("name_pairs", "text_pairs")
    return (
        Query.term_set_query(SCHEMA, fields[0], list(pairs))
        if name_only
        else Query.boolean_query(
            [(Occur.Should, Query.term_set_query(SCHEMA, f, list(pairs))) for f in fields]
        )
    )


def _filter_queries(filters: q.SearchFilters) -> list[Query]:
    parts = [Query.term_set_query(SCHEMA, field, values) for field, values in filters.term_sets()]
    if filters.price_gte is not None:
        parts.append(
            Query.range_query(SCHEMA, "price_min", tantivy.FieldType.Integer, filters.price_gte, None)
        )
    if filters.price_lte is not None:
        parts.append(
            Query.range_query(SCHEMA, "price_min", tantivy.FieldType.Integer, None, filters.price_lte)
        )
    if filters.in_stock is not None:
        parts.append(Query.term_query(SCHEMA, "in_stock", filters.in_stock))
    return parts


def build_query(words: list[WordQuery], filters: q.SearchFilters, tier: q.Tier | None = None) -> Query:
    tier = tier or q.Tier(name_only=False)
    clauses = [(Occur.Must, _const(f, 0.0)) for f in _filter_queries(filters)]
    if words:
        word_queries = [_word_query(w, name_only=tier.name_only) for w in words]
        if tier.any_word:
            clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, w) for w in word_queries])))
        else:
            clauses.extend((Occur.Must, w) for w in word_queries)
        clauses.extend(
            (Occur.Must, _const(_pairs_query(pairs, name_only=name_only), 0.0))
            for pairs, name_only in tier.pair_constraints(words)
        )
    if not clauses:
        clauses.append((Occur.Must, _const(Query.all_query(), 0.0)))
    clauses.append((Occur.Should, _const(Query.term_query(SCHEMA, "in_stock", True), q.IN_STOCK_BONUS)))
    return Query.boolean_query(clauses)


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._generation = ""
        self._meta_mtime = 0
        self._vocabulary: tuple[str, float, q.Vocabulary] | None = None

    # -- opening and freshness -------------------------------------------------------------

    def _current_generation(self) -> str:
        try:
            return (self.directory / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return ""

    def _open(self, generation: str) -> tantivy.Index:
        path = self.directory / generation
        path.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        except ValueError as error:  # built by an older version: `search_reindex` replaces it
            raise SearchUnavailable(f"search index {generation} has another schema: {error}") from error
        _register_analyzers(index)
        return index

    def _ensure_generation(self) -> str:
        generation = self._current_generation()
        if not generation:
            generation = self._switch_to(self._new_generation())
        return generation

    def _new_generation(self) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"g-{time.time_ns()}"
        self._open(name)  # creates an empty index
        return name

    def _switch_to(self, generation: str) -> str:
        pointer = self.directory / "CURRENT"
        temporary = self.directory / f"CURRENT.{os.getpid()}.tmp"
        temporary.write_text(generation)
        os.replace(temporary, pointer)
        return generation

    def _searcher_index(self) -> tantivy.Index:
        """The live index, reloaded when another process committed or rebuilt it."""
        with self._lock:
            generation = self._ensure_generation()
            if generation != self._generation or self._index is None:
                self._index, self._generation, self._meta_mtime = self._open(generation), generation, 0
            try:
                mtime = (self.directory / generation / "meta.json").stat().st_mtime_ns
            except FileNotFoundError as error:
                raise SearchUnavailable(f"search index {generation} is missing") from error
            if mtime != self._meta_mtime:
                self._index.reload()
                self._meta_mtime = mtime
            return self._index

    # -- writing ---------------------------------------------------------------------------

    def apply(self, *, documents: list[ProductDocument], removed_ids: Iterable[int]) -> None:
        index = self._searcher_index()
        writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
        try:
            for product_id in [*removed_ids, *(d.id for d in documents)]:
                writer.delete_documents_by_term("id", product_id)
            for doc in documents:
                writer.add_document(_to_tantivy(doc))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        index.reload()

    def rebuild(self, batches, *, progress: Callable[[int], None] | None = None) -> int:
        generation = self._new_generation()
        index = self._open(generation)
        writer = index.writer(heap_size=WRITER_HEAP_BYTES * 4)
        indexed = 0
        for batch in batches:
            for doc in batch:
                writer.add_document(_to_tantivy(doc))
            indexed += len(batch)
            if progress:
                progress(len(batch))
        writer.commit()
        writer.wait_merging_threads()
        previous = self._current_generation()
        self._switch_to(generation)
        self._remove_old_generations(keep={generation, previous})
        return indexed

    def _remove_old_generations(self, keep: set[str]) -> None:
        # The previous generation stays one more round: other processes may still be reading it.
        for path in self.directory.glob("g-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    # -- reading ---------------------------------------------------------------------------

    def vocabulary(self) -> q.Vocabulary:
        """Known words and beginnings from the live index; typo candidates from its word list,
        reread after a rebuild or every VOCABULARY_SECONDS (not after each small commit)."""
        searcher = self._searcher_index().searcher()
        cached = self._vocabulary
        if (
            cached is None
            or cached[0] != self._generation
            or time.monotonic() - cached[1] > VOCABULARY_SECONDS
        ):
            words = {
                t
                for field in ("name_folded", "text_folded")
                for t, _n in searcher.terms_with_prefix(field, "")
                if t.isalpha()
            }
            cached = self._vocabulary = (
                self._generation,
                time.monotonic(),
                q.Vocabulary(words, lookup=self._lookup),
            )
        return cached[2]

    def _lookup(self, terms: list[str], beginnings: list[str]) -> tuple[set[str], set[str]]:
        searcher = self._searcher_index().searcher()
        known = {
            t for t in terms if searcher.doc_freq("name_folded", t) or searcher.doc_freq("text_folded", t)
        }
        return known, {b for b in beginnings if searcher.doc_freq("name_prefix", b)}

    def _run(self, searcher, query: Query, request: SearchRequest, *, count: bool = True):
        limit = max(request.limit, 1)
        if request.sort == Sort.RELEVANCE:
            return searcher.search(
                query, limit, count=count, offset=request.offset, weight_by_field="tiebreak"
            )
        field, descending = Sort.key(request.sort)
        order = tantivy.Order.Desc if descending else tantivy.Order.Asc
        return searcher.search(
            query, limit, count=count, offset=request.offset, order_by_field=field, order=order
        )

    @staticmethod
    def _ids(searcher, found, request: SearchRequest) -> list[int]:
        hits = found.hits[: request.limit]
        return searcher.fast_field_values("id", [address for _, address in hits]) if hits else []

    def search(self, request: SearchRequest) -> SearchResult:
        planned = request.words
        words = q.resolve(planned, self.vocabulary()) if planned else []
        searcher = self._searcher_index().searcher()
        tiers = q.tiers_for(words)
        # Each pass is the real one (page or aggregation): a pass that matches nothing costs
        # next to nothing, so there is no separate probe.
        for tier in tiers:
            query = build_query(words, request.filters, tier)
            if not request.facets:
                found = self._run(searcher, query, request)
                if found.count or tier is tiers[-1]:
                    ids = self._ids(searcher, found, request)
                    return SearchResult(ids=ids, total=found.count, engine=self.name, words=words)
                continue
            # With facets one aggregation pass counts the matches as well; the page needs no count.
            raw = searcher.aggregate(query, _FACETS_AND_TOTAL)
            total = int(raw["total"]["value"])
            if total or tier is tiers[-1]:
                break
        ids = self._ids(searcher, self._run(searcher, query, request, count=False), request) if total else []
        return SearchResult(
            ids=ids, total=total, facets=facets_from_aggregations(raw), engine=self.name, words=words
        )

    def suggest(self, words: list[WordQuery], *, limit: int) -> list[int]:
        if not words or limit <= 0:
            return []
        words = q.resolve(words, self.vocabulary(), typing=True)
        clauses = [(Occur.Must, _word_query(w, name_only=True)) for w in words]
        clauses.append((Occur.Should, _const(Query.term_query(SCHEMA, "in_stock", True), q.IN_STOCK_BONUS)))
        searcher = self._searcher_index().searcher()
        found = searcher.search(Query.boolean_query(clauses), limit, count=False, weight_by_field="tiebreak")
        return searcher.fast_field_values("id", [a for _, a in found.hits]) if found.hits else []

    def count(self) -> int:
        return self._searcher_index().searcher().num_docs
