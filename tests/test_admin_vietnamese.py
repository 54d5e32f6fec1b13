"""The back office speaks Vietnamese whatever the browser asks for."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.db import models
from django.test import Client
from django.urls import reverse

from marketplace.accounts.officers import staff_access_sync
from tests.factories import PASSWORD, OfficerFactory, ProductFactory, UserFactory, VariantFactory

# Words of Django's English admin that a Vietnamese page would not contain.
ENGLISH = re.compile(
    r"\b(Django administration|Log in|LOG IN|Password|Username|Filter|By|Show counts|Hide counts|Skip to"
    r"|Toggle|Model name|Add link|Home|Search|Select|Action|Save|Delete|Change|View|Welcome|legacy"
    r"|district|created at|updated at|approved by|is public|actor|from status|to status)\b"
)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def english_in(response) -> list[str]:
    assert response.status_code == 200
    return sorted(set(ENGLISH.findall(visible_text(response.content.decode()))))


@pytest.fixture
def english_browser():
    return Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")


@pytest.mark.django_db
def test_the_login_page_is_vietnamese_for_an_english_browser(english_browser):
    assert english_in(english_browser.get(reverse("admin:login"))) == []


@pytest.mark.django_db
def test_the_officers_admin_pages_are_vietnamese_for_an_english_browser(english_browser):
    officer = staff_access_sync(user=OfficerFactory())
    product = VariantFactory().product
    english_browser.post(reverse("admin:login"), {"username": officer.phone, "password": PASSWORD})
    pages = [
        reverse("admin:index"),
        reverse("admin:businesses_business_changelist"),
        reverse("admin:businesses_business_change", args=[product.business_id]),
        reverse("admin:catalog_product_changelist"),
        reverse("admin:catalog_product_change", args=[product.pk]),
        reverse("admin:orders_order_changelist"),
        reverse("admin:regions_commune_changelist"),
    ]

    found = {page: english_in(english_browser.get(page)) for page in pages}

    assert found == {page: [] for page in pages}


@pytest.mark.django_db
def test_the_site_titles_are_vietnamese(client):
    client.force_login(UserFactory(role="platform_admin", is_staff=True, is_superuser=True))
    ProductFactory()

    html = client.get(reverse("admin:index")).content.decode()

    assert "Quản trị Chợ Số" in html and "Django" not in visible_text(html)


def _shown_fields(model_admin) -> list[tuple[type[models.Model], str]]:
    shown = []
    for admin_class, model in [(model_admin, model_admin.model)] + [
        (inline, inline.model) for inline in model_admin.inlines
    ]:
        names = [*getattr(admin_class, "list_display", ()), *getattr(admin_class, "readonly_fields", ())]
        names += [f if isinstance(f, str) else f[0] for f in getattr(admin_class, "list_filter", ())]
        names += list(getattr(admin_class, "fields", None) or ())
        for name in names:
            if isinstance(name, str) and name != "__str__":
                shown.append((model, name))
    return shown


def test_every_field_the_admin_shows_has_a_vietnamese_label():
    untranslated = []
    for model_admin in admin.site._registry.values():
        if model_admin.model._meta.app_label in ("auth",):
            continue
        for model, name in _shown_fields(model_admin):
            path = name.split("__")
            try:
                label = str(label_for_field(path[-1], _related(model, path[:-1]), model_admin))
            except AttributeError:
                continue
            if label.lower() == path[-1].replace("_", " "):
                untranslated.append(f"{model.__name__}.{name}")

    assert untranslated == []


def _related(model, path: list[str]):
    for name in path:
        model = model._meta.get_field(name).related_model
    return model


def test_a_missing_page_says_so_in_vietnamese(client, db):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="vi"' in page and "Không tìm thấy trang" in page
    assert "Not Found" not in page


def test_a_seller_at_the_admin_login_is_told_it_is_for_staff_not_that_the_password_is_wrong(client, db):
    from tests.factories import business_with_owner

    _business, owner = business_with_owner()

    response = client.post(
        "/admin/login/", {"username": owner.phone, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )

    page = response.content.decode()
    assert response.status_code == 200 and "tài khoản quản trị" in page
