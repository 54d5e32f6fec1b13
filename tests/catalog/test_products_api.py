import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Product, ProductImage
from marketplace.businesses.models import Business
from marketplace.graphql.ids import encode_id
from tests.factories import (
    BusinessFactory,
    CategoryFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
    VariantFactory,
    business_with_owner,
)

LIST = """
query($first: Int, $after: String, $filter: ProductFilterInput, $sortBy: ProductSortInput) {
  products(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name slug description status ocopStars priceMin priceMax inStock
      category { id name slug }
      business { id name kind }
      originCommune { code name }
      thumbnail { url }
      images { url thumbnailUrl }
      variants { id name sku price stock unit }
    } }
  }
}"""


def names(body):
    return [edge["node"]["name"] for edge in body["data"]["products"]["edges"]]


def test_product_list_runs_in_a_fixed_number_of_queries(gql):
    for i in range(25):
        product = ProductFactory(name=f"Chè Shan tuyết {i:02d}")
        VariantFactory(product=product)
        VariantFactory(product=product, name="Hộp 200 g", price=250_000)
        ProductImage.objects.create(
            product=product,
            image="products/x.jpg",
            width=800,
            height=800,
            thumbnail_200="a.webp",
            thumbnail_600="b.webp",
        )
    with CaptureQueriesContext(connection) as ctx:
        body = gql(LIST, {"first": 20})
    # count, page (+business, category, commune), variants, images
    assert len(ctx.captured_queries) == 4, "\n".join(q["sql"] for q in ctx.captured_queries)
    assert body["data"]["products"]["totalCount"] == 25
    node = body["data"]["products"]["edges"][0]["node"]
    assert node["priceMin"] == 50_000 and node["priceMax"] == 250_000
    assert node["thumbnail"]["url"].endswith("products/x.jpg")
    assert len(node["variants"]) == 2 and node["inStock"] is True


def test_page_size_is_capped_at_100(gql):
    body = gql(LIST, {"first": 101}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert gql(LIST, {"first": 100})["data"]["products"]["totalCount"] == 0


def test_pages_follow_each_other_without_overlap(gql):
    for i in range(5):
        ProductFactory(name=f"Mật ong {i}")
    first = gql(LIST, {"first": 2})["data"]["products"]
    second = gql(LIST, {"first": 2, "after": first["pageInfo"]["endCursor"]})["data"]["products"]
    assert [e["node"]["name"] for e in first["edges"]] == ["Mật ong 0", "Mật ong 1"]
    assert [e["node"]["name"] for e in second["edges"]] == ["Mật ong 2", "Mật ong 3"]
    assert second["pageInfo"]["hasNextPage"] is True


def test_garbage_cursor_is_a_clear_error(gql):
    body = gql(LIST, {"after": "not-a-cursor"}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


def test_public_sees_only_approved_products_of_approved_sellers(gql):
    ProductFactory(name="Bán được")
    ProductFactory(name="Nháp", status=Product.Status.DRAFT)
    ProductFactory(name="Chờ duyệt", status=Product.Status.PENDING)
    ProductFactory(name="Của cơ sở bị tạm ngừng", business=BusinessFactory(status=Business.Status.SUSPENDED))
    assert names(gql(LIST)) == ["Bán được"]


def test_seller_also_sees_own_drafts_and_officer_sees_all(gql):
    business, owner = business_with_owner()
    ProductFactory(name="A nháp của tôi", business=business, status=Product.Status.DRAFT)
    ProductFactory(name="B nháp người khác", status=Product.Status.DRAFT)
    ProductFactory(name="C công khai")
    assert names(gql.login(owner)(LIST)) == ["A nháp của tôi", "C công khai"]
    assert len(names(gql.login(OfficerFactory())(LIST))) == 3
    pending = gql(LIST, {"filter": {"status": ["DRAFT"]}})
    assert names(pending) == ["A nháp của tôi", "B nháp người khác"]


def test_search_without_accents_finds_accented_names(gql):
    ProductFactory(name="Miến dong Sơn Dương", description="Làm từ củ dong riềng")
    ProductFactory(name="Mật ong bạc hà", description="Mật ong từ hoa bạc hà Hà Giang")
    assert names(gql(LIST, {"filter": {"search": "mien dong"}})) == ["Miến dong Sơn Dương"]
    assert names(gql(LIST, {"filter": {"search": "MẬT ONG"}})) == ["Mật ong bạc hà"]
    assert names(gql(LIST, {"filter": {"search": "dong rieng"}})) == ["Miến dong Sơn Dương"]


def test_filters_by_ocop_stars_price_and_stock(gql):
    cheap = ProductFactory(name="Cam sành", ocop_stars=3)
    VariantFactory(product=cheap, price=25_000, stock=0)
    dear = ProductFactory(name="Mật ong rừng", ocop_stars=5)
    VariantFactory(product=dear, price=450_000, stock=3)
    ProductFactory(name="Bún ngô")
    assert names(gql(LIST, {"filter": {"ocopStars": [4, 5]}})) == ["Mật ong rừng"]
    assert names(gql(LIST, {"filter": {"priceGte": 30_000, "priceLte": 500_000}})) == ["Mật ong rừng"]
    assert names(gql(LIST, {"filter": {"inStock": True}})) == ["Mật ong rừng"]
    assert names(gql(LIST, {"filter": {"inStock": False}})) == ["Bún ngô", "Cam sành"]


def test_category_filter_includes_sub_categories(gql):
    food = CategoryFactory(name="Thực phẩm")
    honey = CategoryFactory(name="Mật ong", parent=food)
    drinks = CategoryFactory(name="Đồ uống")
    ProductFactory(name="Mật ong bạc hà", category=honey)
    ProductFactory(name="Rượu ngô", category=drinks)
    body = gql(LIST, {"filter": {"categories": [encode_id("Category", food.pk)]}})
    assert names(body) == ["Mật ong bạc hà"]


def test_sort_by_price_descending_and_by_newest(gql):
    for name, price in [("Cam", 30_000), ("Chè", 200_000), ("Bún", 40_000)]:
        VariantFactory(product=ProductFactory(name=name), price=price)
    by_price = gql(LIST, {"sortBy": {"field": "PRICE", "direction": "DESC"}})
    assert names(by_price) == ["Chè", "Bún", "Cam"]
    newest = gql(LIST, {"sortBy": {"field": "CREATED", "direction": "DESC"}})
    assert names(newest) == ["Bún", "Chè", "Cam"]


def test_product_by_slug_and_by_id(gql):
    product = ProductFactory(name="Chè Shan tuyết Na Hang")
    query = "query($id: ID, $slug: String) { product(id: $id, slug: $slug) { name } }"
    assert gql(query, {"slug": "che-shan-tuyet-na-hang"})["data"]["product"]["name"] == product.name
    assert gql(query, {"id": encode_id("Product", product.pk)})["data"]["product"]["name"] == product.name
    body = gql(query, {}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "ID_OR_SLUG_REQUIRED"


def test_hidden_product_is_not_found_by_slug_for_the_public(gql):
    ProductFactory(name="Tam thất", status=Product.Status.HIDDEN)
    assert gql('{ product(slug: "tam-that") { name } }')["data"]["product"] is None


def test_foreign_id_type_is_refused(gql):
    body = gql(
        "query($id: ID) { product(id: $id) { name } }", {"id": encode_id("Business", 1)}, allow_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"


def test_too_deep_query_is_refused_before_execution(gql):
    deep = "{ categories { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } }"
    body = gql(deep, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def test_too_costly_query_is_refused(gql, settings):
    settings.GRAPHQL_MAX_COST = 500
    body = gql(
        "{ products(first: 100) { edges { node { name slug variants { name price sku } } } } }",
        allow_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_categories_list_is_one_query(gql, django_assert_num_queries):
    food = CategoryFactory(name="Thực phẩm")
    for name in ("Mật ong", "Gạo và ngũ cốc", "Bánh kẹo"):
        CategoryFactory(name=name, parent=food)
    with django_assert_num_queries(1):
        body = gql("{ categories { id name slug ocopGroup parent { id name } } }")
    assert len(body["data"]["categories"]) >= 4


def test_categories_list(gql):
    food = CategoryFactory(name="Thực phẩm")
    CategoryFactory(name="Miến, bún và đồ khô", parent=food)
    body = gql("{ categories { name slug parent { name } } }")
    assert {
        "name": "Miến, bún và đồ khô",
        "slug": "mien-bun-va-do-kho",
        "parent": {"name": "Thực phẩm"},
    } in body["data"]["categories"]


@pytest.mark.parametrize("field", ["categories", "businesses"])
def test_filter_ids_are_validated(gql, field):
    body = gql(LIST, {"filter": {field: ["nonsense"]}}, allow_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"


def test_a_stranger_cannot_read_a_draft_by_id(gql):
    product = ProductFactory(status=Product.Status.DRAFT)
    query = "query($id: ID) { product(id: $id) { name } }"
    assert (
        gql.login(UserFactory())(query, {"id": encode_id("Product", product.pk)})["data"]["product"] is None
    )


def test_nested_places_and_category_parents_add_no_queries(gql):
    food = CategoryFactory(name="Thực phẩm")
    honey = CategoryFactory(name="Mật ong", parent=food)
    for i in range(15):
        VariantFactory(product=ProductFactory(name=f"Mật ong {i}", category=honey))
    query = """{ products(first: 15) { edges { node { name
      category { name parent { name } }
      originCommune { code name province { name } legacyDistrict { name } }
      business { name commune { name province { name } legacyDistrict { name } } }
      variants { price } } } } }"""
    with CaptureQueriesContext(connection) as ctx:
        body = gql(query)
    assert len(body["data"]["products"]["edges"]) == 15
    assert body["data"]["products"]["edges"][0]["node"]["category"]["parent"] == {"name": "Thực phẩm"}
    assert len(ctx.captured_queries) == 3  # page with every join, variants, images (always prefetched)
