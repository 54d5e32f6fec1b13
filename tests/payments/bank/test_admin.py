"""Incoming transfers and receiving accounts in the back office: readable in Vietnamese by the
finance operator, and nothing can be added, changed or deleted by hand."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from marketplace.accounts.models import User
from marketplace.accounts.officers import staff_access_sync
from payments.banks.models import BusinessBankAccount
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import bank_transaction_record
from tests.factories import BusinessFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    credit = bank_transaction_record(
        bank_transaction_id="FT-ADMIN-1",
        amount=1_250_000,
        description="chuyen tien",
        credited_at=datetime(2026, 12, 1, 3, tzinfo=UTC),
        source=BankTransaction.Source.STATEMENT,
        payer_account_number="0011000123456",
    ).transaction
    account = BusinessBankAccount.objects.create(
        business=BusinessFactory(),
        bank_bin="970405",
        account_number="888812345678",
        holder_name="NGUYEN THI HOA",
    )
    return {"payments_banktransaction": credit, "payments_businessbankaccount": account}


@pytest.fixture
def finance_client(client):
    client.force_login(staff_access_sync(user=UserFactory(role=User.Role.FINANCE)))
    return client


def test_the_finance_operator_reads_both_in_vietnamese(finance_client, rows):
    html = finance_client.get(reverse("admin:payments_banktransaction_changelist")).content.decode()
    assert "FT-ADMIN-1" in html and "1.250.000" in html and "Không rõ khoản thanh toán" in html
    html = finance_client.get(reverse("admin:payments_businessbankaccount_changelist")).content.decode()
    assert "Agribank" in html and "888812345678" in html and "NGUYEN THI HOA" in html
    for name, obj in rows.items():
        page = finance_client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert page.status_code == 200, name


def test_nothing_can_be_added_changed_or_deleted(client, rows):
    client.force_login(UserFactory(role="platform_admin", is_staff=True, is_superuser=True))
    for name, obj in rows.items():
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403, name
        assert client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
        page = client.get(reverse(f"admin:{name}_change", args=[obj.pk])).content.decode()
        assert 'name="_save"' not in page, name
        assert client.post(reverse(f"admin:{name}_change", args=[obj.pk]), {"note": "x"}).status_code == 403
    assert BankTransaction.objects.get().note == "" and BusinessBankAccount.objects.count() == 1


def test_buyers_and_sellers_do_not_get_in(client, rows):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:payments_banktransaction_changelist"))
    assert response.status_code == 302
