"""The search document of a product, built from the database for every engine alike."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from catalog.models import Product, ProductVariant
from marketplace.text import fold_diacritics
from search import query, vietnamese


@dataclass
class ProductDocument:
    id: int
    name: str  # canonical words (NFC, lower case, one tone placement), space separated
    text: str  # description, category, seller, places, variants, SKUs: the same form
    category_ids: list[int]
    commune: str
    district: str
    ocop_stars: int  # 0: no OCOP rating
    business_id: int
    business_kind: str
    price_min: int
    price_max: int
    stock: int
    created_minute: int  # minutes since the epoch: newest-first sorting

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    # `name` and `text` are canonical already: folding is only dropping the marks.
    @cached_property
    def folded_name(self) -> str:
        return fold_diacritics(self.name)

    @cached_property
    def folded_text(self) -> str:
        return fold_diacritics(self.text)

    @property
    def name_prefixes(self) -> str:
        """Every beginning of every folded name word: "mat ong" → "m ma mat o on ong"."""
        words = dict.fromkeys(self.folded_name.split())
        return " ".join(word[:n] for word in words for n in range(1, min(len(word), 20) + 1))

    @property
    def name_pairs(self) -> str:
        return query.pair_terms(self.folded_name)

    @property
    def text_pairs(self) -> str:
        return query.pair_terms(self.folded_text)

    @property
    def vocabulary(self) -> list[str]:
        """The distinct folded words of name and text that a typo may stand for (letters only:
        SKUs and numbers are matched as typed, never as corrections)."""
        words = dict.fromkeys(f"{self.folded_name} {self.folded_text}".split())
        return [w for w in words if w.isalpha()]

    @property
    def name_sort(self) -> str:
        """Folded name, then id: the same order as the database's `search_text, id`."""
        return f"{self.folded_name[:200]}\x00{self.id:012d}"

    def sort_key(self, by: str) -> int:
        """Price or age, then id, packed in one integer: engines sort on one fast column."""
        value = self.price_min if by == "price" else self.created_minute
        return (value << 32) | self.id


_ROW_FIELDS = (
    "id",
    "name",
    "description",
    "category_id",
    "category__name",
    "category__parent_id",
    "category__parent__name",
    "origin_commune_id",
    "origin_commune__name",
    "origin_commune__legacy_district_id",
    "origin_commune__legacy_district__name",
    "business_id",
    "business__name",
    "business__kind",
    "business__commune_id",
    "business__commune__name",
    "business__commune__legacy_district_id",
    "business__commune__legacy_district__name",
    "ocop_stars",
    "price_min",
    "price_max",
    "created_at",
)


def _words(*parts: str) -> str:
    return query.FIELD_BREAK.join(" ".join(vietnamese.tokens(part)) for part in parts if part)


def _build(row: dict, variants: list[tuple[str, str, int]]) -> ProductDocument:
    # Plain rows, not model instances: a full reindex reads 244,700 products at scale 100.
    place = "origin_commune" if row["origin_commune_id"] else "business__commune"
    categories = [(row["category_id"], row["category__name"])]
    if row["category__parent_id"]:
        categories.append((row["category__parent_id"], row["category__parent__name"]))
    return ProductDocument(
        id=row["id"],
        name=_words(row["name"]),
        text=_words(
            row["description"],
            *(name for _pk, name in categories),
            row["business__name"],
            row[f"{place}__name"] or "",
            row[f"{place}__legacy_district__name"] or "",
            *(f"{name} {sku}" for name, sku, _stock in variants),
        ),
        category_ids=[pk for pk, _name in categories],
        commune=row[f"{place}_id"] or "",
        district=row[f"{place}__legacy_district_id"] or "",
        ocop_stars=row["ocop_stars"] or 0,
        business_id=row["business_id"],
        business_kind=row["business__kind"],
        price_min=row["price_min"] or 0,
        price_max=row["price_max"] or 0,
        stock=sum(stock for _name, _sku, stock in variants),
        created_minute=int(row["created_at"].timestamp() // 60),
    )


def _documents(rows: list[dict]) -> list[ProductDocument]:
    variants: dict[int, list[tuple[str, str, int]]] = {row["id"]: [] for row in rows}
    for product_id, name, sku, stock in (
        ProductVariant.objects.filter(product_id__in=list(variants))
        .order_by("position", "id")
        .values_list("product_id", "name", "sku", "stock")
    ):
        variants[product_id].append((name, sku, stock))
    return [_build(row, variants[row["id"]]) for row in rows]


def _indexable():
    return Product.objects.filter(is_public=True)


def documents_for(product_ids: Iterable[int]) -> tuple[list[ProductDocument], set[int]]:
    """Documents of the given products that buyers may see, and the ids that must leave the index."""
    wanted = set(product_ids)
    documents = _documents(list(_indexable().filter(pk__in=wanted).values(*_ROW_FIELDS)))
    return documents, wanted - {d.id for d in documents}


def all_documents(batch_size: int = 2000) -> Iterator[list[ProductDocument]]:
    """Every indexable product, in batches by id (bounded memory at 244,700 products)."""
    last_id = 0
    while rows := list(_indexable().filter(pk__gt=last_id).order_by("pk").values(*_ROW_FIELDS)[:batch_size]):
        yield _documents(rows)
        last_id = rows[-1]["id"]


def indexable_count() -> int:
    return Product.objects.filter(is_public=True).count()
