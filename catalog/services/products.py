"""Products: the seller writes drafts and submits them; the trade officer approves or rejects."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.errors import BusinessNotApproved, CertificateNotOwned, NoVariants, UnknownCategory
from catalog.models import Category, Product
from catalog.services.images import delete_unreferenced_files
from catalog.signals import announce_products_changed
from marketplace.businesses.errors import CertificateExpired, ReasonRequired, UnknownCommune
from marketplace.businesses.models import Business, OcopCertificate
from marketplace.businesses.permissions import require_impartial_officer, require_member
from marketplace.errors import DomainError, InvalidTransition, NotFound, Required, ValidationFailed
from marketplace.regions.models import Commune
from marketplace.text import vietnamese_slugify
from marketplace.validation import TooLong, check_text_fields

# Edits to what the officer reviewed send an approved product back for review.
REVIEWED_FIELDS = {"name", "description", "category_id", "ocop_certificate_id", "origin_commune_id"}
_SLUG_ATTEMPTS = 50
# A product page shows the description whole; a longer text is a paste accident, not a description.
DESCRIPTION_MAX_LENGTH = 5_000
STATUS_FIELDS = ["status", "status_reason", "is_public", "updated_at"]


def _set_status(product: Product, status: str, *, reason: str = "", seller_approved: bool = False) -> None:
    """Only an approval, with the seller's row locked and approved, makes a product public."""
    product.status, product.status_reason = status, reason
    product.is_public = status == Product.Status.APPROVED and seller_approved


def products_sync_with_seller(*, business_id: int, seller_approved: bool) -> None:
    """On `business_status_changed`, holding the seller's row lock, when its status changes:
    a suspended seller's products vanish from listings at once, and come back on approval."""
    products = Product.objects.filter(business_id=business_id)
    if seller_approved:
        products.filter(status=Product.Status.APPROVED).update(is_public=True)
    else:
        products.filter(is_public=True).update(is_public=False)
    announce_products_changed(businesses=[business_id])


def unique_product_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = vietnamese_slugify(name)[:200] or "san-pham"
    taken = set(
        Product.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-"))
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _business_of(product_id: int) -> int:
    business_id = Product.objects.filter(pk=product_id).values_list("business_id", flat=True).first()
    if business_id is None:
        raise NotFound(field="id")
    return business_id


def _locked_product(product_id: int) -> Product:
    product = Product.objects.select_for_update(of=("self",)).filter(pk=product_id).first()
    if product is None:
        raise NotFound(field="id")
    return product


def member_product(user, product_id: int) -> Product:
    """The product, locked, after checking the user belongs to its business."""
    business_id = _business_of(product_id)
    require_member(user, business_id)
    return _locked_product(product_id)


def _clean_text(changes: dict) -> tuple[dict, list[DomainError]]:
    resolved, problems = {}, []
    for field in ("name", "description"):
        if field in changes:
            value = (changes[field] or "").strip()
            if field == "name" and not value:
                problems.append(Required(field="name"))
            resolved[field] = value
    if "name" in resolved:
        problems += check_text_fields(Product, {"name": resolved["name"]})
    if len(resolved.get("description", "")) > DESCRIPTION_MAX_LENGTH:
        problems.append(
            TooLong(
                _("Mô tả tối đa %(limit)s ký tự.")
                % {"limit": f"{DESCRIPTION_MAX_LENGTH:,}".replace(",", ".")},
                field="description",
            )
        )
    return resolved, problems


def _resolve_references(business_id: int, changes: dict) -> dict:
    """Turns API references (category id, commune code, certificate id) into checked columns.
    Every field's problem is reported at once, so the seller fixes the form in one go."""
    resolved, problems = _clean_text(changes)
    if "category_id" in changes:
        if not Category.objects.filter(pk=changes["category_id"]).exists():
            problems.append(UnknownCategory(field="category"))
        resolved["category_id"] = changes["category_id"]
    if "origin_commune_code" in changes:
        code = changes["origin_commune_code"]
        if code and not Commune.objects.filter(pk=code).exists():
            problems.append(UnknownCommune(field="origin_commune"))
        resolved["origin_commune_id"] = code or None
    if "ocop_certificate_id" in changes:
        certificate_id = changes["ocop_certificate_id"]
        stars = None
        if certificate_id:
            certificate = OcopCertificate.objects.filter(pk=certificate_id, business_id=business_id).first()
            if certificate is None:
                problems.append(CertificateNotOwned(field="ocop_certificate"))
            elif certificate.expires_on < timezone.localdate():
                problems.append(CertificateExpired(field="ocop_certificate"))
            else:
                stars = certificate.stars
        resolved["ocop_certificate_id"], resolved["ocop_stars"] = certificate_id or None, stars
    if problems:
        raise ValidationFailed(problems)
    return resolved


def product_create(
    *,
    user,
    business_id: int,
    name: str,
    category_id: int,
    description: str = "",
    origin_commune_code: str | None = None,
    ocop_certificate_id: int | None = None,
) -> Product:
    """A member of the business creates a draft; it is public only once approved."""
    require_member(user, business_id)
    fields = _resolve_references(
        business_id,
        {
            "name": name,
            "description": description,
            "category_id": category_id,
            "origin_commune_code": origin_commune_code,
            "ocop_certificate_id": ocop_certificate_id,
        },
    )
    for _attempt in range(_SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                return Product.objects.create(
                    business_id=business_id, slug=unique_product_slug(fields["name"]), **fields
                )
        except IntegrityError:
            # Another seller took the same slug between our check and insert: pick the next one.
            continue
    raise IntegrityError("could not allocate a product slug")


def product_update(*, user, product_id: int, **changes) -> Product:
    """Changes name, description, category, origin or certificate. Reviewed fields changed on an
    approved product send it back to `pending`, so buyers never see unreviewed claims."""
    with transaction.atomic():
        product = member_product(user, product_id)
        resolved = _resolve_references(product.business_id, changes)
        changed = {f for f, v in resolved.items() if getattr(product, f) != v}
        for field, value in resolved.items():
            setattr(product, field, value)
        if "name" in changed:
            product.slug = unique_product_slug(product.name, exclude_pk=product.pk)
        if changed & REVIEWED_FIELDS and product.status == Product.Status.APPROVED:
            _set_status(product, Product.Status.PENDING)
        product.save()
        announce_products_changed(products=[product.pk])
    return product


def product_delete(*, user, product_id: int) -> None:
    with transaction.atomic():
        product = member_product(user, product_id)
        image_files = [
            name
            for image in product.images.all()
            for name in (image.image.name, image.thumbnail_200.name, image.thumbnail_600.name)
            if name
        ]
        announce_products_changed(products=[product.pk])
        product.delete()
        transaction.on_commit(lambda: delete_unreferenced_files(image_files))


def product_submit(*, user, product_id: int) -> Product:
    """Draft, rejected or hidden → pending review. Needs at least one variant and an approved seller."""
    with transaction.atomic():
        product = member_product(user, product_id)
        if product.status not in (Product.Status.DRAFT, Product.Status.REJECTED, Product.Status.HIDDEN):
            raise InvalidTransition(field="id")
        if not Business.objects.filter(pk=product.business_id, status=Business.Status.APPROVED).exists():
            raise BusinessNotApproved(field="id")
        if not product.variants.exists():
            raise NoVariants(field="id")
        _set_status(product, Product.Status.PENDING)
        product.save(update_fields=STATUS_FIELDS)
        announce_products_changed(products=[product.pk])
    return product


def product_hide(*, user, product_id: int) -> Product:
    """The seller takes an approved product off sale without deleting it."""
    with transaction.atomic():
        product = member_product(user, product_id)
        if product.status != Product.Status.APPROVED:
            raise InvalidTransition(field="id")
        _set_status(product, Product.Status.HIDDEN)
        product.save(update_fields=STATUS_FIELDS)
        announce_products_changed(products=[product.pk])
    return product


def product_approve(*, officer, product_id: int) -> Product:
    with transaction.atomic():
        # Seller before product, the order business_* services lock in: a suspension racing
        # this approval either sees the product approved or is seen by it, never neither.
        business_id = _business_of(product_id)
        require_impartial_officer(officer, business_id)
        seller = Business.objects.select_for_update(of=("self",)).get(pk=business_id)
        product = _locked_product(product_id)
        if product.status != Product.Status.PENDING:
            raise InvalidTransition(field="id")
        _set_status(
            product, Product.Status.APPROVED, seller_approved=seller.status == Business.Status.APPROVED
        )
        product.save(update_fields=STATUS_FIELDS)
        announce_products_changed(products=[product.pk])
    return product


def product_reject(*, officer, product_id: int, reason: str) -> Product:
    """Pending products are rejected with a reason; approved ones can be taken down the same way."""
    require_impartial_officer(officer, _business_of(product_id))
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        product = _locked_product(product_id)
        if product.status not in (Product.Status.PENDING, Product.Status.APPROVED):
            raise InvalidTransition(field="id")
        _set_status(product, Product.Status.REJECTED, reason=reason)
        product.save(update_fields=STATUS_FIELDS)
        announce_products_changed(products=[product.pk])
    return product
