"""ledger_post beyond the core's tests: the shapes it refuses, and a replay racing the first
writer of the same key."""

import pytest

from payments.ledger.accounts import ESCROW, VNPAY_CLEARING
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.ledger.services import Move, Resolve, ledger_post
from tests.parallel import run_in_parallel

PAY = [Move(VNPAY_CLEARING, ESCROW, 10_000)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"key": "", "kind": "payment", "moves": PAY},
        {"key": "k" * 121, "kind": "payment", "moves": PAY},
        {"key": "k", "kind": "", "moves": PAY},
        {"key": "k", "kind": "payment", "moves": PAY, "order_number": "D" * 21},
        {"key": "k", "kind": "payment"},
        {"key": "k", "kind": "payment", "moves": [Move(ESCROW, ESCROW, 1)]},
        {"key": "k", "kind": "refund", "resolves": [Resolve("1", post=True)]},
        {"key": "k", "kind": "refund", "resolves": [Resolve(1, post=1)]},
        {"key": "k", "kind": "refund", "resolves": [Resolve(999, post=False)]},  # no such pending transfer
        {"key": "k", "kind": "payment", "moves": [Move(VNPAY_CLEARING, "nobody", 1)]},
    ],
)
def test_malformed_entries_are_programming_errors_and_write_nothing(fields):
    with pytest.raises(ValueError):
        ledger_post(**fields)
    assert not JournalEntry.objects.exists()


@pytest.mark.django_db
def test_a_resolve_accepts_the_pending_transfer_itself():
    ledger_post(key="pay", kind="payment", moves=PAY)
    hold = ledger_post(key="hold", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 10_000, pending=True)])
    again = ledger_post(key="void", kind="refund", resolves=[Resolve(hold.transfers.get(), post=False)])
    assert (
        ledger_post(key="void", kind="refund", resolves=[Resolve(hold.transfers.get().pk, False)]).pk
        == again.pk
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_clients_posting_the_same_key_at_once_write_it_once_and_all_get_that_entry():
    results = run_in_parallel(*[lambda: ledger_post(key="pay:TT1", kind="payment", moves=PAY).pk] * 8)

    assert len(set(results)) == 1 and isinstance(results[0], int), results
    assert LedgerAccount.objects.get(code=ESCROW).balance == 10_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clients_resolving_one_hold_differently_leave_exactly_one_resolution():
    from payments.ledger.errors import LedgerPendingResolved

    ledger_post(key="pay", kind="payment", moves=PAY)
    pending = ledger_post(
        key="hold", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 10_000, True)]
    ).transfers.get()

    results = run_in_parallel(
        lambda: ledger_post(key="post", kind="refund", resolves=[Resolve(pending.pk, True)]),
        lambda: ledger_post(key="void", kind="refund", resolves=[Resolve(pending.pk, False)]),
    )

    assert sorted(type(r).__name__ for r in results) == ["JournalEntry", "LedgerPendingResolved"]
    assert any(isinstance(r, LedgerPendingResolved) for r in results)
    escrow = LedgerAccount.objects.get(code=ESCROW)
    assert escrow.debits_pending == 0 and escrow.balance in (0, 10_000)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clients_making_the_same_missing_accounts_at_once_do_not_deadlock():
    from django.core.management import call_command

    from payments.ledger.accounts import BANK_CLEARING, COD_CLEARING, COMMISSION_REVENUE, TAX_WITHHELD

    # After a flush no account exists: each entry below makes several at once, in its own set.
    sets = [
        [Move(VNPAY_CLEARING, ESCROW, 5)],
        [Move(BANK_CLEARING, ESCROW, 5)],
        [Move(COD_CLEARING, ESCROW, 5), Move(ESCROW, COMMISSION_REVENUE, 1), Move(ESCROW, TAX_WITHHELD, 1)],
        [Move(COD_CLEARING, TAX_WITHHELD, 5), Move(VNPAY_CLEARING, COMMISSION_REVENUE, 5)],
    ]
    for round_ in range(4):
        call_command("flush", interactive=False, verbosity=0)
        calls = [
            lambda i=i: ledger_post(key=f"k{round_}:{i}", kind="test", moves=sets[i % 4]) for i in range(8)
        ]
        results = run_in_parallel(*calls)
        assert all(isinstance(r, JournalEntry) for r in results), results
