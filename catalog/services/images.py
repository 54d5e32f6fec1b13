"""Adding and removing product photos. The files are written before the row and removed after
it, so a crash can leave an orphan file but never a row pointing at a missing file."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.images import ProcessedImage, delete_stored, process_upload, save_processed
from catalog.models import ImageUpload, Product, ProductImage
from marketplace.accounts.models import User
from marketplace.auth import require_user
from marketplace.businesses.permissions import require_member
from marketplace.errors import DomainError, NotFound

logger = logging.getLogger(__name__)

ALT_MAX_LENGTH = ProductImage._meta.get_field("alt").max_length


class AltTooLong(DomainError):
    code = "ALT_TOO_LONG"
    message = _("Mô tả ảnh tối đa 200 ký tự.")


class UploadLimitReached(DomainError):
    code = "UPLOAD_LIMIT_REACHED"
    message = _("Tài khoản đã tải lên đủ số ảnh cho phép trong một giờ. Hãy thử lại sau.")

    def __init__(self, *, minutes: int):
        super().__init__(
            _("Mỗi tài khoản tải lên tối đa %(limit)d ảnh mỗi giờ. Hãy thử lại sau %(minutes)d phút.")
            % {"limit": settings.IMAGE_UPLOADS_PER_HOUR, "minutes": minutes},
            field="image",
        )


def image_upload_count(*, user: User) -> None:
    """Counts an upload against the account's hourly allowance, or refuses it. The user's row
    lock makes two parallel uploads count one after the other, so the limit is exact."""
    now = timezone.now()
    window_start = now - timedelta(hours=1)
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        ImageUpload.objects.filter(user=user, created_at__lte=window_start).delete()
        recent = list(
            ImageUpload.objects.filter(user=user)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[: settings.IMAGE_UPLOADS_PER_HOUR]
        )
        if len(recent) >= settings.IMAGE_UPLOADS_PER_HOUR:
            frees_at = recent[-1] + timedelta(hours=1)
            raise UploadLimitReached(minutes=max(1, -(-int((frees_at - now).total_seconds()) // 60)))
        ImageUpload.objects.create(user=user)


def product_image_add(*, user, product_id: int, upload, alt: str = "") -> ProductImage:
    """A member of the product's seller uploads a photo; it goes after the existing ones."""
    require_user(user)
    business_id = Product.objects.filter(pk=product_id).values_list("business_id", flat=True).first()
    if business_id is None:
        raise NotFound(_("Không tìm thấy sản phẩm."), field="product")
    require_member(user, business_id)
    alt = (alt or "").strip()
    if len(alt) > ALT_MAX_LENGTH:
        raise AltTooLong(field="alt")
    image_upload_count(user=user)
    # Decoding and resizing take up to a second on a big photo: done before any transaction,
    # so no lock or connection-held transaction waits on Pillow.
    processed = process_upload(upload)
    return product_image_attach(product_id=product_id, processed=processed, alt=alt)


def product_image_attach(*, product_id: int, processed: ProcessedImage, alt: str = "") -> ProductImage:
    """Store an already processed picture and its row, with no permission check: for
    `product_image_add` and trusted callers such as the demo seeder.

    Inside an outer transaction that later rolls back, the files stay behind as orphans
    (Django has no on-rollback hook); they are unreachable, since their names are random."""
    stored = save_processed(product_id, processed)
    try:
        with transaction.atomic():
            # The product row lock makes concurrent uploads take distinct positions.
            if not Product.objects.select_for_update().filter(pk=product_id).exists():
                raise NotFound(_("Không tìm thấy sản phẩm."), field="product")
            last = ProductImage.objects.filter(product_id=product_id).aggregate(last=Max("position"))["last"]
            return ProductImage.objects.create(
                product_id=product_id,
                image=stored.image,
                # The model has one field per size in settings.IMAGE_THUMBNAIL_SIZES.
                **{f"thumbnail_{size}": name for size, name in stored.thumbnails.items()},
                width=processed.width,
                height=processed.height,
                alt=alt,
                position=0 if last is None else last + 1,
            )
    except BaseException:
        delete_stored(stored.names())
        raise


def product_image_remove(*, user, image_id: int) -> None:
    """A member of the product's seller removes a photo; its files go once the delete commits."""
    require_user(user)
    row = (
        ProductImage.objects.filter(pk=image_id)
        .values("product__business_id", "image", "thumbnail_200", "thumbnail_600")
        .first()
    )
    if row is None:
        raise NotFound(_("Không tìm thấy ảnh."), field="id")
    require_member(user, row.pop("product__business_id"))
    names = [name for name in row.values() if name]
    with transaction.atomic():
        deleted, _counts = ProductImage.objects.filter(pk=image_id).delete()
        if deleted:
            transaction.on_commit(lambda: delete_unreferenced_files(names))


def delete_unreferenced_files(names: list[str]) -> None:
    # The demo seeder stores one picture per kind of product and points many rows at it.
    rows = ProductImage.objects.filter(
        Q(image__in=names) | Q(thumbnail_200__in=names) | Q(thumbnail_600__in=names)
    ).values_list("image", "thumbnail_200", "thumbnail_600")
    still_used = {name for row in rows for name in row}
    delete_stored([name for name in names if name not in still_used])
