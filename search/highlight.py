"""Marking matched words in the original, accented text, and the "did you mean" query.

Done here rather than by each engine so that both engines mark exactly the same words and
the marks land on the text as the seller wrote it, whatever the index stores."""

import re
from functools import lru_cache
from html import escape

from search import vietnamese
from search.query import WordQuery

_WORD = re.compile(r"[^\W_]+")
SNIPPET_CHARS = 160


@lru_cache(maxsize=100_000)
def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap counts once), cut off above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=100_000)
def _forms(token: str) -> tuple[str, str]:
    # Descriptions repeat a small vocabulary; each word is analysed once per process.
    return vietnamese.canonical(token), vietnamese.fold(token)


def _matches(token: str, word: WordQuery, *, fuzzy: bool = True) -> bool:
    canonical, folded = _forms(token)
    if (canonical in word.exact and (word.terms or not word.resolved)) or folded in word.matches:
        return True
    if word.prefix and any(folded.startswith(f) for f in word.folded):
        return True
    return (
        fuzzy
        and bool(word.fuzziness)
        and any(edit_distance(folded, f, word.fuzziness) <= word.fuzziness for f in word.folded)
    )


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


class Highlighter:
    """Marks one query's words in many texts (a page of names and descriptions). Each distinct
    word of those texts is compared with the query once: descriptions repeat a small vocabulary,
    and a page used to repeat the comparisons for every text and every pass."""

    def __init__(self, words: list[WordQuery]):
        self.words = words
        self._found: dict[tuple[str, bool], tuple[bool, ...]] = {}

    def _matches(self, token: str, *, fuzzy: bool) -> tuple[bool, ...]:
        """For each query word, whether `token` matches it (with typos allowed if `fuzzy`)."""
        key = (token, fuzzy)
        if key not in self._found:
            self._found[key] = tuple(_matches(token, w, fuzzy=fuzzy) for w in self.words)
        return self._found[key]

    def spans(self, text: str) -> list[tuple[int, int]]:
        tokens = [(t.span(), t.group()) for t in _WORD.finditer(text)]
        as_typed = [self._matches(token, fuzzy=False) for _, token in tokens]
        # A word found as typed is not also marked where it merely resembles another ("dong" in
        # "Miến dong Sơn Dương" marks dong, not Dương): typo matches are marked only as a last resort.
        typos_allowed = [not any(column) for column in zip(*as_typed, strict=True)] if tokens else []

        def marked(token: str, found: tuple[bool, ...]) -> bool:
            if any(found):
                return True
            if not any(typos_allowed):
                return False
            return any(
                a and hit for a, hit in zip(typos_allowed, self._matches(token, fuzzy=True), strict=True)
            )

        return [span for (span, token), found in zip(tokens, as_typed, strict=True) if marked(token, found)]

    def highlight(self, text: str) -> str | None:
        """The whole text, HTML-escaped, with matched words in <mark>; None when nothing matched."""
        spans = self.spans(text)
        return _marked(text, spans) if spans else None

    def snippet(self, text: str) -> str | None:
        """About SNIPPET_CHARS characters of `text` around its first matched word, marked."""
        spans = self.spans(text)
        if not spans:
            return None
        start = max(0, spans[0][0] - SNIPPET_CHARS // 4)
        if start:
            start = text.rfind(" ", 0, start) + 1
        end = min(len(text), start + SNIPPET_CHARS)
        if end < len(text):
            end = max(text.rfind(" ", start, end), spans[0][1])
        inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
        return ("…" if start else "") + _marked(text[start:end], inside) + ("…" if end < len(text) else "")


def highlight(text: str, words: list[WordQuery]) -> str | None:
    return Highlighter(words).highlight(text)


def snippet(text: str, words: list[WordQuery]) -> str | None:
    return Highlighter(words).snippet(text)


def corrected_query(query: str, words: list[WordQuery], texts: list[str]) -> str | None:
    """The query respelled with words the index holds, for each word as typed that it does not
    hold ("mein dong" → "miến dong", "maajt ong" → "mật ong"); None when nothing changed.

    `words` are resolved against the vocabulary (search.query.resolve); a replacement takes the
    accented form found in the best hits' `texts`, else the folded word of the index."""
    by_typed = {w.exact[0]: w for w in words}
    tokens = [t for text in texts for t in _WORD.findall(text)]
    corrected, changed = [], False
    for as_typed, _reading in vietnamese.query_words(query):
        word = by_typed.get(as_typed)
        if word is None or not word.corrected:
            corrected.append(as_typed)
            continue
        replacement = next((t for t in tokens if _forms(t)[1] in word.matches), None)
        corrected.append(vietnamese.canonical(replacement) if replacement else word.matches[0])
        changed = True
    return " ".join(corrected) if changed else None
