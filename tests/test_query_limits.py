"""The depth/cost check refuses expensive queries cheaply, whatever their shape."""

import time

import pytest

from marketplace.text import SEARCH_MAX_WORDS, search_filter


def test_fragment_fan_out_is_measured_once_not_exponentially(gql):
    fragments = "".join(f"fragment F{i} on Category {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(40))
    query = "query { categories { ...F0 } }\n" + fragments + "fragment F40 on Category { name }"
    started = time.perf_counter()
    body = gql(query, allow_errors=True)
    # 2**40 spreads: refused as too costly, and the check itself does ~40 steps of work.
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert time.perf_counter() - started < 5  # a guard against exponential work, not a benchmark


def test_a_thousand_aliased_counts_are_refused(gql):
    aliases = " ".join(
        f'a{i}: products(first: 0, filter: {{search: "a"}}) {{ totalCount }}' for i in range(1000)
    )
    body = gql("{ " + aliases + " }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_a_page_without_first_is_costed_as_a_default_page(gql, settings):
    settings.GRAPHQL_MAX_COST = 100
    cheap = gql("{ products(first: 1) { edges { node { name slug } } } }", allow_errors=True)
    assert "errors" not in cheap
    implicit = gql("{ products { edges { node { name slug variants { name price } } } } }", allow_errors=True)
    assert implicit["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_the_storefront_listing_fits_the_default_limits(gql):
    body = gql("""{ products(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { node {
      id name slug priceMin priceMax inStock ocopStars category { name } business { name kind }
      thumbnail { url } variants { id name sku price stock unit } } } } }""")
    assert body["data"]["products"]["totalCount"] == 0


@pytest.mark.parametrize("words", [SEARCH_MAX_WORDS + 5, 5000])
def test_search_uses_a_bounded_number_of_words(words):
    condition = search_filter(" ".join(f"tu{i}" for i in range(words)))
    assert len(condition.children) == SEARCH_MAX_WORDS


SEARCH_WITH_FACETS = (
    's{i}: search(query: "mien", first: 1) {{ totalCount facets {{ field buckets {{ value count }} }} }}'
)


def test_a_thousand_aliased_searches_with_facets_are_refused_before_running(gql, monkeypatch):
    from search import selectors

    monkeypatch.setattr(selectors, "search_products", lambda *a, **k: pytest.fail("a search ran"))
    body = gql("{ " + " ".join(SEARCH_WITH_FACETS.format(i=i) for i in range(1000)) + " }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_root_fields_beyond_the_limit_are_refused(gql, settings):
    settings.GRAPHQL_MAX_ROOT_FIELDS = 3
    body = gql(
        "{ a: categories { name } b: categories { name } c: categories { name } d: me { id } }",
        allow_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_root_fields_spread_through_fragments_are_counted(gql, settings):
    settings.GRAPHQL_MAX_ROOT_FIELDS = 3
    query = "query { ...A ...A } fragment A on Query { categories { name } me { id } }"
    body = gql(query, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_aliases_beyond_the_limit_are_refused(gql, settings):
    settings.GRAPHQL_MAX_ALIASES = 2
    body = gql("{ categories { a: name b: name c: name } }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_field_nodes_beyond_the_limit_are_refused(gql, settings):
    settings.GRAPHQL_MAX_FIELDS = 5
    body = gql("{ categories { name slug id parent { name slug } } }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_a_document_beyond_the_token_limit_is_refused(gql, settings):
    settings.GRAPHQL_MAX_TOKENS = 50
    body = gql("{ categories { " + "name " * 60 + "} }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_searches_with_facets_are_costed_as_passes_not_as_fields(gql, settings):
    settings.GRAPHQL_MAX_ROOT_FIELDS = 100
    body = gql("{ " + " ".join(SEARCH_WITH_FACETS.format(i=i) for i in range(30)) + " }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_search_costs_more_than_a_page_of_plain_fields(gql, settings):
    settings.GRAPHQL_MAX_COST = 1_000
    assert "errors" not in gql("{ products(first: 20) { edges { node { name slug priceMin } } } }")
    body = gql('{ search(query: "mien", first: 1) { edges { node { name } } } }', allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_filter_given_as_a_variable_is_costed_as_a_search(gql, settings):
    settings.GRAPHQL_MAX_COST = 500
    query = "query($f: ProductFilterInput) { products(first: 1, filter: $f) { edges { node { name } } } }"
    body = gql(query, {"f": {"search": "mien"}}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_connection_fields_are_counted_once_not_per_item(gql, settings):
    # 20 + pageInfo (3) + edges (1 + 100 × 2): well under a limit that 100 × pageInfo would pass.
    settings.GRAPHQL_MAX_COST = 300
    body = gql("{ products(first: 100) { pageInfo { hasNextPage endCursor } edges { node { name } } } }")
    assert body["data"]["products"]["edges"] == []
