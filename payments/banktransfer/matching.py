"""Reading our payment reference out of a bank's transfer description.

Banks rewrite the purpose the buyer sent: they prepend their own codes and the payer's name,
upper-case it, insert spaces or dots, or break it across a line (`MBVCB.8812.TT2612 010001AB3C.CT
tu 0123 NGUYEN VAN A`). So the description is folded (no diacritics), upper-cased and stripped of
everything but letters and digits, and every place a reference could start is tried against the
database: a reference is `TT` + the group number's digits (date and a sequence of 4 or more) + 4
characters, so where the digits end is ambiguous and each split is a candidate.
"""

import re

from marketplace.text import fold_diacritics
from orders.numbers import PAYMENT_PREFIX

# yymmdd + a day's sequence of at least 4 digits.
_MIN_DIGITS = 10
_SUFFIX_CHARS = 4
_MAX_CANDIDATES = 200


def compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", fold_diacritics(text or "").upper())


def reference_candidates(description: str) -> list[str]:
    """Every string in the description that has the shape of a payment reference."""
    text = compact(description)
    out: dict[str, None] = {}
    for start in (m.start() for m in re.finditer(f"(?={PAYMENT_PREFIX})", text)):
        digits = re.match(r"[0-9]*", text[start + len(PAYMENT_PREFIX) :]).group()
        for n in range(_MIN_DIGITS, len(digits) + 1):
            end = start + len(PAYMENT_PREFIX) + n + _SUFFIX_CHARS
            if end <= len(text):
                out[text[start:end]] = None
        if len(out) >= _MAX_CANDIDATES:
            break
    return list(out)[:_MAX_CANDIDATES]
