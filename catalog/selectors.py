from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from catalog.models import Category, Product, ProductImage, ProductVariant
from marketplace.businesses.permissions import member_business_ids
from marketplace.text import search_filter

SORT_FIELDS = {"NAME": ("name",), "PRICE": ("price_min",), "CREATED": ("created_at",)}


def in_category_tree(category_ids) -> Q:
    """Two-level tree: a top-level group also matches its sub-groups' products."""
    return Q(category_id__in=category_ids) | Q(category__parent_id__in=category_ids)


def has_stock() -> Exists:
    """True for products with at least one variant in stock."""
    return Exists(ProductVariant.objects.filter(product_id=OuterRef("pk"), stock__gt=0))


def public_products() -> QuerySet[Product]:
    """What buyers may see: approved products of approved (not suspended) sellers."""
    return Product.objects.filter(is_public=True)


def product_visible_to(user) -> QuerySet[Product]:
    if user is not None and user.is_authenticated and user.is_trade_officer:
        return Product.objects.all()
    own = member_business_ids(user)
    if not own:
        return public_products()
    return Product.objects.filter(Q(is_public=True) | Q(business_id__in=own))


def with_listing_relations(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Everything a product card shows, in a fixed number of queries whatever the page size.

    Variants and images land in plain lists (`listed_variants`, `listed_images`): a prefetch into
    `product.variants.all()` builds a filtered queryset per product, which cost more than the
    queries themselves on a 20-product page."""
    return qs.select_related(
        "business__commune__province",
        "business__commune__legacy_district",
        "category__parent",
        "origin_commune__province",
        "origin_commune__legacy_district",
    ).prefetch_related(
        Prefetch(
            "variants", queryset=ProductVariant.objects.order_by("position", "id"), to_attr="listed_variants"
        ),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"), to_attr="listed_images"),
    )


def product_list(
    *,
    user,
    search: str | None = None,
    category_ids: list[int] | None = None,
    commune_codes: list[str] | None = None,
    business_ids: list[int] | None = None,
    ocop_stars: list[int] | None = None,
    price_gte: int | None = None,
    price_lte: int | None = None,
    in_stock: bool | None = None,
    statuses: list[str] | None = None,
    sort_field: str | None = None,
    descending: bool = False,
) -> QuerySet[Product]:
    qs = product_visible_to(user)
    if search:
        qs = qs.filter(search_filter(search))
    if category_ids:
        qs = qs.filter(in_category_tree(category_ids))
    if commune_codes:
        qs = qs.filter(origin_commune_id__in=commune_codes)
    if business_ids:
        qs = qs.filter(business_id__in=business_ids)
    if ocop_stars:
        qs = qs.filter(ocop_stars__in=ocop_stars)
    if price_gte is not None:
        qs = qs.filter(price_max__gte=price_gte)
    if price_lte is not None:
        qs = qs.filter(price_min__lte=price_lte)
    if in_stock is not None:
        qs = qs.filter(has_stock() if in_stock else ~has_stock())
    if statuses:
        qs = qs.filter(status__in=statuses)
    if sort_field is None:
        # The officer's review queue (only PENDING) is worked oldest first; other lists by name.
        sort_field = "CREATED" if statuses and set(statuses) == {Product.Status.PENDING} else "NAME"
    columns = SORT_FIELDS.get(sort_field, ("name",))
    prefix = "-" if descending else ""
    return with_listing_relations(qs.order_by(*(prefix + c for c in columns), prefix + "id"))


def product_get(*, user, product_id: int | None = None, slug: str | None = None) -> Product | None:
    qs = with_listing_relations(product_visible_to(user))
    if product_id is not None:
        return qs.filter(pk=product_id).first()
    return qs.filter(slug=slug).first()


def category_list() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("position", "name")
