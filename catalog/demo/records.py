"""The plain records a demo plan is made of (no database access)."""

from dataclasses import dataclass
from datetime import date, datetime

from catalog.demo import naming


@dataclass(frozen=True, slots=True)
class CommuneInfo:
    code: str
    name: str  # "Xã Thượng Lâm"
    is_ward: bool
    district: str  # legacy district's full name, "Huyện Lâm Bình", or ""

    @property
    def short_name(self) -> str:
        return naming.strip_prefix(self.name, ("Xã ", "Phường ", "Đặc khu "))

    @property
    def district_short(self) -> str:
        return naming.strip_prefix(self.district, ("Huyện ", "Thành phố ", "Thị xã "))


@dataclass(slots=True)
class BusinessPlan:
    index: int
    kind: str
    name: str
    tax_code: str
    representative_name: str
    phone: str  # also its owner's login
    email_local: str
    address_line: str
    commune: CommuneInfo
    status: str
    status_reason: str
    registered_at: datetime
    decided_at: datetime | None  # approval or rejection
    suspended_at: datetime | None
    specialty: str  # ProductKind.code
    brand: str
    place: str
    owner_email_local: str


@dataclass(slots=True)
class VariantPlan:
    name: str
    sku: str
    price: int
    unit: str
    stock: int
    weight_grams: int
    position: int


@dataclass(slots=True)
class CertificatePlan:
    number: str
    stars: int
    issued_on: date
    expires_on: date


@dataclass(slots=True)
class ProductPlan:
    serial: int
    business_index: int
    kind: str
    name: str
    slug: str
    description: str
    search_text: str  # what Product.save() would derive
    category: str  # slug
    commune_code: str
    status: str
    status_reason: str
    is_public: bool  # approved, by an approved seller (what the services maintain)
    created_at: datetime
    certificate: CertificatePlan | None
    variants: tuple[VariantPlan, ...]

    @property
    def price_min(self) -> int:
        return min(v.price for v in self.variants)

    @property
    def price_max(self) -> int:
        return max(v.price for v in self.variants)


@dataclass(slots=True)
class _Slot:
    status: str
    kind: str
    stars: int | None
