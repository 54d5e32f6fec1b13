"""The finance operator's back office: they look up orders and the money records, and change
nothing there (money moves only through the services)."""

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.accounts.officers import FINANCE_GROUP, staff_access_sync
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_browser():
    finance = staff_access_sync(user=UserFactory(role=User.Role.FINANCE))
    browser = Client()
    response = browser.post(reverse("admin:login"), {"username": finance.phone, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return browser


def test_a_finance_operator_sees_orders_and_the_books_but_not_accounts(finance_browser):
    response = finance_browser.get(reverse("admin:index"))
    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert {"Order", "LedgerAccount", "JournalEntry"} <= models
    assert not models & {"User", "Group", "Business"}


def test_a_finance_operator_cannot_add_to_the_ledger_in_the_admin(finance_browser):
    assert finance_browser.get(reverse("admin:payments_journalentry_add")).status_code == 403


def test_losing_the_role_takes_the_back_office_away():
    finance = staff_access_sync(user=UserFactory(role=User.Role.FINANCE))
    assert finance.is_staff and finance.groups.filter(name=FINANCE_GROUP).exists()
    finance.role = User.Role.BUYER
    staff_access_sync(user=finance)
    finance.refresh_from_db()
    assert not finance.is_staff and not finance.groups.exists()
