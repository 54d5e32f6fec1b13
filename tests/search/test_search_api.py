"""GraphQL `search`, `searchSuggest` and `products(filter: {search})` on the embedded engine."""

import logging

import pytest

from tests.search.conftest import configure_engine
from tests.search.helpers import product, reindex

pytestmark = pytest.mark.django_db

SEARCH = """
query ($q: String!, $filter: SearchFilterInput, $sort: SearchSort, $first: Int, $after: String) {
  search(query: $q, filter: $filter, sortBy: $sort, first: $first, after: $after) {
    totalCount correctedQuery
    pageInfo { hasNextPage endCursor }
    edges { node { name priceMin } highlight { name description } }
    facets { field buckets { key label count } }
  }
}"""


@pytest.fixture
def embedded(settings, tmp_path):
    configure_engine(settings, "embedded", directory=str(tmp_path / "search"))


@pytest.fixture
def shop(embedded):
    product("Miến dong Na Hang", description="Sợi miến dai, làm từ củ dong riềng.", price=45_000)
    product("Mật ong rừng Lâm Bình", description="Mật ong <nguyên chất> từ rừng.", price=250_000)
    reindex()


def test_search_returns_highlighted_products_with_facets(gql, shop):
    data = gql(SEARCH, {"q": "mien dong"})["data"]["search"]
    assert data["totalCount"] == 1
    edge = data["edges"][0]
    assert edge["node"]["name"] == "Miến dong Na Hang"
    assert edge["highlight"]["name"] == "<mark>Miến</mark> <mark>dong</mark> Na Hang"
    assert "<mark>miến</mark>" in edge["highlight"]["description"]
    facets = {f["field"]: f["buckets"] for f in data["facets"]}
    assert facets["PRICE"][0] == {"key": "0-50000", "label": "Dưới 50.000 ₫", "count": 1}
    assert {b["label"] for b in facets["OCOP_STARS"]} == {"Chưa xếp hạng OCOP"}
    assert data["correctedQuery"] is None


def test_highlights_escape_the_sellers_html(gql, shop):
    edge = gql(SEARCH, {"q": "mat ong"})["data"]["search"]["edges"][0]
    assert "&lt;nguyên chất&gt;" in edge["highlight"]["description"]


def test_typo_and_telex_queries_suggest_the_corrected_words(gql, shop):
    assert gql(SEARCH, {"q": "mein dong"})["data"]["search"]["correctedQuery"] == "miến dong"
    assert gql(SEARCH, {"q": "maajt ong"})["data"]["search"]["correctedQuery"] == "mật ong"


def test_filters_and_sorting_through_the_api(gql, shop):
    data = gql(SEARCH, {"q": "", "filter": {"priceGte": 100_000}, "sort": "PRICE_ASC"})["data"]["search"]
    assert [e["node"]["name"] for e in data["edges"]] == ["Mật ong rừng Lâm Bình"]
    everything = gql(SEARCH, {"q": "", "sort": "PRICE_DESC", "first": 1})["data"]["search"]
    assert everything["totalCount"] == 2 and everything["pageInfo"]["hasNextPage"]
    rest = gql(SEARCH, {"q": "", "sort": "PRICE_DESC", "after": everything["pageInfo"]["endCursor"]})["data"][
        "search"
    ]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Miến dong Na Hang"]


def test_suggestions_complete_the_last_word(gql, shop):
    data = gql('{ searchSuggest(prefix: "mat o") { name highlight product { priceMin } } }')["data"][
        "searchSuggest"
    ]
    assert data == [
        {
            "name": "Mật ong rừng Lâm Bình",
            "highlight": "<mark>Mật</mark> <mark>ong</mark> rừng Lâm Bình",
            "product": {"priceMin": 250_000},
        }
    ]


def test_products_search_filter_uses_the_search_engine(gql, shop):
    # The database filter knows no typos: only the engine finds "mein".
    data = gql('{ products(filter: {search: "mein dong"}) { totalCount edges { node { name } } } }')["data"][
        "products"
    ]
    assert data == {"totalCount": 1, "edges": [{"node": {"name": "Miến dong Na Hang"}}]}


@pytest.mark.parametrize(
    "variables, code",
    [({"q": "x", "first": 101}, "PAGE_SIZE_EXCEEDED"), ({"q": "x", "after": "bad"}, "INVALID_CURSOR")],
)
def test_bad_paging_is_a_coded_error(gql, shop, variables, code):
    body = gql(SEARCH, variables, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == code


def test_an_unreachable_elasticsearch_falls_back_to_the_database(gql, settings, caplog):
    product("Miến dong Na Hang")
    configure_engine(settings, "elasticsearch", url="http://127.0.0.1:9")
    with caplog.at_level(logging.WARNING, logger="search.selectors"):
        data = gql(SEARCH, {"q": "mien dong"})["data"]["search"]
    assert data["totalCount"] == 1 and data["edges"][0]["node"]["name"] == "Miến dong Na Hang"
    assert "answering from the database" in caplog.text


def test_search_runs_a_fixed_number_of_queries(gql, embedded, django_assert_num_queries):
    for n in range(30):
        product(f"Miến dong gói {n}")
    reindex()
    # The page's products with their variants and images (3), then one label query each for
    # categories, communes and districts (3), whatever the page size.
    with django_assert_num_queries(6):
        gql(SEARCH, {"q": "mien dong", "first": 20})
