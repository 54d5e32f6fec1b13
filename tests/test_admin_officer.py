"""The trade officer's back office: they log in, see what their work needs, decide on sellers
and products, and can add, edit or delete nothing."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.accounts.officers import OFFICER_GROUP, staff_access_sync
from marketplace.businesses.models import Business
from tests.factories import PASSWORD, BusinessFactory, OfficerFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return staff_access_sync(user=OfficerFactory())


@pytest.fixture
def officer_browser(officer):
    browser = Client()
    response = browser.post(reverse("admin:login"), {"username": officer.phone, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return browser


def test_an_officer_logs_into_the_admin_with_their_password(officer_browser):
    response = officer_browser.get(reverse("admin:index"))

    assert response.status_code == 200
    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert {"Business", "Product", "OcopCertificate", "Order"} <= models
    assert not models & {"User", "Group", "Checkout"}


@pytest.mark.parametrize(
    "page",
    [
        "businesses_business",
        "businesses_ocopcertificate",
        "catalog_product",
        "orders_order",
        "regions_commune",
    ],
)
def test_an_officer_sees_the_lists_their_work_needs(officer_browser, page):
    BusinessFactory()

    assert officer_browser.get(reverse(f"admin:{page}_changelist")).status_code == 200


@pytest.mark.parametrize("page", ["accounts_user", "auth_group", "orders_checkout"])
def test_an_officer_cannot_open_accounts_groups_or_carts(officer_browser, page):
    assert officer_browser.get(reverse(f"admin:{page}_changelist")).status_code == 403


def test_an_officer_approves_a_seller_with_the_admin_action(officer_browser, officer):
    business = BusinessFactory(status=Business.Status.PENDING)

    officer_browser.post(
        reverse("admin:businesses_business_changelist"),
        {"action": "approve", "_selected_action": [business.pk]},
    )

    business.refresh_from_db()
    assert (business.status, business.approved_by) == ("approved", officer)


def test_an_officer_is_offered_the_decisions_but_no_deletion(officer_browser):
    ProductFactory()

    for page in ("businesses_business", "catalog_product"):
        actions = dict(
            officer_browser.get(reverse(f"admin:{page}_changelist"))
            .context["action_form"]
            .fields["action"]
            .choices
        )
        assert "approve" in actions and "delete_selected" not in actions, page


def test_an_officer_cannot_change_a_sellers_commission_in_the_admin(officer_browser):
    business = BusinessFactory(commission_rate_bps=300)
    url = reverse("admin:businesses_business_change", args=[business.pk])

    page = officer_browser.get(url).content.decode()
    response = officer_browser.post(url, {"commission_rate_bps": "0", "delivery_fee_post": "0"})

    assert 'name="commission_rate_bps"' not in page
    assert response.status_code == 403
    business.refresh_from_db()
    assert (business.commission_rate_bps, business.delivery_fee_post) == (300, None)


def test_the_platform_admin_edits_no_money_in_the_admin_either(client):
    client.force_login(UserFactory(role=User.Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True))
    business = BusinessFactory()

    page = client.get(reverse("admin:businesses_business_change", args=[business.pk])).content.decode()

    for field in ("commission_rate_bps", "delivery_fee_seller", "delivery_fee_post"):
        assert f'name="{field}"' not in page, field


@pytest.mark.parametrize(
    "page", ["businesses_business_delete", "catalog_product_delete", "orders_order_delete"]
)
def test_an_officer_cannot_delete(officer_browser, page):
    product = ProductFactory()
    pk = {"businesses_business_delete": product.business_id, "catalog_product_delete": product.pk}.get(
        page, 1
    )

    assert officer_browser.post(reverse(f"admin:{page}", args=[pk]), {"post": "yes"}).status_code == 403
    assert Business.objects.filter(pk=product.business_id).exists()


def test_an_officer_made_in_the_admin_can_log_in_there(client):
    client.force_login(User.objects.create_superuser("0987 000 111", "mat-khau-quan-tri"))
    client.post(
        "/admin/accounts/user/add/",
        {
            "phone": "0912 345 678",
            "full_name": "Lò Văn Sình",
            "role": User.Role.TRADE_OFFICER,
            "usable_password": "true",
            "password1": "mat-khau-can-bo-2025",
            "password2": "mat-khau-can-bo-2025",
        },
    )

    officer = User.objects.get(phone="+84912345678")
    assert officer.is_staff
    assert list(officer.groups.values_list("name", flat=True)) == [OFFICER_GROUP]


def test_an_officer_demoted_to_buyer_loses_the_admin():
    officer = staff_access_sync(user=OfficerFactory())
    officer.role = User.Role.BUYER

    staff_access_sync(user=officer)

    officer.refresh_from_db()
    assert not officer.is_staff and not officer.groups.exists()


def test_the_officer_group_holds_no_add_change_or_delete_permission(officer):
    codenames = set(Group.objects.get(name=OFFICER_GROUP).permissions.values_list("codename", flat=True))

    assert codenames and all(c.startswith(("view_", "decide_")) for c in codenames)


def test_an_officer_filters_the_sellers_flagged_outside_the_province(officer_browser):
    BusinessFactory(name="Trong tỉnh")
    BusinessFactory(
        name="Ngoài tỉnh", outside_province=True, outside_province_note="Mã số thuế do tỉnh khác cấp"
    )

    response = officer_browser.get(
        reverse("admin:businesses_business_changelist"), {"outside_province__exact": "1"}
    )

    assert [b.name for b in response.context["cl"].result_list] == ["Ngoài tỉnh"]
    assert "Ngoài tỉnh" in response.content.decode()


def test_a_page_the_officer_may_not_open_says_so_in_vietnamese(client, officer):
    client.force_login(officer)

    response = client.get("/admin/auth/group/")

    assert response.status_code == 403
    page = response.content.decode()
    assert 'lang="vi"' in page and "Bạn không có quyền xem trang này" in page
    assert "Forbidden" not in page
