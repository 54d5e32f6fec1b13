"""The demo data as plain values, decided before anything is written.

Everything comes from `random.Random` streams seeded with the seed and a topic name, so the
same seed gives the same sellers, products and prices (timestamps are offsets from `now`).
Nothing here touches the database: `catalog.demo.writer` turns the plan into rows.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache

from catalog.demo import naming, words
from catalog.demo.catalogue import KINDS, KINDS_BY_CODE, ProductKind
from catalog.demo.records import (
    BusinessPlan,
    CertificatePlan,
    CommuneInfo,
    ProductPlan,
    VariantPlan,
    _Slot,
)
from catalog.models import Product
from marketplace.businesses.models import Business
from marketplace.businesses.services import OCOP_VALIDITY_MONTHS
from marketplace.businesses.tax_code import tax_code_from_serial
from marketplace.dates import add_months
from marketplace.text import vietnamese_slugify

BS, PS = Business.Status, Product.Status

# Per unit of --scale. Tuyên Quang's floor: 890 sellers, 2,447 products.
BUSINESS_QUOTA = {BS.APPROVED: 801, BS.PENDING: 60, BS.REJECTED: 27, BS.SUSPENDED: 2}
PRODUCT_QUOTA = {PS.APPROVED: 2251, PS.PENDING: 90, PS.DRAFT: 60, PS.REJECTED: 26, PS.HIDDEN: 20}
# ~18% of products carry OCOP stars; 5★ is national and rare.
OCOP_QUOTA = {3: 292, 4: 145, 5: 3}
BUSINESSES_PER_SCALE = sum(BUSINESS_QUOTA.values())
PRODUCTS_PER_SCALE = sum(PRODUCT_QUOTA.values())
# A pending seller has one draft; a suspended one keeps three products, hidden.
DRAFTS_PER_PENDING_BUSINESS = 1
HIDDEN_PER_SUSPENDED_BUSINESS = 3
# The demo seller's cooperative (business 0): five approved products and one awaiting review.
SHOWCASE_STATUSES = (PS.APPROVED,) * 5 + (PS.PENDING,)
SHOWCASE_NAME = "Hợp tác xã Chè Shan tuyết Na Hang"
SAME_KIND_MAX = 2  # products of one kind per seller
TAX_CODE_PREFIX = "50"
OWNER_PHONE_PREFIX = "+8498"  # + 7 digits: owners of generated sellers

assert PRODUCT_QUOTA[PS.DRAFT] == BUSINESS_QUOTA[BS.PENDING] * DRAFTS_PER_PENDING_BUSINESS
assert PRODUCT_QUOTA[PS.HIDDEN] >= BUSINESS_QUOTA[BS.SUSPENDED] * HIDDEN_PER_SUSPENDED_BUSINESS

_KIND_OF_BUSINESS_WEIGHTS = {
    Business.Kind.COOPERATIVE: 36,
    Business.Kind.HOUSEHOLD: 34,
    Business.Kind.ENTERPRISE: 18,
    Business.Kind.COOPERATIVE_GROUP: 12,
}
# Bigger sellers list more products.
_ASSORTMENT_WEIGHTS = {
    Business.Kind.ENTERPRISE: 3.0,
    Business.Kind.COOPERATIVE: 2.5,
    Business.Kind.COOPERATIVE_GROUP: 1.5,
    Business.Kind.HOUSEHOLD: 1.0,
}
_EXTRA_KINDS = {"THOC", "LAN", "HOME"}  # not in the domain's catalogue: rarer
_KIND_WEIGHTS = [3 if k.geographical_indication else 1 if k.code in _EXTRA_KINDS else 2 for k in KINDS]


@lru_cache(maxsize=8192)  # product names recur across sellers
def _slug_base(name: str) -> str:
    return vietnamese_slugify(name)[:200]


def _round_thousand(value: float) -> int:
    return round(value / 1000) * 1000


class DemoPlan:
    def __init__(self, *, seed: int, scale: int, communes: list[CommuneInfo], now: datetime):
        if not communes:
            raise ValueError("the plan needs the province's communes")
        self.seed = seed
        self.scale = scale
        self.now = now.replace(microsecond=0)
        self.communes = sorted(communes, key=lambda c: c.code)
        self._by_district = defaultdict(list)
        for commune in self.communes:
            self._by_district[commune.district_short].append(commune)
        self._businesses: list[BusinessPlan] | None = None
        self._slots: list[list[_Slot]] | None = None

    def _rng(self, topic: str) -> random.Random:
        return random.Random(f"{self.seed}:{topic}")

    @property
    def business_count(self) -> int:
        return BUSINESSES_PER_SCALE * self.scale

    @property
    def product_count(self) -> int:
        return PRODUCTS_PER_SCALE * self.scale

    # Sellers ---------------------------------------------------------------------------------

    def businesses(self) -> list[BusinessPlan]:
        if self._businesses is None:
            self._businesses = self._plan_businesses()
        return self._businesses

    def _plan_businesses(self) -> list[BusinessPlan]:
        rng = self._rng("businesses")
        statuses = [s for s, n in BUSINESS_QUOTA.items() for _ in range(n * self.scale)]
        statuses.remove(BS.APPROVED)
        rng.shuffle(statuses)
        statuses.insert(0, BS.APPROVED)
        kinds_of_business = list(_KIND_OF_BUSINESS_WEIGHTS)
        kind_weights = list(_KIND_OF_BUSINESS_WEIGHTS.values())
        names_taken: set[str] = set()
        plans = []
        for index, status in enumerate(statuses):
            showcase = index == 0
            kind = Business.Kind.COOPERATIVE if showcase else rng.choices(kinds_of_business, kind_weights)[0]
            specialty = KINDS_BY_CODE["CHE"] if showcase else rng.choices(KINDS, _KIND_WEIGHTS)[0]
            commune = self._commune_for(rng, specialty, showcase=showcase)
            representative = naming.person_name(rng)
            brand = rng.choice(words.BRANDS)
            place = (
                commune.district_short
                if commune.is_ward or not commune.district_short or rng.random() < 0.3
                else commune.short_name
            )
            if showcase:
                name, place = SHOWCASE_NAME, commune.district_short or commune.short_name
            else:
                name = naming.business_name(
                    rng,
                    kind=kind,
                    trade=specialty.trade,
                    place=place,
                    brand=brand,
                    person=representative,
                    taken=names_taken,
                )
            names_taken.add(name)
            registered_at, decided_at, suspended_at, reason = self._history(rng, status)
            plans.append(
                BusinessPlan(
                    index=index,
                    kind=kind,
                    name=name,
                    tax_code=tax_code_from_serial(index, province_prefix=TAX_CODE_PREFIX),
                    representative_name=representative,
                    phone=f"{OWNER_PHONE_PREFIX}{index:07d}",  # the owner's mobile
                    email_local=f"lienhe.{index:06d}",
                    address_line=naming.address_line(rng, is_ward=commune.is_ward),
                    commune=commune,
                    status=status,
                    status_reason=reason,
                    registered_at=registered_at,
                    decided_at=decided_at,
                    suspended_at=suspended_at,
                    specialty=specialty.code,
                    brand=brand,
                    place=place,
                    owner_email_local=f"chu.{index:06d}",
                )
            )
        return plans

    def _commune_for(self, rng, specialty: ProductKind, *, showcase: bool) -> CommuneInfo:
        homes = [c for district in specialty.districts for c in self._by_district.get(district, ())]
        if showcase and homes:
            return homes[0]
        if homes and rng.random() < 0.85:
            return rng.choice(homes)
        return rng.choice(self.communes)

    def _history(self, rng, status) -> tuple[datetime, datetime | None, datetime | None, str]:
        now = self.now
        if status == BS.PENDING:
            return (
                (now - timedelta(days=rng.uniform(0.5, 30))).replace(microsecond=0),
                None,
                None,
                "",
            )
        registered = now - timedelta(days=rng.uniform(40, 1000))
        decided = registered + timedelta(days=rng.uniform(0.5, 14))
        decided = decided.replace(microsecond=0)
        if status == BS.REJECTED:
            return (
                registered.replace(microsecond=0),
                decided,
                None,
                rng.choice(words.BUSINESS_REJECTION_REASONS),
            )
        suspended = None
        reason = ""
        if status == BS.SUSPENDED:
            suspended = (now - timedelta(days=rng.uniform(1, 20))).replace(microsecond=0)
            reason = words.BUSINESS_SUSPENSION_REASON
        return registered.replace(microsecond=0), decided, suspended, reason

    # What each seller lists ------------------------------------------------------------------

    def slots(self) -> list[list[_Slot]]:
        if self._slots is None:
            self._slots = self._plan_slots()
        return self._slots

    def _plan_slots(self) -> list[list[_Slot]]:
        """Statuses per seller, then kinds, then OCOP stars, meeting the quotas exactly."""
        businesses = self.businesses()
        scale = self.scale
        statuses: list[list[str]] = [[] for _ in businesses]
        remaining = Counter({status: n * scale for status, n in PRODUCT_QUOTA.items()})

        def give(index, status, count=1):
            statuses[index].extend([status] * count)
            remaining[status] -= count

        approved = []
        for b in businesses:
            if b.index == 0:
                for status in SHOWCASE_STATUSES:
                    give(0, status)
            elif b.status == BS.PENDING:
                give(b.index, PS.DRAFT, DRAFTS_PER_PENDING_BUSINESS)
            elif b.status == BS.SUSPENDED:
                give(b.index, PS.HIDDEN, HIDDEN_PER_SUSPENDED_BUSINESS)
            elif b.status == BS.APPROVED:
                give(b.index, PS.APPROVED)
                approved.append(b.index)
        pool = [status for status, n in sorted(remaining.items()) for _ in range(n)]
        rng = self._rng("assortment")
        rng.shuffle(pool)
        weights = [_ASSORTMENT_WEIGHTS[businesses[i].kind] for i in approved]
        for index, status in zip(rng.choices(approved, weights, k=len(pool)), pool):
            statuses[index].append(status)
        order = {PS.APPROVED: 0, PS.PENDING: 1, PS.REJECTED: 2, PS.HIDDEN: 3, PS.DRAFT: 4}
        kinds = [self._kinds_for(rng, b, len(statuses[b.index])) for b in businesses]
        stars = self._plan_stars(businesses, statuses, kinds, order)
        slots = []
        serial = 0
        for b in businesses:
            row = []
            for status, kind in zip(sorted(statuses[b.index], key=order.__getitem__), kinds[b.index]):
                row.append(_Slot(status, kind, stars.get(serial)))
                serial += 1
            slots.append(row)
        return slots

    @staticmethod
    def _kinds_for(rng, business: BusinessPlan, count: int) -> list[str]:
        specialty = KINDS_BY_CODE[business.specialty]
        family = [k.code for k in KINDS if k.category == specialty.category or k.trade == specialty.trade]
        chosen = [specialty.code]
        while len(chosen) < count:
            if rng.random() < 0.6:
                code = rng.choice(family)
            else:
                code = rng.choices(KINDS, _KIND_WEIGHTS)[0].code
            if chosen.count(code) < SAME_KIND_MAX:
                chosen.append(code)
        return chosen

    def _plan_stars(self, businesses, statuses, kinds, order) -> dict[int, int]:
        rng = self._rng("ocop")
        candidates, famous = [], []
        serial = 0
        for b in businesses:
            for status, kind in zip(sorted(statuses[b.index], key=order.__getitem__), kinds[b.index]):
                if status == PS.APPROVED and serial > 1:
                    candidates.append(serial)
                    if KINDS_BY_CODE[kind].geographical_indication:
                        famous.append(serial)
                serial += 1
        # The showcase cooperative's first two products (both approved) are certified.
        stars = {0: 4, 1: 3}
        for serial in rng.sample(famous, OCOP_QUOTA[5] * self.scale):
            stars[serial] = 5
        rest = [s for s in candidates if s not in stars]
        wanted = [4] * (OCOP_QUOTA[4] * self.scale - 1) + [3] * (OCOP_QUOTA[3] * self.scale - 1)
        for serial, star in zip(rng.sample(rest, len(wanted)), wanted):
            stars[serial] = star
        return stars

    # Products --------------------------------------------------------------------------------

    def products(self) -> Iterator[ProductPlan]:
        rng = self._rng("products")
        serial = 0
        for b, row in zip(self.businesses(), self.slots()):
            taken: set[str] = set()
            for position, slot in enumerate(row):
                yield self._product(rng, serial, position, b, slot, taken)
                serial += 1

    def _product(self, rng, serial, position, b: BusinessPlan, slot: _Slot, taken) -> ProductPlan:
        kind = KINDS_BY_CODE[slot.kind]
        name = naming.product_name(rng, kind, place=b.place, brand=b.brand, taken=taken)
        start = b.decided_at or b.registered_at
        created_at = (start + (self.now - start) * rng.random()).replace(microsecond=0)
        certificate = None
        if slot.stars:
            # Certified after the seller joined, so every certificate is still valid (36 months).
            span = max(1, (self.now - start).days)
            issued = (start + timedelta(days=rng.randint(0, span - 1))).date()
            agency = "QĐ-BNN-VPĐP" if slot.stars == 5 else "QĐ-UBND"
            certificate = CertificatePlan(
                number=f"{rng.randint(120, 3999)}/{agency}",
                stars=slot.stars,
                issued_on=issued,
                expires_on=add_months(issued, OCOP_VALIDITY_MONTHS),
            )
        reason = ""
        if slot.status == PS.REJECTED:
            reason = rng.choice(words.PRODUCT_REJECTION_REASONS)
        elif slot.status == PS.HIDDEN:
            reason = (
                "Ẩn vì người bán đang bị tạm ngừng."
                if b.status == BS.SUSPENDED
                else "Người bán tạm ẩn: hết hàng theo mùa."
            )
        sentences = naming.description(
            rng,
            kind,
            seller=b.name,
            commune=b.commune.name,
            district=b.commune.district,
            ocop=(certificate.stars, certificate.number) if certificate else None,
        )
        return ProductPlan(
            serial=serial,
            business_index=b.index,
            kind=kind.code,
            name=name,
            slug=f"{_slug_base(name)}-{serial + 1:05d}",
            description=" ".join(sentences),
            search_text=naming.product_search_text(name, sentences),
            category=kind.category,
            commune_code=b.commune.code,
            status=slot.status,
            status_reason=reason,
            is_public=slot.status == PS.APPROVED and b.status == BS.APPROVED,
            created_at=created_at,
            certificate=certificate,
            variants=self._variants(rng, kind, position),
        )

    @staticmethod
    def _variants(rng, kind: ProductKind, position: int) -> tuple[VariantPlan, ...]:
        count = min(len(kind.packs), rng.choices([1, 2, 3], [40, 35, 25])[0])
        chosen = [0] + sorted(rng.sample(range(1, len(kind.packs)), count - 1))
        level = rng.random()  # where this product sits in the kind's price range
        variants = []
        for v, pack_index in enumerate(chosen):
            pack = kind.packs[pack_index]
            q = min(1.0, max(0.0, level + rng.uniform(-0.08, 0.08)))
            price = _round_thousand(pack.price_low + q * (pack.price_high - pack.price_low))
            if kind.code == "HOME":
                stock = rng.randint(0, 12)
            else:
                stock = 0 if rng.random() < 0.08 else rng.choice([rng.randint(1, 40), rng.randint(20, 400)])
            variants.append(
                VariantPlan(
                    name=pack.name,
                    sku=f"{kind.code}-{position + 1:03d}-{v + 1}",
                    price=price,
                    unit=pack.unit,
                    stock=stock,
                    weight_grams=pack.weight_grams,
                    position=v,
                )
            )
        return tuple(variants)
