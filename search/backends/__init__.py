"""Search engines behind one interface; `get_backend()` returns the configured one."""

from functools import cache

from django.conf import settings

from search.backends.base import SearchBackend, SearchUnavailable

__all__ = ["SearchBackend", "SearchUnavailable", "get_backend", "reset_backends"]


@cache
def _backend(name: str, location: str) -> SearchBackend:
    if name == "embedded":
        from search.backends.embedded import EmbeddedBackend

        return EmbeddedBackend(location)
    if name == "elasticsearch":
        from search.backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend(
            location, index=settings.ELASTICSEARCH_INDEX, timeout=settings.ELASTICSEARCH_TIMEOUT_SECONDS
        )
    if name == "database":
        from search.backends.database import DatabaseBackend

        return DatabaseBackend()
    raise ValueError(f"SEARCH_BACKEND must be embedded, elasticsearch or database, not {name!r}")


def get_backend(name: str | None = None) -> SearchBackend:
    name = name or settings.SEARCH_BACKEND
    location = settings.ELASTICSEARCH_URL if name == "elasticsearch" else str(settings.SEARCH_INDEX_DIR)
    return _backend(name, location)


def reset_backends() -> None:
    """Forget open engines (tests switch index directories and servers)."""
    _backend.cache_clear()
