"""What a search asks and answers, independent of the engine that runs it.

How a query matches, the same on every engine (each engine only answers term, pair and prefix
lookups; the decisions are made here):
- every query word is looked up in the catalogue's vocabulary (the folded terms of the index).
  A word the catalogue knows, as typed or through its Telex/VNI reading, matches only itself.
  A word it does not know ("mein", "onng") matches the nearest known words within the typo
  allowance, never anything fuzzier: `mien` never drifts to `tiến` or `men`.
- adjacent words also match as a pair ("miến dong" as one unit), and a search takes the first
  of these tiers that finds anything: the words as a phrase in the name, every word in the
  name, the first two words as a phrase in the name and the rest anywhere, the phrase
  anywhere, every word anywhere, any word anywhere."""

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import product as pairs_of

from search import vietnamese

# Constant scores, the same in every engine, so ranking does not depend on an engine's term
# statistics: per query word the best of these counts (dis_max), words add up.
NAME_EXACT = 10.0  # the accented word as typed
NAME_FOLDED = 7.0  # same letters, accents ignored
TEXT_EXACT = 5.0  # description, category, seller, place names, variants, SKUs
TEXT_FOLDED = 4.0
NAME_FUZZY = 3.0  # a misspelt word, through the known word it stands for
NAME_PREFIX = 2.0  # the last word while the buyer is still typing it
TEXT_FUZZY = 1.0
IN_STOCK_BONUS = 0.5  # below every gap above: only orders otherwise equal matches

PRICE_BUCKETS = ((None, 50_000), (50_000, 100_000), (100_000, 200_000), (200_000, 500_000), (500_000, None))
FACET_FIELDS = ("category", "commune", "district", "ocop_stars", "business_kind", "price")


def fuzziness(word: str) -> int:
    """Edits forgiven in a word; Vietnamese syllables are short, so 3 letters get none."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 7 else 2


MAX_TYPO_CANDIDATES = 8  # known words a misspelt word may stand for, nearest first
PAIR_JOINER = "_"  # never inside a word (vietnamese.tokens splits on it)


@dataclass(frozen=True)
class WordQuery:
    exact: tuple[str, ...]  # canonical accented forms: as typed, and the Telex/VNI reading
    folded: tuple[str, ...]
    fuzziness: int  # edits the highlighter forgives; 0 once the word is resolved
    prefix: bool  # last word: also match words that start with it
    # Set by `resolve`: the folded forms the index knows, or (for an unknown word) the known
    # words it is a typo of. Before resolving, every folded form counts as known.
    terms: tuple[str, ...] = ()
    typos: tuple[str, ...] = ()
    resolved: bool = False

    @property
    def matches(self) -> tuple[str, ...]:
        """Folded terms this word matches as a whole word."""
        if not self.resolved:
            return self.folded
        return self.terms + self.typos

    @property
    def corrected(self) -> bool:
        """The word as typed is not in the catalogue but stands for words that are."""
        return self.resolved and vietnamese.fold(self.exact[0]) not in self.terms and bool(self.matches)


def plan_words(text: str) -> list[WordQuery]:
    words = vietnamese.query_words(text)
    plans = []
    for position, (typed, reading) in enumerate(words):
        exact = tuple(dict.fromkeys(w for w in (typed, reading) if w))
        folded = tuple(dict.fromkeys(vietnamese.fold(w) for w in exact))
        plans.append(
            WordQuery(
                exact=exact,
                folded=folded,
                fuzziness=fuzziness(folded[0]),
                prefix=position == len(words) - 1,
            )
        )
    return plans


Lookup = Callable[[list[str], list[str]], tuple[set[str], set[str]]]


class Vocabulary:
    """Which folded words an index holds, and which known words a typo is near.

    `lookup(terms, beginnings)` answers from the index itself, in one round trip, which `terms`
    it holds as words and which `beginnings` start a word of some product name; without it the
    word list answers. The word list may lag the index a little (engines reread it every few
    seconds, not after every change): it only proposes what a misspelt word stands for.

    Typos are found through single-letter deletions (the SymSpell idea): two words one edit
    apart share a deletion, so each lookup reads a few dictionary entries, not the vocabulary."""

    def __init__(self, terms: Iterable[str], *, lookup: Lookup | None = None):
        self.terms = frozenset(t for t in terms if t)
        self._lookup = lookup

    @cached_property
    def _sorted(self) -> list[str]:
        return sorted(self.terms)

    @cached_property
    def _deletions(self) -> dict[str, list[str]]:
        # Built on the first typo, not with the vocabulary: most searches have none.
        index: dict[str, list[str]] = {}
        for term in self.terms:
            if len(term) > 1 and term.isalpha():
                for variant in {term, *_deletions(term)}:
                    index.setdefault(variant, []).append(term)
        return index

    def lookup(self, terms: list[str], beginnings: list[str]) -> tuple[set[str], set[str]]:
        """(the `terms` the index holds, the `beginnings` some name word starts with)."""
        if self._lookup:
            return self._lookup(terms, beginnings)
        return {t for t in terms if t in self.terms}, {b for b in beginnings if self._has_prefix(b)}

    def _has_prefix(self, beginning: str) -> bool:
        at = bisect_left(self._sorted, beginning)
        return at < len(self._sorted) and self._sorted[at].startswith(beginning)

    def near(self, word: str, distance: int) -> list[str]:
        """Known words within `distance` edits of `word` (a swap counts as one), nearest first."""
        from search.highlight import edit_distance

        if distance <= 0 or not word.isalpha():
            return []
        if distance == 1:
            found = {t for variant in {word, *_deletions(word)} for t in self._deletions.get(variant, ())}
        else:  # long words only (8+ letters): loanwords, few enough to compare one by one
            found = {t for t in self.terms if abs(len(t) - len(word)) <= distance and t.isalpha()}
        scored = sorted(
            (d, t) for t in found if t != word and (d := edit_distance(word, t, distance)) <= distance
        )
        if not scored:
            return []
        nearest = [t for d, t in scored if d == scored[0][0]]
        # A mistyped first letter is rarer than a slip later in the word ("onng" is ong, not nông).
        same_start = [t for t in nearest if t[0] == word[0]]
        return (same_start or nearest)[:MAX_TYPO_CANDIDATES]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def resolve(words: list[WordQuery], vocabulary: Vocabulary, *, typing: bool = False) -> list[WordQuery]:
    """`words` matched against the catalogue's vocabulary (see the module docstring).

    The last word is also read as a beginning while the buyer may still be typing it: always in
    suggestions (`typing`), in searches only when it is not a whole known word or is a single
    letter or two ("mat o", "thit lợ"), so that a finished "trà" does not also find "trâu"."""
    if not words:
        return []
    known, begun = vocabulary.lookup(
        list(dict.fromkeys(f for w in words for f in w.folded)), list(words[-1].folded)
    )
    resolved = []
    for position, word in enumerate(words):
        terms = tuple(f for f in word.folded if f in known)
        typos: tuple[str, ...] = ()
        if not terms:
            typos = tuple(dict.fromkeys(t for f in word.folded for t in vocabulary.near(f, fuzziness(f))))
        last = position == len(words) - 1
        prefix = last and (typing or not terms or len(word.folded[0]) <= 2)
        if prefix and not begun.intersection(word.folded):
            prefix = False
        resolved.append(replace(word, terms=terms, typos=typos, prefix=prefix, fuzziness=0, resolved=True))
    # A word that matches nothing in the catalogue ("200g" when no text has it) cannot narrow the
    # result; requiring it would only push the search to its any-word pass.
    matching = [w for w in resolved if w.matches or w.prefix]
    return matching or resolved


def word_pairs(words: list[WordQuery]) -> list[tuple[str, ...]]:
    """For each two adjacent words, the pair terms (`mien_dong`) that keep them a unit.

    A last word read only as a beginning takes no part: its end is not typed yet."""
    units = [w.matches for w in words if w.matches and not (w.prefix and not w.terms)]
    return [
        tuple(PAIR_JOINER.join(pair) for pair in pairs_of(a, b))[: MAX_TYPO_CANDIDATES**2]
        for a, b in zip(units, units[1:], strict=False)
    ]


# Between the parts of a document's text (description, category, seller, place, variants): a
# pair never spans two of them, or "…HTX Miến dong" + "Na Hang" would make "dong na" a phrase.
FIELD_BREAK = "\n"


def pair_terms(folded_text: str) -> str:
    """Every two adjacent words of each part of folded text as one term:
    "mien dong na" → "mien_dong dong_na"."""
    return " ".join(
        PAIR_JOINER.join(pair)
        for part in folded_text.split(FIELD_BREAK)
        for words in (part.split(),)
        for pair in zip(words, words[1:], strict=False)
    )


@dataclass(frozen=True)
class Tier:
    """Which matches a pass accepts: the words in the name only or anywhere, as a phrase
    (every adjacent pair too), or any single word. `head_in_name`: the first two words, as a
    pair, in the name and the rest anywhere (the last two as a pair). Vietnamese puts the thing before what qualifies
    it, so "mien dong na hang" is miến dong from Na Hang, not anything whose texts hold all
    four words."""

    name_only: bool
    phrase: bool = False
    any_word: bool = False
    head_in_name: bool = False

    def pair_constraints(self, words: list[WordQuery]) -> list[tuple[tuple[str, ...], bool]]:
        """(pair terms of which one must match, in the name only?) for every pair this pass needs."""
        pairs = word_pairs(words)
        if self.phrase:
            return [(pair, self.name_only) for pair in pairs]
        if self.head_in_name and pairs:
            # Four words or more: the last two name the place or seller as a unit too ("lam
            # binh" is Lâm Bình, not a "Nông lâm" seller in "Bình Xa").
            return [(pairs[0], True), *([(pairs[-1], False)] if len(pairs) >= 3 else [])]
        return []


TIERS = (
    Tier(name_only=True, phrase=True),
    Tier(name_only=True),
    Tier(name_only=False, head_in_name=True),
    Tier(name_only=False, phrase=True),
    Tier(name_only=False),
)
ANY_WORD = Tier(name_only=False, any_word=True)


def tiers_for(words: list[WordQuery]) -> list[Tier]:
    """The passes a search tries in order; the first that finds anything answers."""
    if not words:
        return [Tier(name_only=False)]
    has_pairs = bool(word_pairs(words))
    tiers = [t for t in TIERS if has_pairs or not (t.phrase or t.head_in_name)]
    return [*tiers, ANY_WORD] if len(words) > 1 else tiers


@dataclass
class SearchFilters:
    category_ids: list[int] = field(default_factory=list)  # a group matches its sub-groups
    commune_codes: list[str] = field(default_factory=list)
    district_codes: list[str] = field(default_factory=list)
    ocop_stars: list[int] = field(default_factory=list)  # 0 = no OCOP rating
    business_ids: list[int] = field(default_factory=list)
    business_kinds: list[str] = field(default_factory=list)
    price_gte: int | None = None  # on the lowest variant price, the "from" price cards show
    price_lte: int | None = None
    in_stock: bool | None = None

    def term_sets(self) -> list[tuple[str, list]]:
        """(document field, accepted values) for every list filter the buyer set."""
        pairs = (
            ("category_ids", self.category_ids),
            ("commune", self.commune_codes),
            ("district", self.district_codes),
            ("ocop_stars", self.ocop_stars),
            ("business_id", self.business_ids),
            ("business_kind", self.business_kinds),
        )
        return [(field, list(values)) for field, values in pairs if values]


class Sort:
    RELEVANCE = "RELEVANCE"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"

    ALL = (RELEVANCE, PRICE_ASC, PRICE_DESC, NEWEST, OLDEST, NAME_ASC, NAME_DESC)

    @staticmethod
    def key(sort: str) -> tuple[str, bool]:
        """(document sort field, descending) for a non-relevance sort."""
        return {
            Sort.PRICE_ASC: ("price_sort", False),
            Sort.PRICE_DESC: ("price_sort", True),
            Sort.NEWEST: ("newest_sort", True),
            Sort.OLDEST: ("newest_sort", False),
            Sort.NAME_ASC: ("name_sort", False),
            Sort.NAME_DESC: ("name_sort", True),
        }[sort]


@dataclass
class SearchRequest:
    text: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = Sort.RELEVANCE
    offset: int = 0
    limit: int = 20
    facets: bool = True

    @property
    def words(self) -> list[WordQuery]:
        return plan_words(self.text)


@dataclass
class FacetBucket:
    key: str
    count: int
    label: str = ""


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    facets: dict[str, list[FacetBucket]] = field(default_factory=dict)
    engine: str = ""
    words: list[WordQuery] = field(default_factory=list)  # as resolved against the vocabulary
