from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from search.documents import ProductDocument
from search.query import SearchRequest, SearchResult, Vocabulary, WordQuery


class SearchUnavailable(Exception):
    """The engine cannot answer now (server down, index missing); callers fall back or retry."""


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def apply(self, *, documents: list[ProductDocument], removed_ids: Iterable[int]) -> None:
        """Add or replace `documents` and drop `removed_ids`, visible to the next search."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult: ...

    @abstractmethod
    def suggest(self, words: list[WordQuery], *, limit: int) -> list[int]:
        """Ids of products whose name matches every word, the last one as a beginning."""

    @abstractmethod
    def vocabulary(self) -> Vocabulary:
        """The folded words the index holds: what a query word is matched against."""

    @abstractmethod
    def rebuild(
        self, batches: Iterable[list[ProductDocument]], *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Build a fresh index from `batches` and swap it in at once; returns documents indexed."""

    def refresh(self) -> None:
        """Make every applied change searchable now (Elasticsearch refreshes about every second)."""
        return None

    def schema_current(self) -> bool:
        """False when the index was built by an older version and needs a full rebuild."""
        return True

    def count(self) -> int:
        return self.search(SearchRequest(limit=0, facets=False)).total
