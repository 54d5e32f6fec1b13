from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.businesses.models import OcopGroup
from marketplace.text import search_text


class Category(models.Model):
    """A two-level tree: the six OCOP groups at the top, sub-groups below."""

    name = models.CharField(_("tên"), max_length=120)
    slug = models.SlugField(_("đường dẫn (slug)"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("danh mục cha"),
    )
    ocop_group = models.CharField(_("nhóm OCOP"), max_length=12, choices=OcopGroup.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("danh mục")
        verbose_name_plural = _("danh mục")

    def __str__(self):
        return self.name


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Bị từ chối")
        HIDDEN = "hidden", _("Đã ẩn")

    business = models.ForeignKey(
        "businesses.Business", on_delete=models.CASCADE, related_name="products", verbose_name=_("người bán")
    )
    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(_("đường dẫn (slug)"), max_length=220, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("danh mục")
    )
    origin_commune = models.ForeignKey(
        "regions.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("xuất xứ (xã, phường)"),
    )
    ocop_certificate = models.ForeignKey(
        "businesses.OcopCertificate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("chứng nhận OCOP"),
    )
    # Copied from the certificate so listing filters need no join.
    ocop_stars = models.PositiveSmallIntegerField(_("số sao OCOP"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(_("lý do"), blank=True)
    # True exactly when the product and its seller are both approved. Kept by the catalogue and
    # business services under row locks, so buyer listings filter and count one indexed column
    # instead of joining sellers (a 1 s COUNT at 244,700 products on SQLite).
    is_public = models.BooleanField(_("đang bán công khai"), default=False, editable=False)
    # Lower-case, diacritics folded: lets the database filter match "mien dong" to "Miến dong".
    search_text = models.TextField(_("chữ để tìm"), default="", editable=False)
    # Maintained by the variant services in the same transaction, so listings sort and filter by
    # price without aggregating variants (244,700 products at scale 100).
    price_min = models.BigIntegerField(_("giá thấp nhất (VND)"), null=True, blank=True)
    price_max = models.BigIntegerField(_("giá cao nhất (VND)"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        permissions = [("decide_product", _("Duyệt, từ chối sản phẩm"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(ocop_stars__isnull=True) | Q(ocop_stars__gte=3, ocop_stars__lte=5),
                name="product_ocop_stars_3_to_5",
            ),
        ]
        indexes = [
            # Partial indexes: they match Django's bare `WHERE is_public` on SQLite and PostgreSQL
            # alike, where a composite (is_public, …) index is ignored by SQLite.
            models.Index(fields=["name", "id"], condition=Q(is_public=True), name="product_public_by_name"),
            models.Index(
                fields=["price_min", "id"], condition=Q(is_public=True), name="product_public_by_price"
            ),
            models.Index(
                fields=["created_at", "id"], condition=Q(is_public=True), name="product_public_by_created"
            ),
            models.Index(fields=["status", "name"]),
            models.Index(fields=["business", "status"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name, self.description)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class ProductVariant(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="variants", verbose_name=_("sản phẩm")
    )
    # Denormalised so SKUs can be unique per business with a plain constraint.
    business = models.ForeignKey(
        "businesses.Business", on_delete=models.CASCADE, related_name="+", verbose_name=_("người bán")
    )
    name = models.CharField(_("tên phân loại"), max_length=120)
    sku = models.CharField(_("mã SKU"), max_length=64)
    price = models.BigIntegerField(_("giá (VND)"))
    unit = models.CharField(_("đơn vị"), max_length=32, default="cái")
    stock = models.IntegerField(_("tồn kho"), default=0)
    weight_grams = models.PositiveIntegerField(_("khối lượng (g)"), default=0)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("phân loại sản phẩm")
        verbose_name_plural = _("phân loại sản phẩm")
        constraints = [
            models.UniqueConstraint(fields=["business", "sku"], name="variant_sku_unique_per_business"),
            models.CheckConstraint(condition=Q(price__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
        ]

    def __str__(self):
        return f"{self.product.name} — {self.name}"


def _image_path(instance, filename):
    return f"products/{instance.product_id}/{filename}"


class ProductImage(models.Model):
    """An uploaded photo, re-encoded without metadata, with WebP thumbnails beside it."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("sản phẩm")
    )
    image = models.ImageField(_("ảnh"), upload_to=_image_path)  # width/height set by the pipeline
    thumbnail_200 = models.ImageField(_("ảnh nhỏ 200 px"), upload_to=_image_path, blank=True)
    thumbnail_600 = models.ImageField(_("ảnh vừa 600 px"), upload_to=_image_path, blank=True)
    width = models.PositiveIntegerField(_("rộng (px)"), default=0)
    height = models.PositiveIntegerField(_("cao (px)"), default=0)
    alt = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")


class ImageUpload(models.Model):
    """One photo upload an account attempted: IMAGE_UPLOADS_PER_HOUR counts these, whatever
    became of the photo (a refused or deleted one cost a decode all the same)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("người tải lên")
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt tải ảnh")
        verbose_name_plural = _("lượt tải ảnh")
        indexes = [models.Index(fields=["user", "created_at"])]
