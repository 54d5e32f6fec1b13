from catalog.models import Category, Product
from search import services
from search.backends import get_backend
from search.query import SearchFilters, SearchRequest
from tests.factories import ProductFactory, VariantFactory


def product(
    name: str, *, price: int = 50_000, stock: int = 10, variant_sku: str | None = None, **fields
) -> Product:
    created = ProductFactory(name=name, **fields)
    VariantFactory(product=created, price=price, stock=stock, **({"sku": variant_sku} if variant_sku else {}))
    created.refresh_from_db()
    return created


def reindex() -> None:
    services.search_reindex()


def search(text: str = "", **options):
    filters = options.pop("filters", None) or SearchFilters()
    return get_backend().search(SearchRequest(text=text, filters=filters, **options))


def names(result) -> list[str]:
    by_id = Product.objects.in_bulk(result.ids)
    return [by_id[i].name for i in result.ids]


def subcategory(name: str, parent: Category) -> Category:
    from marketplace.text import vietnamese_slugify

    return Category.objects.create(
        name=name, slug=vietnamese_slugify(name), parent=parent, ocop_group=parent.ocop_group
    )
