"""What a search asks and answers, independent of the engine that runs it."""

from dataclasses import dataclass, field

from search import vietnamese

# Constant scores, the same in every engine, so ranking does not depend on an engine's term
# statistics: per query word the best of these counts (dis_max), words add up.
NAME_EXACT = 10.0  # the accented word as typed
NAME_FOLDED = 7.0  # same letters, accents ignored
TEXT_EXACT = 5.0  # description, category, seller, place names, variants, SKUs
TEXT_FOLDED = 4.0
NAME_FUZZY = 3.0
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


@dataclass(frozen=True)
class WordQuery:
    exact: tuple[str, ...]  # canonical accented forms: as typed, and the Telex/VNI reading
    folded: tuple[str, ...]
    fuzziness: int
    prefix: bool  # last word: also match words that start with it


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
