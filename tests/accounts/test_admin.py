import pytest

from marketplace.accounts.models import User
from tests.factories import UserFactory


@pytest.fixture
def admin_browser(client, db):
    admin = User.objects.create_superuser("0987 000 111", "mat-khau-quan-tri")
    client.force_login(admin)
    return client


def test_admin_add_form_stores_the_phone_in_e164(admin_browser):
    response = admin_browser.post(
        "/admin/accounts/user/add/",
        {
            "phone": "0912 345 678",
            "full_name": "Lò Văn Sình",
            "email": "",
            "role": User.Role.TRADE_OFFICER,
            "usable_password": "true",
            "password1": "mat-khau-can-bo-2025",
            "password2": "mat-khau-can-bo-2025",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    officer = User.objects.get(full_name="Lò Văn Sình")
    assert (officer.phone, officer.role, officer.email) == ("+84912345678", User.Role.TRADE_OFFICER, None)
    assert officer.check_password("mat-khau-can-bo-2025")


def test_admin_add_form_refuses_a_phone_registered_in_another_spelling(admin_browser):
    UserFactory(phone="+84912345678")

    response = admin_browser.post(
        "/admin/accounts/user/add/",
        {
            "phone": "84912345678",
            "role": User.Role.BUYER,
            "usable_password": "true",
            "password1": "mat-khau-can-bo-2025",
            "password2": "mat-khau-can-bo-2025",
        },
    )

    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert User.objects.filter(phone="+84912345678").count() == 1


def test_admin_search_finds_a_user_by_the_phone_as_people_write_it(admin_browser):
    UserFactory(phone="+84912345678", full_name="Lò Văn Sình")
    UserFactory(phone="+84987654321", full_name="Người khác")

    response = admin_browser.get("/admin/accounts/user/", {"q": "0912 345 678"})

    assert [u.full_name for u in response.context["cl"].result_list] == ["Lò Văn Sình"]


def test_admin_phone_search_stays_inside_the_role_filter(admin_browser):
    UserFactory(phone="+84912345678", full_name="Người mua")

    response = admin_browser.get(
        "/admin/accounts/user/", {"q": "0912 345 678", "role__exact": User.Role.TRADE_OFFICER}
    )

    assert list(response.context["cl"].result_list) == []


def test_admin_filters_users_by_role(admin_browser):
    UserFactory(full_name="Người mua")
    UserFactory(full_name="Cán bộ", role=User.Role.TRADE_OFFICER)

    response = admin_browser.get("/admin/accounts/user/", {"role__exact": User.Role.TRADE_OFFICER})

    assert [u.full_name for u in response.context["cl"].result_list] == ["Cán bộ"]


def test_admin_change_page_renders(admin_browser):
    user = UserFactory()

    response = admin_browser.get(f"/admin/accounts/user/{user.pk}/change/")

    assert response.status_code == 200
