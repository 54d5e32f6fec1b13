import graphene
from graphene_django import DjangoObjectType

from catalog.graphql.images import ProductImageType
from catalog.models import Category, Product, ProductVariant
from marketplace.businesses.graphql.types import (
    BusinessType,
    OcopGroupEnum,
    announce_businesses,
    can_see_private,
)
from marketplace.graphql.pagination import CountableConnection
from marketplace.regions.graphql.types import CommuneType

ProductStatus = graphene.Enum.from_enum(
    Product.Status, name="ProductStatus", description="Trạng thái duyệt sản phẩm"
)


class CategoryType(DjangoObjectType):
    parent = graphene.Field(lambda: CategoryType)
    ocop_group = graphene.Field(OcopGroupEnum)

    class Meta:
        model = Category
        name = "Category"
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "slug", "parent", "ocop_group")

    def resolve_ocop_group(self, info):
        return self.ocop_group or None


class ProductVariantType(DjangoObjectType):
    price = graphene.Int(required=True, description="Giá, đồng (VND), số nguyên.")
    stock = graphene.Int(required=True)

    class Meta:
        model = ProductVariant
        name = "ProductVariant"
        interfaces = (graphene.relay.Node,)
        fields = ("id", "name", "sku", "price", "unit", "stock", "weight_grams")

    @classmethod
    def get_node(cls, info, id):
        """A variant is visible where its product is (node(id:) must not show a hidden product's)."""
        from catalog.selectors import product_visible_to

        visible = product_visible_to(info.context.user).values("pk")
        return ProductVariant.objects.filter(pk=int(id), product_id__in=visible).first()


# The lists catalog.selectors.with_listing_relations loaded; a product from elsewhere (a
# mutation's answer) reads them from the database.
def _variants(product: Product) -> list[ProductVariant]:
    listed = getattr(product, "listed_variants", None)
    return listed if listed is not None else list(product.variants.all())


def _images(product: Product) -> list:
    listed = getattr(product, "listed_images", None)
    return listed if listed is not None else list(product.images.all())


class ProductType(DjangoObjectType):
    status = graphene.Field(ProductStatus, required=True)
    category = graphene.Field(CategoryType, required=True)
    business = graphene.Field(BusinessType, required=True)
    origin_commune = graphene.Field(CommuneType)
    ocop_stars = graphene.Int()
    price_min = graphene.Int(description="Giá thấp nhất trong các loại hàng (VND).")
    price_max = graphene.Int(description="Giá cao nhất trong các loại hàng (VND).")
    in_stock = graphene.Boolean(required=True)
    thumbnail = graphene.Field(ProductImageType, description="Ảnh đầu tiên của sản phẩm.")
    images = graphene.List(graphene.NonNull(ProductImageType), required=True)
    variants = graphene.List(graphene.NonNull(ProductVariantType), required=True)
    status_reason = graphene.String(description="Lý do từ chối; chỉ cán bộ và người bán thấy.")

    class Meta:
        model = Product
        name = "Product"
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "name",
            "slug",
            "description",
            "status",
            "category",
            "business",
            "origin_commune",
            "ocop_stars",
            "price_min",
            "price_max",
            "created_at",
            "updated_at",
        )

    @classmethod
    def get_node(cls, info, id):
        from catalog.selectors import product_get

        return product_get(user=info.context.user, product_id=int(id))

    def resolve_variants(self, info):
        return _variants(self)

    def resolve_images(self, info):
        return _images(self)

    def resolve_thumbnail(self, info):
        images = _images(self)
        return images[0] if images else None

    def resolve_in_stock(self, info):
        return any(variant.stock > 0 for variant in _variants(self))

    def resolve_status_reason(self, info):
        return self.status_reason if can_see_private(info, self.business) else None


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = ProductType

    def resolve_edges(self, info):
        announce_businesses(info, [edge.node.business_id for edge in self.edges])
        return self.edges
