"""payments_audit recomputes every account from its transfers and says what differs."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from payments.ledger.accounts import BANK_CLEARING, ESCROW, VNPAY_CLEARING, business_account_code
from payments.ledger.audit import AccountDifference, ledger_audit
from payments.ledger.services import Move, Resolve, ledger_post
from payments.management.commands.payments_audit import report_lines
from tests.factories import BusinessFactory
from tests.parallel import run_in_parallel

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger_audited():
    """These tests corrupt the ledger on purpose: no audit after them."""
    yield


def corrupt(sql: str, params=()) -> None:
    """Writes past the ledger's rules, as a bad hand-made fix would (on PostgreSQL the guard
    trigger is switched off for this test's transaction only)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
            cursor.execute("ALTER TABLE payments_ledgeraccount DISABLE TRIGGER payments_ledgeraccount_guard")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE payments_ledgeraccount ENABLE TRIGGER payments_ledgeraccount_guard")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def busy_ledger():
    seller = business_account_code(BusinessFactory().pk)
    ledger_post(key="pay:A", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 100_000)])
    ledger_post(
        key="release:A",
        kind="release",
        moves=[Move(ESCROW, seller, 60_000), Move(ESCROW, "commission_revenue", 3_000)],
    )
    hold = ledger_post(key="refund:1:hold", kind="refund", moves=[Move(ESCROW, VNPAY_CLEARING, 30_000, True)])
    ledger_post(key="refund:1:post", kind="refund", resolves=[Resolve(hold.transfers.get(), True, 20_000)])
    payout = ledger_post(
        key="payout:1:hold", kind="payout", moves=[Move(seller, "payouts_in_transit", 60_000, True)]
    )
    ledger_post(key="payout:1:failed", kind="payout", resolves=[Resolve(payout.transfers.get(), False)])
    ledger_post(key="payout:2:hold", kind="payout", moves=[Move(seller, "payouts_in_transit", 50_000, True)])
    return seller


def test_a_ledger_written_by_the_service_audits_clean(busy_ledger):
    report = ledger_audit()
    assert report.ok
    assert (report.entries, report.transfers) == (7, 8)


def test_the_audit_names_the_account_and_column_that_differ_from_its_transfers(busy_ledger):
    corrupt(
        "UPDATE payments_ledgeraccount SET credits_posted = credits_posted + 500 WHERE code = %s",
        [BANK_CLEARING],
    )

    report = ledger_audit()

    assert not report.ok
    assert report.differences == [AccountDifference(BANK_CLEARING, "credits_posted", 500, 0)]
    assert report.posted_sum == 500  # money created from nothing: the accounts no longer sum to zero


def test_the_audit_sees_a_pending_hold_that_was_dropped_from_the_totals(busy_ledger):
    corrupt("UPDATE payments_ledgeraccount SET debits_pending = 0 WHERE code = %s", [busy_ledger])

    report = ledger_audit()

    assert report.differences == [AccountDifference(busy_ledger, "debits_pending", 0, 50_000)]
    assert report.pending_sum == 50_000


def test_the_command_prints_the_difference_in_vietnamese_and_exits_non_zero(busy_ledger, capsys):
    corrupt(
        "UPDATE payments_ledgeraccount SET credits_posted = credits_posted + 500 WHERE code = %s",
        [BANK_CLEARING],
    )

    with pytest.raises(SystemExit) as exit_:
        call_command("payments_audit", verbosity=0)

    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert (
        "Tài khoản bank_clearing: tổng ghi có ghi 500 ₫, tính lại từ chuyển khoản 0 ₫ (chênh 500 ₫)." in out
    )


def test_the_command_says_the_ledger_matches_and_exits_zero(busy_ledger, capsys):
    call_command("payments_audit", verbosity=0)

    out = capsys.readouterr().out
    assert "Đã kiểm 9 tài khoản, 7 bút toán, 8 chuyển khoản." in out
    assert "Sổ cái khớp" in out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_audit_reads_one_snapshot_so_entries_written_meanwhile_never_look_like_differences():
    ledger_post(key="pay:0", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 1_000_000)])
    stop = threading.Event()

    def writer(n: int) -> int:
        count = 0
        while not stop.is_set():
            count += 1
            ledger_post(key=f"w{n}:{count}", kind="payment", moves=[Move(BANK_CLEARING, ESCROW, 7)])
            ledger_post(key=f"w{n}:{count}:out", kind="test", moves=[Move(ESCROW, "commission_revenue", 3)])
        return count

    def auditor() -> list[str]:
        try:
            return [line for _ in range(15) for line in report_lines(ledger_audit()) if "Tài khoản" in line]
        finally:
            stop.set()

    *written, found = run_in_parallel(lambda: writer(1), lambda: writer(2), auditor)

    assert all(isinstance(n, int) and n > 0 for n in written), written
    assert found == []
