"""The ledger in the back office: readable, in Vietnamese, and nothing in it can be added,
changed or deleted by hand."""

import pytest
from django.urls import reverse

from payments.ledger.accounts import ESCROW, VNPAY_CLEARING
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.ledger.services import Move, ledger_post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["payments_ledgeraccount", "payments_journalentry", "payments_transfer"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role="platform_admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def entry():
    return ledger_post(key="pay:TT1", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 1_250_000)])


def test_the_ledger_pages_render_in_vietnamese_with_the_balances(admin_client, entry):
    html = admin_client.get(reverse("admin:payments_ledgeraccount_changelist")).content.decode()
    assert "Tài khoản sổ cái" in html or "tài khoản sổ cái" in html
    assert "1.250.000" in html and "không được âm" in html
    entry_page = admin_client.get(reverse("admin:payments_journalentry_change", args=[entry.pk]))
    assert entry_page.status_code == 200
    assert "1250000" in entry_page.content.decode()  # the transfer inline
    for name in PAGES:
        assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_nothing_can_be_added_changed_or_deleted_by_hand(admin_client, entry):
    objects = {
        "payments_ledgeraccount": LedgerAccount.objects.get(code=ESCROW),
        "payments_journalentry": entry,
        "payments_transfer": entry.transfers.get(),
    }
    for name, obj in objects.items():
        assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 403, name
        assert (
            admin_client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code
            == 403
        )
        page = admin_client.get(reverse(f"admin:{name}_change", args=[obj.pk])).content.decode()
        assert 'name="_save"' not in page and 'name="amount"' not in page and "DELETE" not in page, name
        assert (
            admin_client.post(reverse(f"admin:{name}_change", args=[obj.pk]), {"memo": "x"}).status_code
            == 403
        )
    assert LedgerAccount.objects.get(code=ESCROW).balance == 1_250_000
    assert JournalEntry.objects.get().memo == "" and Transfer.objects.count() == 1
