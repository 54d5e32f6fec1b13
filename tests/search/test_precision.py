"""What a buyer asked for, and only that: the defects of issue 8 through the API.

The engine-by-engine cases are in test_engines.py (all three engines); these go through
GraphQL on the embedded engine, as the storefront does."""

import pytest
import tantivy

from search.backends.embedded import EmbeddedBackend
from tests.search.conftest import configure_engine
from tests.search.helpers import product, reindex

pytestmark = pytest.mark.django_db

SEARCH = """query ($q: String!, $sort: SearchSort, $first: Int) {
  search(query: $q, sortBy: $sort, first: $first) {
    totalCount correctedQuery edges { node { name } } } }"""
PRODUCTS = """query ($q: String!, $sort: ProductSortInput) {
  products(filter: {search: $q}, sortBy: $sort) { totalCount edges { node { name } } } }"""
SUGGEST = 'query ($first: Int) { searchSuggest(prefix: "mat", first: $first) { name } }'


@pytest.fixture
def embedded(settings, tmp_path):
    configure_engine(settings, "embedded", directory=str(tmp_path / "search"))


@pytest.fixture
def market(embedded):
    """Miến dong among products one typo away from its words: the issue's "mien dong" case."""
    product("Miến dong Na Hang 200g", description="Sợi miến dai.", price=45_000)
    product("Miến dong Sơn Dương", description="Làm từ củ dong riềng.", price=60_000)
    product("Bưởi Soi Hà Minh Tiến", description="Nông sản sạch của vùng đồng bằng.", price=20_000)
    product("Men lá rượu ngô", description="Men truyền thống.", price=15_000)
    product("Mật ong rừng", description="Kiến và biến đổi khí hậu không ảnh hưởng.", price=250_000)
    reindex()


def _names(data) -> list[str]:
    return [e["node"]["name"] for e in data["edges"]]


def test_mien_dong_by_price_finds_only_mien_dong(gql, market):
    data = gql(PRODUCTS, {"q": "mien dong", "sort": {"field": "PRICE"}})["data"]["products"]
    assert _names(data) == ["Miến dong Na Hang 200g", "Miến dong Sơn Dương"]


@pytest.mark.parametrize("query", ["mien dong na hang 200g", "mien na hang", "mien dong"])
def test_correctly_typed_queries_are_not_corrected(gql, market, query):
    assert gql(SEARCH, {"q": query})["data"]["search"]["correctedQuery"] is None


def test_a_typo_is_corrected_to_a_word_of_the_catalogue(gql, market):
    data = gql(SEARCH, {"q": "mein dong"})["data"]["search"]
    assert data["correctedQuery"] == "miến dong"
    assert set(_names(data)) == {"Miến dong Na Hang 200g", "Miến dong Sơn Dương"}


@pytest.mark.parametrize("query", ["*", "(((", "%", "\\", "🍯", "_", "  *  "])
def test_a_query_of_symbols_only_is_refused_with_a_code(gql, market, query):
    body = gql(SEARCH, {"q": query}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "SEARCH_QUERY_HAS_NO_WORDS"
    body = gql(PRODUCTS, {"q": query}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "SEARCH_QUERY_HAS_NO_WORDS"


@pytest.mark.parametrize(
    "sort, expected",
    [
        ({"field": "NAME"}, ["Men lá rượu ngô", "Miến dong Na Hang 200g", "Miến dong Sơn Dương"]),
        ({"field": "NAME", "direction": "DESC"}, ["Miến dong Sơn Dương", "Miến dong Na Hang 200g"]),
        ({"field": "CREATED"}, ["Miến dong Na Hang 200g", "Miến dong Sơn Dương"]),
        ({"field": "CREATED", "direction": "DESC"}, ["Miến dong Sơn Dương", "Miến dong Na Hang 200g"]),
    ],
)
def test_products_search_honours_name_and_created_sorts(gql, market, sort, expected):
    query = "men mien" if expected[0].startswith("Men") else "mien"
    data = gql(PRODUCTS, {"q": query, "sort": sort})["data"]["products"]
    assert _names(data)[: len(expected)] == expected


def test_search_api_offers_name_sorts(gql, market):
    data = gql(SEARCH, {"q": "mien", "sort": "NAME_DESC"})["data"]["search"]
    assert _names(data) == ["Miến dong Sơn Dương", "Miến dong Na Hang 200g"]


@pytest.mark.parametrize("first", [0, -1])
def test_suggestions_refuse_a_count_below_one(gql, market, first):
    body = gql(SUGGEST, {"first": first}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


def test_suggestions_with_a_null_count_use_the_default(gql, market):
    assert gql(SUGGEST, {"first": None})["data"]["searchSuggest"] == [{"name": "Mật ong rừng"}]


def _tantivy_panic():
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", fast=True, indexed=True)
    tantivy.Index(builder.build()).searcher().search(tantivy.Query.all_query(), 0)  # panics: limit 0


def test_an_engine_panic_falls_back_to_the_database(gql, market, monkeypatch):
    monkeypatch.setattr(EmbeddedBackend, "suggest", lambda self, words, limit: _tantivy_panic())
    monkeypatch.setattr(EmbeddedBackend, "search", lambda self, request: _tantivy_panic())
    assert gql(SUGGEST, {"first": 3})["data"]["searchSuggest"] == [{"name": "Mật ong rừng"}]
    assert _names(gql(SEARCH, {"q": "mien dong"})["data"]["search"]) == [
        "Miến dong Sơn Dương",
        "Miến dong Na Hang 200g",
    ]
