import graphene

from catalog.graphql.images import ProductImageCreate, ProductImageDelete
from catalog.graphql.types import ProductType, ProductVariantType
from catalog.services import products as product_services
from catalog.services import variants as variant_services
from marketplace.graphql.decisions import decision_mutation
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id


class ProductInput(graphene.InputObjectType):
    name = graphene.String()
    description = graphene.String()
    category = graphene.ID()
    origin_commune = graphene.String(description="Mã xã, phường nơi sản xuất.")
    ocop_certificate = graphene.ID(description="Chứng nhận OCOP của cơ sở áp dụng cho sản phẩm.")


def _product_changes(data: dict) -> dict:
    """API names → service arguments; only the keys the client sent."""
    changes = {key: data[key] for key in ("name", "description") if key in data}
    if "category" in data:
        changes["category_id"] = decode_id(data["category"], "Category", field="category")
    if "origin_commune" in data:
        changes["origin_commune_code"] = data["origin_commune"]
    if "ocop_certificate" in data:
        certificate = data["ocop_certificate"]
        changes["ocop_certificate_id"] = (
            decode_id(certificate, "OcopCertificate", field="ocop_certificate") if certificate else None
        )
    return changes


class ProductCreate(BaseMutation):
    product = graphene.Field(ProductType)

    class Arguments:
        business = graphene.ID(required=True)
        input = ProductInput(required=True)

    @classmethod
    def perform(cls, info, business, input):
        changes = _product_changes(input)
        product = product_services.product_create(
            user=info.context.user,
            business_id=decode_id(business, "Business", field="business"),
            name=changes.pop("name", ""),
            category_id=changes.pop("category_id", 0),
            **changes,
        )
        return {"product": product}


class ProductUpdate(BaseMutation):
    product = graphene.Field(ProductType)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductInput(required=True)

    @classmethod
    def perform(cls, info, id, input):
        product = product_services.product_update(
            user=info.context.user, product_id=decode_id(id, "Product"), **_product_changes(input)
        )
        return {"product": product}


class ProductDelete(BaseMutation):
    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform(cls, info, id):
        product_services.product_delete(user=info.context.user, product_id=decode_id(id, "Product"))
        return {}


def _product_decision(name: str, service, *, actor: str, with_reason: bool = False, description: str):
    return decision_mutation(
        name,
        service,
        node_type="Product",
        payload_type=ProductType,
        id_argument="product_id",
        actor=actor,
        with_reason=with_reason,
        description=description,
    )


ProductSubmit = _product_decision(
    "ProductSubmit",
    product_services.product_submit,
    actor="user",
    description="Người bán gửi sản phẩm (đã có ít nhất một loại hàng) cho Sở Công Thương duyệt.",
)
ProductHide = _product_decision(
    "ProductHide", product_services.product_hide, actor="user", description="Người bán tạm ẩn sản phẩm."
)
ProductApprove = _product_decision(
    "ProductApprove", product_services.product_approve, actor="officer", description="Cán bộ duyệt sản phẩm."
)
ProductReject = _product_decision(
    "ProductReject",
    product_services.product_reject,
    actor="officer",
    with_reason=True,
    description="Cán bộ từ chối (hoặc gỡ) sản phẩm, kèm lý do.",
)


class ProductVariantInput(graphene.InputObjectType):
    name = graphene.String(description='Quy cách, ví dụ "Hộp 200 g".')
    sku = graphene.String()
    price = graphene.Int(description="Giá, đồng (VND), số nguyên > 0.")
    unit = graphene.String(description="Đơn vị bán: gói, hộp, kg, lít…")
    stock = graphene.Int()
    weight_grams = graphene.Int()


class ProductVariantCreate(BaseMutation):
    variant = graphene.Field(ProductVariantType)
    product = graphene.Field(ProductType)

    class Arguments:
        product = graphene.ID(required=True)
        input = ProductVariantInput(required=True)

    @classmethod
    def perform(cls, info, product, input):
        data = {"name": "", "sku": "", "price": 0, "unit": "", **dict(input)}
        variant = variant_services.variant_create(
            user=info.context.user, product_id=decode_id(product, "Product", field="product"), **data
        )
        return {"variant": variant, "product": variant.product}


class ProductVariantUpdate(BaseMutation):
    variant = graphene.Field(ProductVariantType)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductVariantInput(required=True)

    @classmethod
    def perform(cls, info, id, input):
        variant = variant_services.variant_update(
            user=info.context.user, variant_id=decode_id(id, "ProductVariant"), **dict(input)
        )
        return {"variant": variant}


class ProductVariantDelete(BaseMutation):
    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform(cls, info, id):
        variant_services.variant_delete(user=info.context.user, variant_id=decode_id(id, "ProductVariant"))
        return {}


class CatalogMutations(graphene.ObjectType):
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_delete = ProductDelete.Field()
    product_submit = ProductSubmit.Field()
    product_hide = ProductHide.Field()
    product_approve = ProductApprove.Field()
    product_reject = ProductReject.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_update = ProductVariantUpdate.Field()
    product_variant_delete = ProductVariantDelete.Field()
    product_image_create = ProductImageCreate.Field()
    product_image_delete = ProductImageDelete.Field()
