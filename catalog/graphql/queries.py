import graphene
from django.utils.translation import gettext_lazy as _

from catalog import selectors
from catalog.graphql.types import CategoryType, ProductCountableConnection, ProductStatus, ProductType
from marketplace.errors import DomainError
from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import SortDirection, enum_value, enum_values
from marketplace.graphql.pagination import connection_args, paginate


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String(description='Tên hoặc mô tả; gõ không dấu cũng được ("mien dong").')
    categories = graphene.List(graphene.NonNull(graphene.ID), description="Danh mục (gồm cả danh mục con).")
    communes = graphene.List(graphene.NonNull(graphene.String), description="Mã xã, phường xuất xứ.")
    businesses = graphene.List(graphene.NonNull(graphene.ID))
    ocop_stars = graphene.List(graphene.NonNull(graphene.Int))
    price_gte = graphene.Int()
    price_lte = graphene.Int()
    in_stock = graphene.Boolean()
    status = graphene.List(
        graphene.NonNull(ProductStatus), description="Cán bộ và người bán lọc theo trạng thái."
    )


class ProductSortField(graphene.Enum):
    NAME = "NAME"
    PRICE = "PRICE"
    CREATED = "CREATED"


class ProductSortInput(graphene.InputObjectType):
    field = ProductSortField(required=True)
    direction = SortDirection(default_value=SortDirection.ASC.value)


class ProductLookupMissing(DomainError):
    code = "ID_OR_SLUG_REQUIRED"
    message = _("Cần truyền đúng một trong hai: id hoặc slug.")


class CatalogQueries(graphene.ObjectType):
    products = graphene.Field(
        graphene.NonNull(ProductCountableConnection),
        filter=ProductFilterInput(),
        sort_by=ProductSortInput(),
        **connection_args(),
    )
    product = graphene.Field(ProductType, id=graphene.ID(), slug=graphene.String())
    categories = graphene.List(graphene.NonNull(CategoryType), required=True)

    def resolve_products(root, info, filter=None, sort_by=None, first=None, after=None):
        # The database listing. The schema answers `products` through search.graphql.queries,
        # which sends a buyer's text search to the search engine and everything else here.
        filter = filter or {}
        sort_by = sort_by or {}
        category_ids = [decode_id(i, "Category", field="categories") for i in filter.get("categories") or []]
        business_ids = [decode_id(i, "Business", field="businesses") for i in filter.get("businesses") or []]
        qs = selectors.product_list(
            user=info.context.user,
            search=filter.get("search"),
            category_ids=category_ids,
            commune_codes=filter.get("communes"),
            business_ids=business_ids,
            ocop_stars=filter.get("ocop_stars"),
            price_gte=filter.get("price_gte"),
            price_lte=filter.get("price_lte"),
            in_stock=filter.get("in_stock"),
            statuses=enum_values(filter.get("status")),
            sort_field=enum_value(sort_by.get("field")),
            descending=enum_value(sort_by.get("direction")) == "DESC",
        )
        return paginate(qs, ProductCountableConnection, first=first, after=after)

    def resolve_product(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise ProductLookupMissing()
        if id is not None:
            return selectors.product_get(user=info.context.user, product_id=decode_id(id, "Product"))
        return selectors.product_get(user=info.context.user, slug=slug)

    def resolve_categories(root, info):
        return selectors.category_list()
