"""Categories are edited in the back office; their names are part of every product's search text."""

from django.db import transaction

from catalog.models import Category
from catalog.signals import announce_products_changed
from marketplace.auth import require_officer


def category_save(*, user, category: Category, changed_fields: list[str]) -> Category:
    require_officer(user)
    with transaction.atomic():
        category.save()
        if category.pk and {"name", "parent"} & set(changed_fields):
            announce_products_changed(categories=[category.pk])
    return category
