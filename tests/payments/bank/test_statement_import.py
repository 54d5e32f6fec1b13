"""The finance operator imports the collection account's statement (CSV): each row recorded
once and matched, bad rows reported beside the good ones, bad files refused whole."""

import time
from datetime import UTC, datetime

import pytest

from orders.models import PaymentGroup
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import bank_transactions_insert_queued
from payments.banktransfer.statement import bank_statement_import
from payments.ledger.models import LedgerAccount
from tests.factories import OfficerFactory
from tests.payments.bank.helpers import bank_group, finance_operator, statement_file

pytestmark = pytest.mark.django_db
S = BankTransaction.Status

IMPORT = """
mutation($file: Upload) {
  bankStatementImport(file: $file) {
    recorded duplicates rejected
    rows { line bankTransactionId result code message transaction { status } }
    errors { field code message }
  }
}"""


def upload(gql, file):
    return gql.upload(IMPORT, {"file": None}, {"variables.file": file})["data"]["bankStatementImport"]


def test_a_statement_matches_pays_and_queues_each_row(gql):
    paid, paid_attempt, _ = bank_group(price=80_000)
    short, short_attempt, _ = bank_group(price=60_000)
    over, over_attempt, _ = bank_group(price=40_000)
    rows = [
        f"FT26336001,2026-12-01 09:01:00,{paid.amount},NGUYEN VAN A chuyen {paid_attempt.reference},0011000123456,970436,NGUYEN VAN A",
        f'FT26336002,01/12/2026 09:02,"{short.amount - 10_000:,}","{short_attempt.reference}",,,',
        f"FT26336003,2026-12-01T09:03:00+07:00,{over.amount + 10_000},{over_attempt.reference},,,",
        "FT26336004,2026-12-01 09:04,150000,chuyen tien khong ro noi dung,,,",
    ]
    data = upload(gql.login(finance_operator()), statement_file(rows))
    assert data["errors"] == []
    assert (data["recorded"], data["duplicates"], data["rejected"]) == (4, 0, 0)
    assert [(r["line"], r["result"], r["transaction"]["status"]) for r in data["rows"]] == [
        (2, "recorded", "MATCHED"),
        (3, "recorded", "SHORT"),
        (4, "recorded", "OVER"),
        (5, "recorded", "UNMATCHED"),
    ]
    paid.refresh_from_db()
    short.refresh_from_db()
    assert paid.status == PaymentGroup.Status.PAID
    assert short.status == PaymentGroup.Status.AWAITING_PAYMENT
    assert LedgerAccount.objects.get(code="escrow").balance == paid.amount
    first = BankTransaction.objects.get(bank_transaction_id="FT26336001")
    assert (first.payer_account_number, first.payer_bank_bin, first.source) == (
        "0011000123456",
        "970436",
        "statement",
    )
    assert BankTransaction.objects.get(bank_transaction_id="FT26336002").amount == short.amount - 10_000


def test_reimporting_the_same_file_creates_nothing(gql):
    group, attempt, _ = bank_group()
    rows = [f"FT1,2026-12-01 09:01,{group.amount},{attempt.reference},,,", "FT2,2026-12-01 09:02,5000,abc,,,"]
    gql.login(finance_operator())
    upload(gql, statement_file(rows))
    again = upload(gql, statement_file(rows, bom=True))
    assert (again["recorded"], again["duplicates"], again["rejected"]) == (0, 2, 0)
    assert [r["transaction"]["status"] for r in again["rows"]] == ["MATCHED", "UNMATCHED"]
    assert BankTransaction.objects.count() == 2
    assert LedgerAccount.objects.get(code="escrow").balance == group.amount


def test_duplicate_rows_in_one_file_are_recorded_once(gql):
    rows = [
        "FT9,2026-12-01 09:01,5000,abc,,,",
        "FT9,2026-12-01 09:01,5000,abc,,,",
        "FT9,2026-12-01 09:01,6000,abc,,,",
    ]
    data = upload(gql.login(finance_operator()), statement_file(rows))
    assert [r["result"] for r in data["rows"]] == ["recorded", "duplicate", "conflict"]
    assert data["rows"][2]["code"] == "BANK_TRANSACTION_CONFLICT"
    assert BankTransaction.objects.count() == 1


def test_bad_rows_are_reported_and_the_good_ones_recorded(gql):
    rows = [
        "FT10,2026-12-01 09:01,5000,ok,,,",
        "FT11,2026-12-01 09:01,150000.00,cents are not VND,,,",
        "FT12,hôm qua,5000,bad date,,,",
        ",2026-12-01 09:01,5000,no id,,,",
        "FT13,2026-12-01 09:01,-5000,a debit,,,",
        "FT14,2026-12-01 09:01,5000,too,many,cells,here,!",
        "FT15,2026-12-01 09:01,1.500.000,grouped thousands,,,",
    ]
    data = upload(gql.login(finance_operator()), statement_file(rows))
    assert data["errors"] == []
    assert [(r["bankTransactionId"], r["result"]) for r in data["rows"]] == [
        ("FT10", "recorded"),
        ("FT11", "invalid"),
        ("FT12", "invalid"),
        ("", "invalid"),
        ("FT13", "invalid"),
        ("FT14", "invalid"),
        ("FT15", "recorded"),
    ]
    assert all(r["message"] for r in data["rows"] if r["result"] == "invalid")
    assert set(BankTransaction.objects.values_list("bank_transaction_id", "amount")) == {
        ("FT10", 5000),
        ("FT15", 1_500_000),
    }


def test_a_file_not_in_utf8_is_refused_whole(gql):
    rows = ["FT20,2026-12-01 09:01,5000,Nguyễn Văn Ánh chuyển tiền,,,"]
    data = upload(gql.login(finance_operator()), statement_file(rows, encoding="utf-16"))
    assert [e["code"] for e in data["errors"]] == ["BANK_STATEMENT_INVALID"]
    latin = statement_file(["FT21,2026-12-01 09:01,5000,Caf\xe9,,,"], encoding="latin-1")
    assert upload(gql, latin)["errors"][0]["code"] == "BANK_STATEMENT_INVALID"
    assert not BankTransaction.objects.exists()


def test_a_file_without_the_required_columns_is_refused(gql):
    data = upload(gql.login(finance_operator()), statement_file(["1,2,3"], header="id,date,money"))
    assert data["errors"][0]["code"] == "BANK_STATEMENT_INVALID"
    assert "transaction_id" in data["errors"][0]["message"]


def test_a_huge_file_is_refused_before_reading(gql, settings):
    settings.BANK_STATEMENT_MAX_BYTES = 10_000
    rows = [f"FT{n},2026-12-01 09:01,5000,{'x' * 80},,," for n in range(200)]
    data = upload(gql.login(finance_operator()), statement_file(rows))
    assert data["errors"][0]["code"] == "BANK_STATEMENT_TOO_LARGE"
    assert not BankTransaction.objects.exists()


def test_too_many_rows_are_refused(gql, settings):
    settings.BANK_STATEMENT_MAX_ROWS = 3
    rows = [f"FT{n},2026-12-01 09:01,5000,abc,,," for n in range(4)]
    assert (
        upload(gql.login(finance_operator()), statement_file(rows))["errors"][0]["code"]
        == "BANK_STATEMENT_TOO_LARGE"
    )
    assert not BankTransaction.objects.exists()


def test_missing_file_and_officers_are_refused(gql):
    gql.login(finance_operator())
    body = gql(IMPORT, {"file": None})
    assert body["data"]["bankStatementImport"]["errors"][0]["code"] == "REQUIRED"
    rows = ["FT30,2026-12-01 09:01,5000,abc,,,"]
    assert (
        upload(gql.login(OfficerFactory()), statement_file(rows))["errors"][0]["code"] == "PERMISSION_DENIED"
    )
    assert not BankTransaction.objects.exists()


def test_rows_left_at_the_time_limit_are_skipped_and_the_next_import_finishes_them():
    operator = finance_operator()
    rows = [f"FT4{n},2026-12-01 09:01,5000,abc,,," for n in range(3)] + ["FT40,2026-12-01 09:01,5000,abc,,,"]
    late = bank_statement_import(user=operator, upload=statement_file(rows), stop_at=time.monotonic() - 1)
    assert [r.result for r in late] == ["skipped"] * 4
    assert late[0].code == "BANK_STATEMENT_UNFINISHED" and not BankTransaction.objects.exists()
    done = bank_statement_import(user=operator, upload=statement_file(rows))
    assert [r.result for r in done] == ["recorded", "recorded", "recorded", "duplicate"]


def test_a_batch_that_meets_an_id_recorded_meanwhile_writes_nothing_and_says_so():
    def row(txn_id):
        return BankTransaction(
            bank_transaction_id=txn_id,
            amount=5000,
            description="abc",
            credited_at=datetime(2026, 12, 1, tzinfo=UTC),
            source="statement",
            status=S.UNMATCHED,
        )

    assert bank_transactions_insert_queued([row("FT50")]) is True
    assert bank_transactions_insert_queued([row("FT51"), row("FT50")]) is False
    assert list(BankTransaction.objects.values_list("bank_transaction_id", flat=True)) == ["FT50"]
