import graphene
from graphql import FieldNode

from catalog.graphql.queries import CatalogQueries
from catalog.graphql.types import ProductCountableConnection
from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import enum_value, enum_values
from marketplace.graphql.pagination import connection_from_page, page_window
from search import selectors
from search.errors import InvalidSuggestionCount, TooManySuggestions
from search.graphql.types import (
    SearchFacet,
    SearchFilterInput,
    SearchHighlight,
    SearchResultConnection,
    SearchSort,
    SearchSuggestion,
)
from search.highlight import highlight
from search.query import SearchFilters, SearchRequest, Sort, plan_words

MAX_RESULT_WINDOW = 10_000  # engines page through the first 10,000 hits; narrow the query beyond
MAX_SUGGESTIONS = 20


DEFAULT_SUGGESTIONS = 8


def _filters(data: dict) -> SearchFilters:
    return SearchFilters(
        category_ids=[decode_id(i, "Category", field="categories") for i in data.get("categories") or []],
        commune_codes=list(data.get("communes") or []),
        district_codes=list(data.get("districts") or []),
        ocop_stars=list(data.get("ocop_stars") or []),
        business_ids=[decode_id(i, "Business", field="businesses") for i in data.get("businesses") or []],
        business_kinds=enum_values(data.get("business_kinds")),
        price_gte=data.get("price_gte"),
        price_lte=data.get("price_lte"),
        in_stock=data.get("in_stock"),
    )


_LISTING_SORTS = {
    (None, None): Sort.RELEVANCE,
    ("PRICE", "ASC"): Sort.PRICE_ASC,
    ("PRICE", "DESC"): Sort.PRICE_DESC,
    ("CREATED", "ASC"): Sort.OLDEST,
    ("CREATED", "DESC"): Sort.NEWEST,
    ("NAME", "ASC"): Sort.NAME_ASC,
    ("NAME", "DESC"): Sort.NAME_DESC,
}


def listing_sort(field: str | None, direction: str | None) -> str:
    """The search sort for `products(sortBy: {field, direction})`; every pair the API offers
    maps to one, and an unknown pair is refused by the selector (UNSUPPORTED_SORT)."""
    if field is None:
        return Sort.RELEVANCE
    return _LISTING_SORTS.get((field, direction or "ASC"), f"{field}_{direction}")


def search_connection(
    *,
    text: str,
    filters: SearchFilters,
    sort: str,
    first,
    after,
    facets: bool = True,
    connection_type=SearchResultConnection,
):
    """One page of search results as a connection; `products(filter: {search})` uses it too."""
    offset, limit = page_window(first=first, after=after, max_offset=MAX_RESULT_WINDOW)
    limit = max(0, min(limit, MAX_RESULT_WINDOW - offset))
    page = selectors.search_products(
        SearchRequest(text=text, filters=filters, sort=sort, offset=offset, limit=limit, facets=facets)
    )
    highlights = [
        {"highlight": SearchHighlight(name=h.name_highlight, description=h.description_highlight)}
        for h in page.hits
    ]
    connection = connection_from_page(
        connection_type,
        [hit.product for hit in page.hits],
        offset=offset,
        has_next=offset + len(page.hits) < min(page.total, MAX_RESULT_WINDOW),
        edge_fields=highlights if connection_type is SearchResultConnection else None,
    )
    connection.total_count = page.total
    connection.corrected_query = page.corrected_query
    connection.facets = [SearchFacet(field=field, buckets=buckets) for field, buckets in page.facets.items()]
    return connection


class SearchQueries(graphene.ObjectType):
    search = graphene.Field(
        graphene.NonNull(SearchResultConnection),
        query=graphene.String(required=True, description="Gõ có dấu, không dấu, Telex hay VNI đều được."),
        filter=SearchFilterInput(),
        sort_by=SearchSort(default_value=SearchSort.RELEVANCE.value),
        first=graphene.Int(),
        after=graphene.String(),
        description="Tìm sản phẩm đang bán: kết quả, số lượng theo từng bộ lọc và gợi ý sửa từ khoá.",
    )
    search_suggest = graphene.Field(
        graphene.NonNull(graphene.List(graphene.NonNull(SearchSuggestion))),
        prefix=graphene.String(required=True),
        first=graphene.Int(default_value=DEFAULT_SUGGESTIONS, description="1 đến 20; mặc định 8."),
        description='Gợi ý tên sản phẩm khi đang gõ ("mat o" → "Mật ong …").',
    )

    # The same field as catalog's (arguments and type), answered here: composed before
    # CatalogQueries in marketplace.graphql.schema, this resolver is the one the schema uses.
    products = CatalogQueries.products

    def resolve_products(root, info, filter=None, sort_by=None, first=None, after=None, **rest):
        filter, sort_by = filter or {}, sort_by or {}
        if not selectors.listing_uses_search(search=filter.get("search"), statuses=filter.get("status")):
            return CatalogQueries.resolve_products(
                root, info, filter=filter, sort_by=sort_by, first=first, after=after, **rest
            )
        return search_connection(
            text=filter["search"],
            filters=SearchFilters(
                category_ids=[
                    decode_id(i, "Category", field="categories") for i in filter.get("categories") or []
                ],
                commune_codes=list(filter.get("communes") or []),
                business_ids=[
                    decode_id(i, "Business", field="businesses") for i in filter.get("businesses") or []
                ],
                ocop_stars=list(filter.get("ocop_stars") or []),
                price_gte=filter.get("price_gte"),
                price_lte=filter.get("price_lte"),
                in_stock=filter.get("in_stock"),
            ),
            sort=listing_sort(enum_value(sort_by.get("field")), enum_value(sort_by.get("direction"))),
            first=first,
            after=after,
            facets=False,
            connection_type=ProductCountableConnection,
        )

    def resolve_search(root, info, query, filter=None, sort_by=None, first=None, after=None):
        # Facets cost an aggregation: computed only when asked for (or possibly, via a fragment).
        facets_wanted = any(
            not isinstance(selection, FieldNode) or selection.name.value == "facets"
            for field in info.field_nodes
            for selection in (field.selection_set.selections if field.selection_set else [])
        )
        return search_connection(
            text=query,
            filters=_filters(filter or {}),
            sort=enum_value(sort_by) or SearchSort.RELEVANCE.value,
            first=first,
            after=after,
            facets=facets_wanted,
        )

    def resolve_search_suggest(root, info, prefix, first=DEFAULT_SUGGESTIONS):
        if first is None:  # an explicit null asks for the default
            first = DEFAULT_SUGGESTIONS
        if first < 1:
            raise InvalidSuggestionCount(field="first")
        if first > MAX_SUGGESTIONS:
            raise TooManySuggestions(field="first")
        words = plan_words(prefix)
        return [
            SearchSuggestion(name=p.name, highlight=highlight(p.name, words), product=p)
            for p in selectors.suggest_products(prefix, limit=first)
        ]
