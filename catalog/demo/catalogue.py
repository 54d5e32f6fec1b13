"""What the demo sellers make: one template per kind of product, after the domain's
"Realistic catalogue" (typical retail packs and VND price ranges) plus one kind each for
the OCOP groups it leaves empty (handicrafts, ornamentals, community tourism)."""

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pack:
    """A way the product is sold; becomes a variant. Prices are whole thousands of VND."""

    name: str
    unit: str
    weight_grams: int
    price_low: int
    price_high: int


@dataclass(frozen=True)
class ProductKind:
    code: str  # SKU prefix
    name: str
    category: str  # slug of a sub-category from catalog/migrations/0002_ocop_categories.py
    trade: str  # what its makers are called in business names ("Hợp tác xã Miến dong …")
    districts: tuple[str, ...]  # legacy districts where it is made; empty: anywhere
    packs: tuple[Pack, ...]  # the first is the domain's typical retail pack
    qualifiers: tuple[str, ...]
    about: tuple[str, ...]
    usage: tuple[str, ...]
    color: str  # background of its placeholder picture
    name_has_place: bool = True  # False: product names get the maker's place appended
    geographical_indication: bool = False


def _load() -> tuple[ProductKind, ...]:
    """The templates live in catalogue.json beside this module (one kind per line)."""
    rows = json.loads((Path(__file__).with_name("catalogue.json")).read_text(encoding="utf-8"))
    return tuple(
        ProductKind(
            **{
                **row,
                "packs": tuple(Pack(*pack) for pack in row["packs"]),
                **{key: tuple(row[key]) for key in ("districts", "qualifiers", "about", "usage")},
            }
        )
        for row in rows
    )


KINDS: tuple[ProductKind, ...] = _load()
KINDS_BY_CODE = {kind.code: kind for kind in KINDS}
