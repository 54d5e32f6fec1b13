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
