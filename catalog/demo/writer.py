"""Turns a `DemoPlan` into rows, phase by phase, each with a progress bar."""

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from datetime import time as clock
from functools import cache

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from catalog.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, FINANCE, OFFICER, SELLER, demo_email
from catalog.demo.bulk import BulkInserter, analyze, chunks
from catalog.demo.catalogue import KINDS_BY_CODE
from catalog.demo.errors import DemoPhoneTaken, MissingReferenceData
from catalog.demo.plan import BusinessPlan, DemoPlan, ProductPlan
from catalog.images import (
    ProcessedImage,
    StoredImage,
    process_bytes,
    render_placeholder,
    save_processed,
)
from catalog.models import Category, Product, ProductImage, ProductVariant
from marketplace.accounts.models import User
from marketplace.accounts.officers import staff_access_sync
from marketplace.businesses.models import Business, BusinessEvent, BusinessMember, OcopCertificate
from marketplace.text import search_text

BATCH_SIZE = 5000
_WAS_APPROVED = {Business.Status.APPROVED, Business.Status.SUSPENDED}
E = BusinessEvent.Kind


@cache
def _placeholder(kind_code: str) -> ProcessedImage:
    kind = KINDS_BY_CODE[kind_code]
    rgb = tuple(int(kind.color[i : i + 2], 16) for i in (1, 3, 5))
    return process_bytes(render_placeholder(kind.name, rgb))


def _render_placeholders() -> None:
    """Pillow encodes without holding the GIL, so the pictures render in parallel."""
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        list(pool.map(_placeholder, sorted(KINDS_BY_CODE)))


def _at_nine(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(9)))


class DemoWriter:
    def __init__(self, *, progress: bool):
        self.progress = progress
        self.stored_names: list[str] = []  # picture files, to remove if the transaction fails
        self.pictures: dict[str, StoredImage] = {}
        self.password = make_password(DEMO_PASSWORD)  # one PBKDF2 run shared by every demo user

    def _bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit=" dòng", disable=not self.progress)

    def write(self, plan: DemoPlan) -> dict:
        wanted = {kind.category for kind in KINDS_BY_CODE.values()}
        categories = {c.slug: c for c in Category.objects.filter(slug__in=wanted)}
        if missing := wanted - set(categories):
            raise MissingReferenceData(
                _("Thiếu danh mục %(slugs)s. Hãy chạy `python manage.py migrate` trước.")
                % {"slugs": ", ".join(sorted(missing))}
            )
        businesses = plan.businesses()
        accounts = self._accounts(businesses[0])
        owner_ids = self._owners(businesses, accounts[SELLER.phone])
        business_ids = self._businesses(businesses, accounts[OFFICER.phone])
        self._members_and_events(businesses, business_ids, owner_ids, accounts[OFFICER.phone])
        counts = self._products(plan, business_ids, categories, accounts[OFFICER.phone])
        analyze(
            [
                User,
                Business,
                BusinessMember,
                BusinessEvent,
                OcopCertificate,
                Product,
                ProductVariant,
                ProductImage,
            ]
        )
        return {
            "users": len(accounts) + len(businesses) - 1,
            "businesses": len(businesses),
            "pictures": len(self.pictures),
            "showcase_name": businesses[0].name,
            **counts,
        }

    def _accounts(self, showcase: BusinessPlan) -> dict[str, int]:
        phones = [account.e164 for account in DEMO_ACCOUNTS]
        if taken := sorted(User.objects.filter(phone__in=phones).values_list("phone", flat=True)):
            raise DemoPhoneTaken(
                _("Số điện thoại dành cho tài khoản mẫu đã thuộc người dùng khác: %(phones)s.")
                % {"phones": ", ".join(taken)}
            )
        ids = BulkInserter(User).insert_returning_ids(
            [
                {
                    "phone": account.e164,
                    "email": demo_email(account.email_local),
                    # The demo seller is the showcase cooperative's representative.
                    "full_name": account.full_name or showcase.representative_name,
                    "role": account.role,
                    "is_staff": account.is_staff,
                    "is_superuser": account.is_superuser,
                    "password": self.password,
                    "date_joined": showcase.registered_at,
                }
                for account in DEMO_ACCOUNTS
            ]
        )
        for role_account in (OFFICER, FINANCE):
            staff_access_sync(user=User.objects.get(pk=ids[DEMO_ACCOUNTS.index(role_account)]))
        return {account.phone: pk for account, pk in zip(DEMO_ACCOUNTS, ids)}

    def _owners(self, businesses: list[BusinessPlan], seller_id: int) -> list[int]:
        """The owner of every seller; the first seller belongs to the demo seller account."""
        users = BulkInserter(User)
        ids = [seller_id]
        with self._bar(len(businesses) - 1, _("Chủ người bán")) as bar:
            for chunk in chunks(businesses[1:], BATCH_SIZE):
                ids += users.insert_returning_ids(
                    [
                        {
                            "phone": b.phone,
                            "email": demo_email(b.owner_email_local),
                            "full_name": b.representative_name,
                            "password": self.password,
                            "date_joined": b.registered_at,
                        }
                        for b in chunk
                    ]
                )
                bar.update(len(chunk))
        return ids

    def _businesses(self, businesses: list[BusinessPlan], officer_id: int) -> list[int]:
        table = BulkInserter(Business)
        ids = []
        with self._bar(len(businesses), _("Người bán")) as bar:
            for chunk in chunks(businesses, BATCH_SIZE):
                ids += table.insert_returning_ids(
                    [
                        {
                            "name": b.name,
                            "kind": b.kind,
                            "tax_code": b.tax_code,
                            # Business.save() sets it; these inserts bypass save().
                            "search_text": search_text(b.name, b.tax_code),
                            "representative_name": b.representative_name,
                            "phone": SELLER.e164 if b.index == 0 else b.phone,
                            "email": demo_email(b.email_local),
                            "address_line": b.address_line,
                            "commune_id": b.commune.code,
                            "status": b.status,
                            "status_reason": b.status_reason,
                            "approved_by_id": officer_id if b.status in _WAS_APPROVED else None,
                            "approved_at": b.decided_at if b.status in _WAS_APPROVED else None,
                            "created_at": b.registered_at,
                        }
                        for b in chunk
                    ]
                )
                bar.update(len(chunk))
        return ids

    def _members_and_events(self, businesses, business_ids, owner_ids, officer_id) -> None:
        members, events = BulkInserter(BusinessMember), BulkInserter(BusinessEvent)
        with self._bar(len(businesses), _("Thành viên, nhật ký duyệt")) as bar:
            for chunk in chunks(businesses, BATCH_SIZE):
                member_rows, event_rows = [], []
                for b in chunk:
                    business_id, owner_id = business_ids[b.index], owner_ids[b.index]
                    member_rows.append(
                        {
                            "business_id": business_id,
                            "user_id": owner_id,
                            "role": BusinessMember.Role.OWNER,
                            "created_at": b.registered_at,
                        }
                    )
                    event_rows.append(
                        {
                            "business_id": business_id,
                            "kind": E.REGISTERED,
                            "actor_id": owner_id,
                            "to_status": Business.Status.PENDING,
                            "created_at": b.registered_at,
                        }
                    )
                    if b.decided_at:
                        rejected = b.status == Business.Status.REJECTED
                        event_rows.append(
                            {
                                "business_id": business_id,
                                "kind": E.REJECTED if rejected else E.APPROVED,
                                "actor_id": officer_id,
                                "from_status": Business.Status.PENDING,
                                "to_status": Business.Status.REJECTED
                                if rejected
                                else Business.Status.APPROVED,
                                "note": b.status_reason if rejected else "",
                                "created_at": b.decided_at,
                            }
                        )
                    if b.suspended_at:
                        event_rows.append(
                            {
                                "business_id": business_id,
                                "kind": E.SUSPENDED,
                                "actor_id": officer_id,
                                "from_status": Business.Status.APPROVED,
                                "to_status": Business.Status.SUSPENDED,
                                "note": b.status_reason,
                                "created_at": b.suspended_at,
                            }
                        )
                members.insert(member_rows)
                events.insert(event_rows)
                bar.update(len(chunk))

    def _products(self, plan: DemoPlan, business_ids, categories, officer_id) -> dict[str, int]:
        _render_placeholders()
        tables = {
            model: BulkInserter(model)
            for model in (Product, ProductVariant, ProductImage, OcopCertificate, BusinessEvent)
        }
        variant_count = certificate_count = 0
        with self._bar(plan.product_count, _("Sản phẩm, phân loại, ảnh")) as bar:
            for chunk in chunks(plan.products(), BATCH_SIZE):
                certificates = self._certificates(chunk, business_ids, categories, officer_id, tables)
                product_ids = tables[Product].insert_returning_ids(
                    [
                        {
                            "business_id": business_ids[p.business_index],
                            "name": p.name,
                            "slug": p.slug,
                            "description": p.description,
                            "search_text": p.search_text,  # bypassing save(), which sets it
                            "category_id": categories[p.category].pk,
                            "origin_commune_id": p.commune_code,
                            "ocop_certificate_id": certificates.get(p.serial),
                            "ocop_stars": p.certificate.stars if p.certificate else None,
                            "status": p.status,
                            "status_reason": p.status_reason,
                            "is_public": p.is_public,
                            "price_min": p.price_min,
                            "price_max": p.price_max,
                            "created_at": p.created_at,
                            "updated_at": p.created_at,
                        }
                        for p in chunk
                    ]
                )
                variants = [
                    {
                        "product_id": product_id,
                        "business_id": business_ids[p.business_index],
                        "name": v.name,
                        "sku": v.sku,
                        "price": v.price,
                        "unit": v.unit,
                        "stock": v.stock,
                        "weight_grams": v.weight_grams,
                        "position": v.position,
                    }
                    for p, product_id in zip(chunk, product_ids)
                    for v in p.variants
                ]
                tables[ProductVariant].insert(variants)
                tables[ProductImage].insert(self._images(chunk, product_ids))
                variant_count += len(variants)
                certificate_count += len(certificates)
                bar.update(len(chunk))
        return {
            "products": plan.product_count,
            "variants": variant_count,
            "certificates": certificate_count,
        }

    def _certificates(
        self, chunk: list[ProductPlan], business_ids, categories, officer_id, tables
    ) -> dict[int, int]:
        certified = [p for p in chunk if p.certificate]
        ids = tables[OcopCertificate].insert_returning_ids(
            [
                {
                    "business_id": business_ids[p.business_index],
                    "number": p.certificate.number,
                    "product_name": p.name,
                    "group": categories[p.category].ocop_group,
                    "stars": p.certificate.stars,
                    "issued_on": p.certificate.issued_on,
                    "expires_on": p.certificate.expires_on,
                }
                for p in certified
            ]
        )
        tables[BusinessEvent].insert(
            [
                {
                    "business_id": business_ids[p.business_index],
                    "kind": E.CERTIFICATE_ADDED,
                    "actor_id": officer_id,
                    "note": f"{p.certificate.number}: {p.name} ({p.certificate.stars} sao)",
                    "created_at": _at_nine(p.certificate.issued_on),
                }
                for p in certified
            ]
        )
        return {p.serial: pk for p, pk in zip(certified, ids)}

    def _images(self, chunk: list[ProductPlan], product_ids: list[int]) -> list[dict]:
        """One picture per kind of product, stored once beside the first product of that kind
        and shared by the rest (deleting a product keeps files other rows still use)."""
        rows = []
        for p, product_id in zip(chunk, product_ids):
            processed = _placeholder(p.kind)
            stored = self.pictures.get(p.kind)
            if stored is None:
                stored = self.pictures[p.kind] = save_processed(product_id, processed)
                self.stored_names.extend(stored.names())
            rows.append(
                {
                    "product_id": product_id,
                    "image": stored.image,
                    **{f"thumbnail_{size}": name for size, name in stored.thumbnails.items()},
                    "width": processed.width,
                    "height": processed.height,
                    "alt": KINDS_BY_CODE[p.kind].name,
                    "position": 0,
                    "created_at": p.created_at,
                }
            )
        return rows
