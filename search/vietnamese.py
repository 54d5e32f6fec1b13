"""Vietnamese text analysis for product search.

Buyers type on phones: often without accents, sometimes with the input method switched off so
the Telex (`dduowngf`) or VNI (`d9u7o7ng2`) keys stay in the text, and shops write tones in the
old (`hóa`, `thủy`) or new (`hoá`, `thuỷ`) position. `canonical` makes the spellings of one
syllable compare equal, `from_typing` reads the raw keys back as the syllable they encode.

Known gaps, accepted because the catalogue matches on the folded text anyway:
- `is_syllable` checks the folded word, so it cannot tell `ua` from `ưa` or `uâ`, nor reject
  `eng` for `êng`; it knows onset/vowel pairing (`ke`, `ghe`, `nghi`) but not every rare rhyme.
- `from_typing` reads any word whose keys decode to a syllable: the English `bus`, `gas`, `max`
  become `bú`, `gá`, `mã`; `xoong` (the pot, spelled with `oo`) reads as `xông`. Callers keep the
  canonical word next to the reading, so both can be searched.
- Telex `z` (clear tone), doubled keys that undo (`ss`) and `dd`/`d9` after the onset are not read.
"""

import re
import unicodedata
from functools import lru_cache

from marketplace.text import SEARCH_MAX_CHARS, SEARCH_MAX_WORDS, fold_diacritics

SAC, HUYEN, HOI, NGA, NANG = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_TONES = (SAC, HUYEN, HOI, NGA, NANG)
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"

# `gi` and `qu` come before `g` so that `giá`, `quý` put the tone on the vowel after them; the regex
# falls back to `g` when nothing follows (`gì`, `gìn`).
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?([aăâeêioôơuưy]+)(ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\W_]+")  # letters and digits: `_`, like other symbols, separates words

# Rhymes, folded: a nucleus ending in a semivowel (-i -o -u -y) takes no final consonant, one with
# `iê`/`yê` (or the `oo` of loanwords like xoong) needs one, the rest take either.
_OPEN_NUCLEI = frozenset("ai ao au ay eo eu ia iu oi ui uu ieu yeu oai oay oeo uay uoi uou uya uyu".split())
_CLOSED_NUCLEI = frozenset("ie ye uye oo".split())
_EITHER_NUCLEI = frozenset("a e i o u y oa oe ua ue uo uy".split())

_QUALITY_VOWELS = "ăâêôơư"
# New-style placement: without a final consonant the tone of oa/oe/uy sits on the second vowel.
_TONE_ON_SECOND = frozenset({"oa", "oe", "uy"})

_TELEX_TONES = dict(zip("sfrxj", _TONES))
_VNI_TONES = dict(zip("12345", _TONES))
_VNI_MARKS = {"6": CIRCUMFLEX, "7": HORN, "8": BREVE}
_TAKES_MARK = {CIRCUMFLEX: "aeo", HORN: "ou", BREVE: "a"}
# A tone key may trail the final consonant only when nothing but other keys follow it.
_TRAILING_KEYS = frozenset("sfrxjw123456789")
_ONSET_KEYS = {"dd": "đ", "d9": "đ"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_syllable(word: str) -> bool:
    """True when `word`, folded and lower-cased, is a well-formed Vietnamese syllable."""
    match = _SYLLABLE.fullmatch(fold_diacritics(word).lower())
    if not match:
        return False
    onset, nucleus, coda = match.group(1) or "", match.group(2), match.group(3) or ""
    if nucleus in _OPEN_NUCLEI:
        valid_rhyme = not coda
    elif nucleus in _CLOSED_NUCLEI:
        valid_rhyme = bool(coda)
    else:
        valid_rhyme = nucleus in _EITHER_NUCLEI
    if not valid_rhyme:
        return False
    # -ch/-nh follow only front or open vowels (ách, ếch, ính, oanh, huynh); -c/-ng never follow i/y,
    # which is also what turns away English `king`, `ping`.
    if coda in ("ch", "nh") and nucleus[-1] not in "aeiy":
        return False
    if coda in ("c", "ng") and nucleus[-1] in "iy":
        return False
    # Spelling rules: k/gh/ngh before e ê i y, c/g/ng elsewhere (`ke` but `ca`, `nghe` but `nga`).
    front = nucleus[0] in "eiy"
    if onset in ("k", "gh", "ngh") and not front:
        return False
    if (onset in ("c", "ng") and front) or (onset == "g" and nucleus[0] in "ey"):
        return False
    return not (onset == "qu" and nucleus[0] == "u")


def _place_tone(base: str, tone: str | None) -> str | None:
    """`base` (lower-case, NFC, toneless) with `tone` at its new-style position; None if not a syllable."""
    match = _SYLLABLE.fullmatch(base)
    if not match or not is_syllable(base):
        return None
    if tone is None:
        return base
    nucleus, coda = match.group(2), match.group(3)
    marked = [i for i, vowel in enumerate(nucleus) if vowel in _QUALITY_VOWELS]
    if marked:
        offset = marked[-1]  # the ơ of ươ (người, rượu), else the only marked vowel (tuấn, cứu)
    elif coda or len(nucleus) == 1:
        offset = len(nucleus) - 1  # hoàn, huýt, soóc
    elif len(nucleus) == 2:
        offset = 1 if nucleus in _TONE_ON_SECOND else 0  # hoá, thuỷ but mía, của
    else:
        offset = 1  # ngoài, khuỷu, xoáy
    at = match.start(2) + offset
    return base[:at] + _nfc(base[at] + tone) + base[at + 1 :]


# Catalogue text repeats a small vocabulary: caching makes a full reindex several times faster.
@lru_cache(maxsize=100_000)
def _canonical_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [mark for mark in decomposed if mark in _TONES]
    if len(tones) > 1:
        return word
    base = _nfc("".join(ch for ch in decomposed if ch not in _TONES))
    return _place_tone(base, tones[0] if tones else None) or word


def canonical(text: str) -> str:
    """NFC, lower-case, each syllable's tone mark at its new-style position: `Hòa` → `hoà`.

    Words that are not Vietnamese syllables (`200g`, `ocop`) are only lower-cased."""
    # Lower-casing can decompose (`İ`), so normalise on both sides of it.
    text = _nfc(_nfc(text).lower())
    return _WORD.sub(lambda match: _canonical_word(match.group()), text)


def tokens(text: str) -> list[str]:
    """The canonical words of `text`, in order."""
    return _WORD.findall(canonical(text))


def fold(text: str) -> str:
    """Canonical text without diacritics: `Miến dong Đà Lạt` → `mien dong da lat`."""
    return fold_diacritics(canonical(text))


def _add_mark(letters: list[str], mark: str, *, telex_w: bool, after_qu: bool) -> bool:
    """Put `mark` on the nearest plain vowel that takes it; False when there is none."""
    takes = "aou" if telex_w else _TAKES_MARK[mark]
    for at in range(len(letters) - 1, -1, -1):
        if letters[at] not in takes:
            continue
        letters[at] += (BREVE if letters[at] == "a" else HORN) if telex_w else mark
        # Both vowels of ươ carry the horn; the u of the `qu` onset does not (quở).
        if letters[at] == "o" + HORN and at > 0 and letters[at - 1] == "u" and not (after_qu and at == 1):
            letters[at - 1] += HORN
        return True
    if telex_w and not letters:
        letters.append("u" + HORN)  # a lone Telex w is ư: `nhw` → như
        return True
    return False


def _fill_circumflex(base: str) -> str:
    # iê and yê never appear without the circumflex, so `tiengs` can only mean tiếng.
    match = _SYLLABLE.fullmatch(base)
    if not match:
        return base
    nucleus = match.group(2).replace("ie", "iê").replace("ye", "yê")
    return base[: match.start(2)] + nucleus + base[match.end(2) :]


def from_typing(word: str) -> str | None:
    """The canonical syllable that Telex or VNI keys in `word` encode (`dduowngf` → `đường`), else None."""
    word = word.lower()
    if not re.fullmatch(r"[a-z0-9]+", word):
        return None
    # Keys count only from the first vowel on: in `xoai`, `tra` the x and r are onsets, not tones.
    split = re.match(r"[^aeiouyw]*", word).end()
    onset_typed, rest = word[:split], word[split:]
    onset = _ONSET_KEYS.get(onset_typed, onset_typed)
    if not rest or any(ch.isdigit() for ch in onset):
        return None
    keyed = onset != onset_typed
    letters: list[str] = []
    tone = None
    for at, ch in enumerate(rest):
        if ch in _TELEX_TONES or ch in _VNI_TONES:
            after_vowel = bool(letters) and letters[-1][0] in "aeiouy"
            trailing = all(later in _TRAILING_KEYS for later in rest[at + 1 :])
            if tone or not letters or not (after_vowel or trailing):
                return None
            tone = _TELEX_TONES.get(ch) or _VNI_TONES[ch]
        elif ch == "w" or ch in _VNI_MARKS:
            mark = HORN if ch == "w" else _VNI_MARKS[ch]
            if not _add_mark(letters, mark, telex_w=ch == "w", after_qu=onset == "q"):
                return None
        elif ch == "9" and onset == "d":
            onset = "đ"
        elif ch.isdigit():
            return None
        elif ch in "aeo" and letters and letters[-1] == ch and rest[at - 1] == ch:
            letters[-1] += CIRCUMFLEX  # Telex aa ee oo
        else:
            letters.append(ch)
            continue
        keyed = True
    if not keyed:
        return None
    syllable = _place_tone(_fill_circumflex(_nfc(onset + "".join(letters))), tone)
    return syllable if syllable and syllable != word else None


def query_words(text: str) -> list[tuple[str, str | None]]:
    """A buyer's query as canonical words, each with its Telex/VNI reading or None.

    Bounded like the database filter: each word becomes a scan of the table."""
    words = tokens(text[:SEARCH_MAX_CHARS])[:SEARCH_MAX_WORDS]
    return [(word, from_typing(word)) for word in words]
