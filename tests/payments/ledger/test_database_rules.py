"""What PostgreSQL refuses by itself (migration 0004_ledger_append_only), whatever code writes raw SQL."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from payments.ledger.accounts import BANK_CLEARING, ESCROW, VNPAY_CLEARING
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.ledger.services import Move, Resolve, ledger_post
from tests.payments.ledger.audited import assert_ledger_consistent

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def refused(sql: str, params=()) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def account_id(code: str) -> int:
    return LedgerAccount.objects.get(code=code).pk


@pytest.fixture
def paid():
    """An entry with one posted transfer, and a refund hold (pending) on part of it."""
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 100_000)])
    hold = ledger_post(
        key="refund:1:hold", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 40_000, pending=True)]
    )
    return hold.transfers.get()


def test_journal_entries_and_transfers_refuse_update_and_delete(paid):
    refused("UPDATE payments_journalentry SET memo = 'sửa tay'")
    refused("DELETE FROM payments_journalentry WHERE key = 'refund:1:hold'")
    refused("UPDATE payments_transfer SET amount = 1")
    refused("DELETE FROM payments_transfer")


@pytest.mark.django_db(transaction=True)
def test_a_flush_still_empties_the_ledger_so_transactional_tests_can_clean_up():
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 100_000)])
    call_command("flush", interactive=False, verbosity=0)  # TRUNCATE: no row trigger fires
    assert not Transfer.objects.exists() and not JournalEntry.objects.exists()


def test_an_account_total_never_changes_except_by_a_transfer(paid):
    # bank_clearing has no flag: no CHECK constraint would stop this; the trigger does.
    refused(
        "UPDATE payments_ledgeraccount SET credits_posted = credits_posted + 500 WHERE code = %s",
        [BANK_CLEARING],
    )
    refused("UPDATE payments_ledgeraccount SET debits_pending = 0 WHERE code = %s", [ESCROW])
    refused(
        "INSERT INTO payments_ledgeraccount (code, name, kind, debits_posted, credits_posted, debits_pending,"
        " credits_pending, debits_must_not_exceed_credits, credits_must_not_exceed_debits, created_at)"
        " VALUES ('fake', 'Tiền từ trên trời', 'platform', 0, 1000000, 0, 0, false, false, now())"
    )
    with connection.cursor() as cursor:  # a name is not money: it may change
        cursor.execute("UPDATE payments_ledgeraccount SET name = 'Ký quỹ' WHERE code = %s", [ESCROW])
    assert_ledger_consistent()


def test_a_raw_transfer_moves_its_accounts_so_balances_still_equal_their_transfers(paid):
    entry_id = paid.entry_id
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO payments_transfer (entry_id, debit_account_id, credit_account_id, amount, phase,"
            " created_at) VALUES (%s, %s, %s, 7000, 'posted', now())",
            [entry_id, account_id(ESCROW), account_id(BANK_CLEARING)],
        )
    assert LedgerAccount.objects.get(code=BANK_CLEARING).balance == 7_000
    assert LedgerAccount.objects.get(code=ESCROW).balance == 93_000
    assert_ledger_consistent()


def test_a_raw_transfer_overdrawing_a_flagged_account_is_refused(paid):
    refused(
        "INSERT INTO payments_transfer (entry_id, debit_account_id, credit_account_id, amount, phase,"
        " created_at) VALUES (%s, %s, %s, 60001, 'posted', now())",
        [paid.entry_id, account_id(ESCROW), account_id(BANK_CLEARING)],
    )


RESOLUTION = (
    "INSERT INTO payments_transfer (entry_id, debit_account_id, credit_account_id, amount, phase,"
    " pending_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, now())"
)


def test_a_raw_resolution_must_match_its_pending_transfer(paid):
    escrow, vnpay, bank = account_id(ESCROW), account_id(VNPAY_CLEARING), account_id(BANK_CLEARING)
    posted = ledger_post(key="pay:B", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 5)]).transfers.get()
    refused(RESOLUTION, [paid.entry_id, escrow, vnpay, 40_000, "void_pending", posted.pk])  # not pending
    refused(RESOLUTION, [paid.entry_id, escrow, bank, 40_000, "void_pending", paid.pk])  # other account
    refused(RESOLUTION, [paid.entry_id, escrow, vnpay, 39_000, "void_pending", paid.pk])  # part void
    refused(RESOLUTION, [paid.entry_id, escrow, vnpay, 40_001, "post_pending", paid.pk])  # over post
    with connection.cursor() as cursor:
        cursor.execute(RESOLUTION, [paid.entry_id, escrow, vnpay, 30_000, "post_pending", paid.pk])
    refused(RESOLUTION, [paid.entry_id, escrow, vnpay, 40_000, "void_pending", paid.pk])  # twice
    escrow_row = LedgerAccount.objects.get(code=ESCROW)
    assert (escrow_row.balance, escrow_row.debits_pending) == (70_005, 0)
    assert_ledger_consistent()


def test_an_entry_without_transfers_is_refused_at_commit():
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO payments_journalentry (key, kind, digest, memo, order_number, created_at)"
            " VALUES ('empty', 'payment', '', '', '', now())"
        )
        # The check is deferred to commit; asking for it now runs it as the commit would.
        cursor.execute("SET CONSTRAINTS payments_journalentry_has_transfers IMMEDIATE")
    assert not JournalEntry.objects.exists()


def test_entries_written_by_the_service_pass_the_commit_check():
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 100)])
    hold = ledger_post(key="h", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 100, pending=True)])
    ledger_post(key="v", kind="refund", resolves=[Resolve(hold.transfers.get(), post=False)])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS payments_journalentry_has_transfers IMMEDIATE")
        cursor.execute("SET CONSTRAINTS payments_journalentry_has_transfers DEFERRED")
    assert LedgerAccount.objects.get(code=ESCROW).available == 100
