import graphene

from catalog.graphql.types import ProductType
from marketplace.businesses.graphql.types import BusinessKind
from search.query import Sort


class SearchSort(graphene.Enum):
    RELEVANCE = Sort.RELEVANCE
    PRICE_ASC = Sort.PRICE_ASC
    PRICE_DESC = Sort.PRICE_DESC
    NEWEST = Sort.NEWEST
    OLDEST = Sort.OLDEST
    NAME_ASC = Sort.NAME_ASC
    NAME_DESC = Sort.NAME_DESC


class SearchFacetField(graphene.Enum):
    CATEGORY = "category"
    COMMUNE = "commune"
    DISTRICT = "district"
    OCOP_STARS = "ocop_stars"
    BUSINESS_KIND = "business_kind"
    PRICE = "price"


class SearchFilterInput(graphene.InputObjectType):
    categories = graphene.List(graphene.NonNull(graphene.ID), description="Danh mục (gồm cả danh mục con).")
    communes = graphene.List(graphene.NonNull(graphene.String), description="Mã xã, phường xuất xứ.")
    districts = graphene.List(graphene.NonNull(graphene.String), description="Mã huyện cũ (trước 7/2025).")
    ocop_stars = graphene.List(graphene.NonNull(graphene.Int), description="Số sao OCOP; 0 là chưa xếp hạng.")
    businesses = graphene.List(graphene.NonNull(graphene.ID))
    business_kinds = graphene.List(graphene.NonNull(BusinessKind))
    price_gte = graphene.Int(description="Giá thấp nhất của sản phẩm từ (VND).")
    price_lte = graphene.Int(description="Giá thấp nhất của sản phẩm đến (VND).")
    in_stock = graphene.Boolean()


class SearchHighlight(graphene.ObjectType):
    """HTML: the original text, escaped, with matched words in <mark>."""

    name = graphene.String(description="Tên sản phẩm, từ khớp trong <mark>.")
    description = graphene.String(description="Đoạn mô tả quanh từ khớp đầu tiên.")


class SearchFacetBucket(graphene.ObjectType):
    key = graphene.String(required=True, description="Giá trị để lọc (mã xã, số sao, khoảng giá …).")
    label = graphene.String(required=True)
    count = graphene.Int(required=True)


class SearchFacet(graphene.ObjectType):
    field = graphene.Field(SearchFacetField, required=True)
    buckets = graphene.List(graphene.NonNull(SearchFacetBucket), required=True)


class SearchResultConnection(graphene.relay.Connection):
    total_count = graphene.Int(required=True)
    facets = graphene.List(graphene.NonNull(SearchFacet), required=True)
    corrected_query = graphene.String(description='Gợi ý sửa từ khoá ("mein dong" → "miến dong").')

    class Meta:
        node = ProductType

    class Edge:
        highlight = graphene.Field(SearchHighlight)


class SearchSuggestion(graphene.ObjectType):
    name = graphene.String(required=True)
    highlight = graphene.String(description="Tên với phần đã gõ trong <mark>.")
    product = graphene.Field(ProductType, required=True)
