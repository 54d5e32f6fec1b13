"""Vietnamese text helpers shared by every app."""

import unicodedata

from django.utils.text import slugify

# đ/Đ have no Unicode decomposition, so NFKD-based folding would silently drop them.
_STROKE_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold_diacritics(text: str) -> str:
    """`Miến dong Đà Lạt` → `Mien dong Da Lat`."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).translate(_STROKE_D))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def vietnamese_slugify(text: str) -> str:
    """`Miến dong Na Hang` → `mien-dong-na-hang`."""
    return slugify(fold_diacritics(text))


def search_text(*parts: str) -> str:
    """The folded, lower-cased text the database filter matches against."""
    return " ".join(fold_diacritics(part).lower() for part in parts if part)


SEARCH_MAX_CHARS = 100
SEARCH_MAX_WORDS = 8


def search_filter(query: str, field: str = "search_text"):
    """Every word of the query, folded, must appear in `field` (built with `search_text`).

    Bounded: each word is a LIKE over the table, so only the first few distinct words count."""
    from django.db.models import Q

    words = dict.fromkeys(search_text(query[:SEARCH_MAX_CHARS]).split())
    condition = Q()
    for word in list(words)[:SEARCH_MAX_WORDS]:
        condition &= Q(**{f"{field}__contains": word})
    return condition
