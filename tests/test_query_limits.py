"""The depth/cost check refuses expensive queries cheaply, whatever their shape."""

import time

import pytest

from marketplace.text import SEARCH_MAX_WORDS, search_filter


def test_fragment_fan_out_is_measured_once_not_exponentially(gql):
    fragments = "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(40))
    query = "query { ...F0 }\n" + fragments + "fragment F40 on Query { categories { name } }"
    started = time.perf_counter()
    body = gql(query, allow_errors=True)
    # 2**40 spreads: refused as too costly, and the check itself does ~40 steps of work.
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert time.perf_counter() - started < 5  # a guard against exponential work, not a benchmark


def test_many_aliased_counts_are_too_costly(gql):
    aliases = " ".join(
        f'a{i}: products(first: 0, filter: {{search: "a"}}) {{ totalCount }}' for i in range(1000)
    )
    body = gql("{ " + aliases + " }", allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_page_without_first_is_costed_as_a_default_page(gql, settings):
    settings.GRAPHQL_MAX_COST = 150
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
