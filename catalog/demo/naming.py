"""Names and texts of demo sellers and products, drawn from a `random.Random` the caller owns
(the order of draws is part of what makes a seed reproducible)."""

import random
from functools import lru_cache

from catalog.demo import words
from catalog.demo.catalogue import ProductKind
from marketplace.businesses.models import Business
from marketplace.text import search_text

_FAMILIES = [family for family, _ in words.FAMILY_NAMES]
_FAMILY_WEIGHTS = [weight for _, weight in words.FAMILY_NAMES]


def strip_prefix(text: str, prefixes) -> str:
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def person_name(rng: random.Random) -> str:
    family = rng.choices(_FAMILIES, _FAMILY_WEIGHTS)[0]
    if rng.random() < 0.5:
        middle = "A" if family in words.HMONG_FAMILIES else rng.choice(words.MALE_MIDDLE)
        return f"{family} {middle} {rng.choice(words.MALE_GIVEN)}"
    return f"{family} {rng.choice(words.FEMALE_MIDDLE)} {rng.choice(words.FEMALE_GIVEN)}"


def business_name(rng, *, kind: str, trade: str, place: str, brand: str, person: str, taken: set[str]) -> str:
    """`Hợp tác xã Chè Shan tuyết Na Hang`, `Công ty TNHH Mật ong Bạc Hà Hà Giang`, … avoiding
    names already `taken` for a few tries."""
    candidate = ""
    for _attempt in range(6):
        roll = rng.random()
        if kind == Business.Kind.COOPERATIVE:
            if roll < 0.6:
                candidate = f"Hợp tác xã {trade} {place}"
            elif roll < 0.8:
                candidate = f"Hợp tác xã {rng.choice(words.GENERIC_TRADES)} {place}"
            else:
                candidate = f"Hợp tác xã {trade} {brand}"
        elif kind == Business.Kind.ENTERPRISE:
            form = rng.choices(["Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần"], [5, 3, 2])[0]
            tail = rng.choice([brand, brand, place, rng.choice(words.REGION_NAMES)])
            candidate = f"{form} {trade} {tail}"
        elif kind == Business.Kind.COOPERATIVE_GROUP:
            candidate = f"Tổ hợp tác {trade} {place if roll < 0.7 else brand}"
        else:
            candidate = f"Hộ kinh doanh {person}" if roll < 0.7 else f"Hộ kinh doanh {trade} {brand}"
        if candidate not in taken:
            return candidate
        brand = rng.choice(words.BRANDS)
    return candidate  # at large scales some names repeat, as in any real register


def address_line(rng, *, is_ward: bool) -> str:
    if is_ward:
        return f"Số {rng.randint(1, 250)}, tổ dân phố {rng.randint(1, 18)}"
    return f"Thôn {rng.choice(words.HAMLET_FIRST)} {rng.choice(words.HAMLET_SECOND)}"


def product_name(rng, kind: ProductKind, *, place: str, brand: str, taken: set[str]) -> str:
    """The catalogue name with the maker's place, a qualifier or its brand; unique per seller."""
    for attempt in range(8):
        parts = [kind.name]
        if not kind.name_has_place and rng.random() < 0.7:
            parts.append(place)
        if rng.random() < 0.6:
            parts.append(rng.choice(kind.qualifiers))
        if attempt >= 3 or rng.random() < 0.25:
            parts.append(brand)
        name = " ".join(parts)
        if name not in taken:
            taken.add(name)
            return name
    n = len(taken) + 1
    while f"{kind.name} {brand} mẫu {n}" in taken:
        n += 1
    name = f"{kind.name} {brand} mẫu {n}"
    taken.add(name)
    return name


def description(
    rng,
    kind: ProductKind,
    *,
    seller: str,
    commune: str,
    district: str,
    ocop: tuple[int, str] | None,
) -> list[str]:
    """The sentences of a product description (joined with spaces by the caller)."""
    where = lower_first(commune) + (f" ({lower_first(district)} cũ)" if district else "")
    parts = [rng.choice(kind.about), f"Sản phẩm của {seller}, {where}, tỉnh Tuyên Quang."]
    if ocop:
        parts.append(f"Đạt chứng nhận OCOP {ocop[0]} sao (Quyết định số {ocop[1]}).")
    parts.append(rng.choice(kind.usage))
    parts.append(rng.choice(words.SELLER_LINES))
    return parts


@lru_cache(maxsize=8192)
def _folded(fragment: str) -> str:
    return search_text(fragment)


def product_search_text(name: str, sentences: list[str]) -> str:
    """Equals `search_text(name, " ".join(sentences))`, what Product.save() stores, folding
    each recurring sentence once: folding 244,700 whole descriptions (--scale 100) one
    character at a time took most of a minute. Folding works character by character, so
    folding the parts and joining them gives the same text."""
    return " ".join([_folded(name), *(_folded(sentence) for sentence in sentences)])
