"""The ledger's usual path (all accounts known to exist, inside the caller's transaction) writes
without a savepoint; whatever refuses an entry is decided before any write, so a refusal leaves
the caller's transaction usable and nothing half-written."""

import pytest

from payments.ledger import services
from payments.ledger.accounts import COMMISSION_REVENUE, ESCROW, VNPAY_CLEARING
from payments.ledger.errors import LedgerInsufficientFunds, LedgerKeyConflict
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.ledger.services import Move, ledger_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_accounts():
    services._committed_accounts.update({ESCROW, VNPAY_CLEARING, COMMISSION_REVENUE})
    yield
    services.forget_committed_accounts()


def test_it_writes_without_a_savepoint(known_accounts, django_assert_num_queries):
    # lock the accounts, insert the entry, insert the transfers (+ two balance updates on SQLite)
    with django_assert_num_queries(3 if services.connection.vendor == "postgresql" else 5):
        ledger_post(key="pay:F1", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 70_000)])
    assert LedgerAccount.objects.get(code=ESCROW).balance == 70_000


def test_a_refused_entry_writes_nothing_and_the_transaction_goes_on(known_accounts):
    with pytest.raises(LedgerInsufficientFunds):
        ledger_post(key="release:F1", kind="release", moves=[Move(ESCROW, COMMISSION_REVENUE, 1)])
    assert not JournalEntry.objects.filter(key="release:F1").exists()  # still usable
    ledger_post(key="pay:F1", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 5)])
    assert LedgerAccount.objects.get(code=ESCROW).balance == 5


def test_a_replay_after_the_money_moved_on_returns_the_first_entry(known_accounts):
    ledger_post(key="pay:F1", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 10)])
    first = ledger_post(key="release:F1", kind="release", moves=[Move(ESCROW, COMMISSION_REVENUE, 10)])
    # Escrow is empty now, so the replay could not be written again; it is recognised instead.
    again = ledger_post(key="release:F1", kind="release", moves=[Move(ESCROW, COMMISSION_REVENUE, 10)])
    assert again.pk == first.pk
    with pytest.raises(LedgerKeyConflict):
        ledger_post(key="release:F1", kind="release", moves=[Move(ESCROW, COMMISSION_REVENUE, 9)])
    assert LedgerAccount.objects.get(code=COMMISSION_REVENUE).balance == 10
