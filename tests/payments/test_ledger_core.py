"""The ledger's core rules: balanced transfers, flags as data, idempotency keys, two-phase."""

import pytest
from django.db import IntegrityError, transaction

from payments.ledger.accounts import ESCROW, VNPAY_CLEARING, business_account_code
from payments.ledger.errors import LedgerInsufficientFunds, LedgerKeyConflict, LedgerPendingResolved
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.ledger.services import Move, Resolve, ledger_post
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def balance(code: str) -> int:
    return LedgerAccount.objects.get(code=code).balance


def test_a_transfer_moves_money_and_all_accounts_still_sum_to_zero():
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 120_000)])
    assert balance(ESCROW) == 120_000
    assert balance(VNPAY_CLEARING) == -120_000
    assert sum(a.balance for a in LedgerAccount.objects.all()) == 0


def test_a_replay_returns_the_first_entry_and_moves_nothing_more():
    first = ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 120_000)])
    again = ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 120_000)])
    assert again.pk == first.pk
    assert balance(ESCROW) == 120_000
    assert Transfer.objects.count() == 1


def test_a_replay_with_other_fields_is_refused():
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 120_000)])
    with pytest.raises(LedgerKeyConflict):
        ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 999_000)])
    assert balance(ESCROW) == 120_000


def test_an_account_flagged_never_negative_cannot_be_overdrawn_and_nothing_of_the_entry_is_written():
    business = BusinessFactory()
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 10_000)])
    with pytest.raises(LedgerInsufficientFunds):
        ledger_post(
            key="release:X",
            kind="release",
            moves=[
                Move(ESCROW, business_account_code(business.pk), 10_000),
                Move(ESCROW, "commission_revenue", 1),
            ],
        )
    assert balance(ESCROW) == 10_000
    assert not JournalEntry.objects.filter(key="release:X").exists()


def test_a_business_payable_may_go_negative_because_its_flags_allow_it():
    business = BusinessFactory()
    ledger_post(
        key="cod:X", kind="cod", moves=[Move(business_account_code(business.pk), "commission_revenue", 900)]
    )
    assert balance(business_account_code(business.pk)) == -900


def test_the_database_refuses_a_flagged_account_going_negative_even_past_the_service():
    escrow = LedgerAccount.objects.get(code=ESCROW)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerAccount.objects.filter(pk=escrow.pk).update(debits_posted=1)


def test_a_pending_transfer_holds_money_until_posted_once():
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 50_000)])
    hold = ledger_post(
        key="refund:1:hold", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 50_000, pending=True)]
    )
    pending = hold.transfers.get()
    escrow = LedgerAccount.objects.get(code=ESCROW)
    assert (escrow.balance, escrow.available) == (50_000, 0)
    with pytest.raises(LedgerInsufficientFunds):  # the held money cannot leave twice
        ledger_post(key="release:X", kind="release", moves=[Move(ESCROW, "commission_revenue", 1)])
    ledger_post(key="refund:1:post", kind="refund", resolves=[Resolve(pending.pk, post=True)])
    assert balance(ESCROW) == 0 and balance(VNPAY_CLEARING) == 0
    with pytest.raises(LedgerPendingResolved):
        ledger_post(key="refund:1:void", kind="refund", resolves=[Resolve(pending.pk, post=False)])


def test_voiding_a_pending_transfer_gives_the_money_back():
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 50_000)])
    hold = ledger_post(
        key="refund:1:hold", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 50_000, pending=True)]
    )
    ledger_post(key="refund:1:void", kind="refund", resolves=[Resolve(hold.transfers.get().pk, post=False)])
    escrow = LedgerAccount.objects.get(code=ESCROW)
    assert (escrow.balance, escrow.available, escrow.debits_pending) == (50_000, 50_000, 0)


def test_posting_part_of_a_pending_transfer_releases_the_rest():
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 50_000)])
    hold = ledger_post(
        key="refund:1:hold", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 50_000, pending=True)]
    )
    ledger_post(
        key="refund:1:post",
        kind="refund",
        resolves=[Resolve(hold.transfers.get().pk, post=True, amount=20_000)],
    )
    escrow = LedgerAccount.objects.get(code=ESCROW)
    assert (escrow.balance, escrow.available) == (30_000, 30_000)


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_amounts_must_be_positive_integer_dong(amount):
    with pytest.raises(ValueError):
        ledger_post(key="bad", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, amount)])
    assert not JournalEntry.objects.exists()
