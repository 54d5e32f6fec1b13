"""Relevance on the seeded demo catalogue (2,447 products): what buyers type must bring the
right products into the first ten, on both engines, and both engines must agree."""

import unicodedata
import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings

from catalog.demo.seeding import demo_data_delete
from catalog.models import Category, Product
from marketplace.regions.models import LegacyDistrict
from search.backends.elastic import ElasticsearchBackend
from search.backends.embedded import EmbeddedBackend
from search.documents import all_documents
from search.query import SearchFilters, SearchRequest
from tests.search.conftest import drop_elasticsearch_index
from tests.search.relevance_cases import RELEVANCE_CASES

TOP = 10


@pytest.fixture(scope="module")
def engines(django_db_setup, django_db_blocker, tmp_path_factory, elasticsearch_url):
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("relevance-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast_hasher, SEARCH_BACKEND="database"),
    ):
        call_command("seed_demo", "--allow-without-debug", verbosity=0)
        embedded = EmbeddedBackend(str(tmp_path_factory.mktemp("relevance-index")))
        elastic = ElasticsearchBackend(
            elasticsearch_url, index=f"test-relevance-{uuid.uuid4().hex[:8]}", timeout=30
        )
        for backend in (embedded, elastic):
            backend.rebuild(all_documents())
        try:
            yield {"embedded": embedded, "elasticsearch": elastic}
        finally:
            drop_elasticsearch_index(elastic)
            demo_data_delete()


def _filters(spec: dict) -> SearchFilters:
    return SearchFilters(
        district_codes=list(
            LegacyDistrict.objects.filter(
                name__in=[f"Huyện {n}" for n in spec.get("district_names", [])]
                + spec.get("district_names", [])
            ).values_list("code", flat=True)
        ),
        category_ids=list(
            Category.objects.filter(slug__in=spec.get("category_slugs", [])).values_list("pk", flat=True)
        ),
        ocop_stars=spec.get("ocop_stars", []),
        in_stock=spec.get("in_stock"),
    )


def _top(backend, case) -> list[Product]:
    result = backend.search(
        SearchRequest(text=case.query, filters=_filters(case.filters), limit=TOP, facets=False)
    )
    by_id = Product.objects.in_bulk(result.ids)
    return [by_id[i] for i in result.ids]


def _counts(facets) -> dict:
    return {field: {b.key: b.count for b in buckets} for field, buckets in facets.items()}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def test_the_suite_is_large_and_varied():
    kinds = {case.kind for case in RELEVANCE_CASES}
    assert len(RELEVANCE_CASES) >= 40
    assert {"accented", "unaccented", "telex", "vni", "typo", "prefix", "filter"} <= kinds


@pytest.mark.django_db
@pytest.mark.parametrize("engine_name", ["embedded", "elasticsearch"])
@pytest.mark.parametrize("case", RELEVANCE_CASES, ids=lambda c: f"{c.kind}:{c.query}")
def test_expected_products_are_in_the_top_ten(engines, engine_name, case):
    top = _top(engines[engine_name], case)
    missing = [want for want in case.expect if not any(_nfc(want) in _nfc(p.name) for p in top)]
    assert not missing, f"{case.query!r} top {TOP}: {[p.name for p in top]}"
    if case.filters.get("ocop_stars"):
        assert all(p.ocop_stars in case.filters["ocop_stars"] for p in top)


@pytest.mark.django_db
@pytest.mark.parametrize("case", RELEVANCE_CASES, ids=lambda c: f"{c.kind}:{c.query}")
def test_both_engines_give_the_same_answer(engines, case):
    request = SearchRequest(text=case.query, filters=_filters(case.filters), limit=TOP, facets=True)
    tantivy, elastic = (engines[name].search(request) for name in ("embedded", "elasticsearch"))
    assert tantivy.total == elastic.total
    assert tantivy.ids == elastic.ids
    assert _counts(tantivy.facets) == _counts(elastic.facets)
