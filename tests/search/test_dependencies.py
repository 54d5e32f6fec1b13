"""Search depends on catalog, never the reverse: catalog announces changes with a signal and the
schema lets search answer the product listing's text search."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from catalog.models import Product
from catalog.services.products import product_hide
from search.models import IndexChange
from tests.factories import ProductFactory, VariantFactory, business_with_owner

CATALOG = Path(__file__).resolve().parents[2] / "catalog"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_catalog_imports_nothing_from_search():
    offenders = {
        str(path.relative_to(CATALOG.parent)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] == "search"
        )
        for path in CATALOG.rglob("*.py")
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}


@pytest.mark.django_db
def test_a_catalog_change_is_queued_for_the_index_in_the_same_transaction(settings):
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_OUTBOX_INLINE = False
    business, owner = business_with_owner()
    product = ProductFactory(name="Miến dong", business=business)
    VariantFactory(product=product)
    with pytest.raises(RuntimeError), transaction.atomic():
        product_hide(user=owner, product_id=product.pk)
        assert list(IndexChange.objects.values_list("object_id", flat=True)) == [product.pk]
        raise RuntimeError("rolled back with the change")
    assert not IndexChange.objects.exists()
    assert Product.objects.get(pk=product.pk).is_public
