"""Product photos in the API: the `ProductImage` type and the upload/delete mutations.

Uploads arrive through the GraphQL multipart request spec (see marketplace/graphql/views.py)."""

import graphene
from django.core.files import File
from graphene_django import DjangoObjectType
from graphene_file_upload.scalars import Upload

from catalog.images import ImageRequired
from catalog.models import ProductImage
from catalog.services.images import product_image_add, product_image_remove
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id, encode_id


class ProductImageType(DjangoObjectType):
    # A plain global ID rather than the relay Node interface: `node(id:)` would expose photos
    # of draft products without going through the product's visibility rules.
    id = graphene.ID(required=True)
    url = graphene.String(required=True, description="Full size: JPEG, or WebP/PNG if transparent.")
    thumbnail_url = graphene.String(required=True, description="WebP fitting 600×600 px.")
    small_thumbnail_url = graphene.String(required=True, description="WebP fitting 200×200 px.")

    class Meta:
        model = ProductImage
        name = "ProductImage"
        fields = ("id", "width", "height", "alt")

    def resolve_id(self, info):
        return encode_id("ProductImage", self.pk)

    def resolve_url(self, info):
        return self.image.url

    def resolve_thumbnail_url(self, info):
        return (self.thumbnail_600 or self.image).url

    def resolve_small_thumbnail_url(self, info):
        return (self.thumbnail_200 or self.thumbnail_600 or self.image).url


class ProductImageCreate(BaseMutation):
    """A seller adds a photo (JPEG, PNG or WebP, at most 10 MB) to one of their products."""

    class Arguments:
        product = graphene.ID(required=True)
        # Required, but nullable in the schema: a missing file then comes back as
        # `errors { field: "image" code: "REQUIRED" }` instead of a bare GraphQL error.
        image = Upload(description="Required. The photo, sent as a multipart file.")
        alt = graphene.String(description="Short description of the photo, at most 200 characters.")

    image = graphene.Field(ProductImageType)

    @classmethod
    def perform(cls, info, *, product, image=None, alt=None) -> dict:
        product_id = decode_id(product, "Product", field="product")
        # The Upload scalar passes through whatever arrived: a string or an inline literal
        # instead of a multipart file is as good as no file.
        if not isinstance(image, File):
            raise ImageRequired()
        row = product_image_add(user=info.context.user, product_id=product_id, upload=image, alt=alt or "")
        return {"image": row}


class ProductImageDelete(BaseMutation):
    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform(cls, info, *, id) -> dict:  # noqa: A002 — the argument is `id` in the API
        product_image_remove(user=info.context.user, image_id=decode_id(id, "ProductImage"))
        return {}
