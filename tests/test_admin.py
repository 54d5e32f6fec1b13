from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from marketplace.businesses.models import Business
from tests.factories import BusinessFactory, ProductFactory, UserFactory


def staff_officer():
    return UserFactory(role="platform_admin", is_staff=True, is_superuser=True)


def test_admin_approve_action_goes_through_the_service_and_records_the_event(client, db):
    admin_user = staff_officer()
    business = BusinessFactory(status=Business.Status.PENDING)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:businesses_business_changelist"),
        {"action": "approve", "_selected_action": [business.pk]},
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.status == "approved" and business.approved_by == admin_user
    assert business.events.get().actor == admin_user


def test_admin_refuses_invalid_product_transition_with_a_message(client, db):
    client.force_login(staff_officer())
    draft = ProductFactory(status=Product.Status.DRAFT)
    response = client.post(
        reverse("admin:catalog_product_changelist"),
        {"action": "approve", "_selected_action": [draft.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "bỏ qua 1" in response.content.decode()


def test_admin_pages_render(client, db):
    client.force_login(staff_officer())
    ProductFactory()
    for name in (
        "businesses_business",
        "catalog_product",
        "catalog_category",
        "accounts_user",
        "regions_commune",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_admin_change_forms_offer_no_editable_fields_that_bypass_the_services(client, db):
    client.force_login(staff_officer())
    product = ProductFactory(name="Chè búp")
    pages = {
        reverse("admin:catalog_product_change", args=[product.pk]): (
            "name",
            "business",
            "ocop_stars",
            "category",
        ),
        reverse("admin:businesses_business_change", args=[product.business_id]): (
            "name",
            "tax_code",
            "commune",
        ),
    }
    for url, fields in pages.items():
        html = client.get(url).content.decode()
        for field in fields:
            assert f'name="{field}"' not in html, (url, field)
        assert 'name="variants-0-DELETE"' not in html and 'name="memberships-0-DELETE"' not in html


def test_the_order_outbox_shows_what_still_waits_and_why_it_failed(client, db):
    from orders.models import SideEffect

    SideEffect.objects.create(kind="refund", key="DH2612010001", attempts=3, last_error="gateway timeout")
    SideEffect.objects.create(kind="notify", key="placed:DH2612010002:console", done_at=timezone.now())
    client.force_login(staff_officer())

    waiting = client.get(reverse("admin:orders_sideeffect_changelist"), {"done_at__isempty": "1"})

    page = waiting.content.decode()
    assert "DH2612010001" in page and "gateway timeout" in page
    assert "DH2612010002" not in page


def test_a_category_named_in_nfd_in_the_admin_is_stored_nfc(client, db):
    import unicodedata

    from catalog.models import Category

    client.force_login(staff_officer())
    typed = unicodedata.normalize("NFD", "Miến dong")
    response = client.post(
        reverse("admin:catalog_category_add"),
        {"name": typed, "slug": "mien-dong-nfd", "ocop_group": "", "position": 0},
    )

    assert response.status_code == 302
    assert Category.objects.get(slug="mien-dong-nfd").name == "Miến dong"  # NFC, as typed in source
