"""Creating and removing the demo data (`manage.py seed_demo`).

Everything happens in one transaction, so a failed run leaves nothing that would look like
demo data to the next one.
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.demo.accounts import DEMO_EMAIL_DOMAIN
from catalog.demo.bulk import chunks
from catalog.demo.errors import DemoDataInUse, InvalidScale, MissingReferenceData
from catalog.demo.plan import CommuneInfo, DemoPlan
from catalog.demo.writer import DemoWriter
from catalog.images import delete_stored
from catalog.models import Product, ProductImage, ProductVariant
from marketplace.accounts.models import User
from marketplace.businesses.models import Business, BusinessMember
from marketplace.regions.models import Commune

DEFAULT_SEED = 2025
MAX_SCALE = 1000  # tax_code_from_serial has 1,000,000 distinct codes
PROVINCE_CODE = "08"  # Tuyên Quang (merged with Hà Giang on 1 July 2025)


@dataclass(frozen=True)
class SeedResult:
    created: bool
    deleted_products: int = 0
    users: int = 0
    businesses: int = 0
    products: int = 0
    variants: int = 0
    certificates: int = 0
    pictures: int = 0
    seconds: float = 0.0
    showcase_name: str = ""


def demo_users():
    return User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")


def demo_businesses():
    """By the seller's own address, or its members', in case a demo seller changed one."""
    return Business.objects.filter(
        Q(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")
        | Q(pk__in=BusinessMember.objects.filter(user__in=demo_users()).values("business_id"))
    )


def catalogue_is_empty() -> bool:
    return not Product.objects.exists()


def demo_data_exists() -> bool:
    return demo_businesses().exists() or demo_users().exists()


def demo_data_seed(
    *, scale: int = 1, seed: int = DEFAULT_SEED, reset: bool = False, progress: bool = False
) -> SeedResult:
    """Creates the demo data unless some exists; with `reset`, replaces it."""
    if not 1 <= scale <= MAX_SCALE:
        raise InvalidScale(_("Quy mô (--scale) phải từ 1 đến %(max)s.") % {"max": MAX_SCALE}, field="scale")
    started = time.monotonic()
    writer = None
    try:
        with transaction.atomic():
            deleted = demo_data_delete() if reset else 0
            if demo_data_exists():
                return SeedResult(created=False)
            plan = DemoPlan(seed=seed, scale=scale, communes=province_communes(), now=timezone.now())
            writer = DemoWriter(progress=progress)
            counts = writer.write(plan)
    except BaseException:
        if writer is not None:  # picture files of the rolled-back run
            delete_stored(writer.stored_names)
        raise
    return SeedResult(created=True, deleted_products=deleted, seconds=time.monotonic() - started, **counts)


def demo_data_delete() -> int:
    """Removes every demo seller (with its products, certificates, events) and demo user; the
    shared picture files go once the transaction commits. Returns the number of products."""
    with transaction.atomic():
        business_ids = list(demo_businesses().order_by("pk").values_list("pk", flat=True))
        files = {
            name
            for row in ProductImage.objects.filter(product__business__in=demo_businesses())
            .values_list("image", "thumbnail_200", "thumbnail_600")
            .distinct()
            for name in row
            if name
        }
        products = 0
        try:
            for chunk in chunks(business_ids, 500):
                ProductImage.objects.filter(product__business_id__in=chunk).delete()
                ProductVariant.objects.filter(product__business_id__in=chunk).delete()
                products += (
                    Product.objects.filter(business_id__in=chunk).delete()[1].get(Product._meta.label, 0)
                )
                Business.objects.filter(pk__in=chunk).delete()
            for chunk in chunks(demo_users().order_by("pk").values_list("pk", flat=True), 500):
                User.objects.filter(pk__in=chunk).delete()
        except (ProtectedError, RestrictedError) as exc:
            raise DemoDataInUse() from exc
        transaction.on_commit(lambda: delete_stored(sorted(files)))
    return products


def province_communes() -> list[CommuneInfo]:
    rows = Commune.objects.filter(province_id=PROVINCE_CODE).values_list(
        "code", "name", "kind", "legacy_district__name"
    )
    communes = [
        CommuneInfo(code=code, name=name, is_ward=kind == Commune.Kind.WARD, district=district or "")
        for code, name, kind, district in rows
    ]
    if not communes:
        raise MissingReferenceData(
            _("Chưa có danh sách xã, phường của tỉnh Tuyên Quang. Hãy chạy `python manage.py migrate` trước.")
        )
    return communes
