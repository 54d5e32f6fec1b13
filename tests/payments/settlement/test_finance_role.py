"""The finance role moves money; officers read it; `payouts_run` is the periodic job."""

import io

import pytest
from django.core.management import call_command

from marketplace.accounts.models import User
from tests.factories import OfficerFactory, UserFactory
from tests.payments.settlement.helpers import bank_accounts_for_all, completed_order

pytestmark = pytest.mark.django_db


def test_finance_operators_are_the_finance_role_and_platform_admins_while_active(gql):
    assert UserFactory(role=User.Role.FINANCE).is_finance_operator
    assert UserFactory(role=User.Role.PLATFORM_ADMIN).is_finance_operator
    assert not OfficerFactory().is_finance_operator
    assert not UserFactory().is_finance_operator
    assert not UserFactory(role=User.Role.FINANCE, is_active=False).is_finance_operator
    roles = gql('{ __type(name: "UserRole") { enumValues { name } } }')["data"]["__type"]["enumValues"]
    assert {"name": "FINANCE"} in roles


def test_payouts_run_pays_due_sellers_and_writes_the_bank_file(monkeypatch, tmp_path):
    order, _ = completed_order(kind="enterprise", price=100_000, delivery="pickup")
    out = io.StringIO()
    call_command("payouts_run", csv_dir=str(tmp_path), stdout=out)
    assert f"#{order.business_id}" in out.getvalue()  # skipped: no bank account
    assert not list(tmp_path.iterdir())
    bank_accounts_for_all(monkeypatch)
    out = io.StringIO()
    call_command("payouts_run", csv_dir=str(tmp_path), stdout=out)
    [written] = list(tmp_path.iterdir())
    assert "97.000 đ" in out.getvalue() and written.name in out.getvalue()
    assert "97000" in written.read_text(encoding="utf-8-sig")
