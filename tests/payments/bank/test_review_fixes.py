"""Defects found in review (issue 9): a transfer matched to a VNPay group, credit times the
database cannot read back, and late money the operator never saw."""

from datetime import UTC

import pytest

from marketplace.graphql.ids import encode_id
from orders.models import PaymentGroup
from payments.banktransfer.errors import BankTransactionInvalid, BankTransferMatchMethod
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.statement import bank_statement_import, parse_credited_at
from payments.ledger.models import LedgerAccount
from payments.settlement.refunds import refund_mark
from tests.factories import OfficerFactory
from tests.payments.bank.helpers import (
    bank_group,
    finance_operator,
    notification,
    statement_file,
    webhook_post,
)
from tests.payments.bank.test_operator_queue import credit, resolve
from tests.payments.helpers import awaiting_group, open_attempt

pytestmark = pytest.mark.django_db
S = BankTransaction.Status

QUEUE = """{ bankTransactions(inQueue: true, first: 10) { edges { node {
  bankTransactionId status inQueue outcome payerAccountNumber payerBankBin refundId refundStatus } } } }"""


def balance(code: str) -> int:
    account = LedgerAccount.objects.filter(code=code).first()
    return account.balance if account else 0


# F2 / F-high-1 ------------------------------------------------------------------------------


def test_a_transfer_cannot_be_matched_to_a_vnpay_group_by_its_number(gql):
    """Refunds follow the group's method: booking bank money to a VNPay group would strand it."""
    group = awaiting_group(method="vnpay")
    vnpay = open_attempt(group)
    row = credit("RV001", group.amount, "tien hang")
    payload = resolve(gql.login(finance_operator()), row, "MATCH", group=group.number)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("paymentGroupNumber", "BANK_TRANSFER_MATCH_METHOD")
    ]
    # the by-reference path was already refused
    payload = resolve(gql, row, "MATCH", ref=vnpay.reference)
    assert payload["errors"][0]["code"] == "BANK_TRANSFER_MATCH_TARGET"
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.AWAITING_PAYMENT
    assert list(group.attempts.values_list("method", flat=True)) == ["vnpay"]
    assert balance("escrow") == 0 and balance("bank_clearing") == 0
    assert BankTransaction.objects.get(pk=row.pk).in_queue
    # the message tells the operator what to do instead
    assert "RETURN" in str(BankTransferMatchMethod.message)
    assert resolve(gql, row, "RETURN", note="khách trả nhầm cách")["errors"] == []


# F10 / F-med-1 ------------------------------------------------------------------------------

OUT_OF_WINDOW = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01 00:00",
    "01/01/0001 00:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31 23:59",
    "1999-12-31 23:59",
    "2999-01-01 10:00",
]
NOT_A_TIME = ["2026-W48-2", "2026-12-01", "2026-12-01T10:15+15:00", "hôm qua", ""]


@pytest.mark.parametrize("value", OUT_OF_WINDOW + NOT_A_TIME)
def test_credit_times_outside_the_window_or_without_a_time_are_refused(value):
    with pytest.raises(BankTransactionInvalid) as caught:
        parse_credited_at(value)
    assert caught.value.field == "credited_at"


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2026-12-01T10:15:00+14:00", "2026-11-30T20:15:00+00:00"),
        ("2026-12-01T10:15:00-12:00", "2026-12-01T22:15:00+00:00"),
        ("2026-12-01 10:15", "2026-12-01T03:15:00+00:00"),
        ("01/12/2026 10:15:30", "2026-12-01T03:15:30+00:00"),
        ("2026-12-01T03:15:00Z", "2026-12-01T03:15:00+00:00"),
    ],
)
def test_credit_times_in_the_window_keep_their_instant(value, utc):
    assert parse_credited_at(value).astimezone(UTC).isoformat() == utc


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2026-W48-2"])
def test_the_webhook_refuses_an_unreadable_credit_time_and_the_queue_still_reads(client, gql, value):
    response = webhook_post(client, notification("D1", 1234, "x", creditedAt=value))
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": "invalid", "field": "credited_at"}
    assert not BankTransaction.objects.exists()
    data = gql.login(finance_operator())(QUEUE)
    assert "errors" not in data and data["data"]["bankTransactions"]["edges"] == []


def test_the_statement_answers_invalid_for_such_rows_and_imports_again():
    operator = finance_operator()
    rows = [
        "S1,9999-12-31T23:59:59-12:00,3000,weird,,,",
        "S2,0001-01-01 00:00,3000,weird,,,",
        "S3,2026-W48-2,3000,weird,,,",
        "S4,2026-12-01 10:15,3000,fine,,,",
    ]
    for _attempt in range(2):  # a re-import reads what was recorded: it must be readable
        results = bank_statement_import(user=operator, upload=statement_file(rows))
        assert [r.result for r in results[:3]] == ["invalid"] * 3
        assert {r.code for r in results[:3]} == {"BANK_TRANSACTION_INVALID"}
    assert results[3].result == "duplicate"
    assert list(BankTransaction.objects.values_list("bank_transaction_id", flat=True)) == ["S4"]


# F-med-4 ------------------------------------------------------------------------------------


def test_a_late_transfer_stays_in_the_queue_with_its_payer_until_its_refund_is_sent(client, gql):
    group, attempt, _ = bank_group()
    PaymentGroup.objects.filter(pk=group.pk).update(status=PaymentGroup.Status.EXPIRED)
    body = notification(
        "L1", group.amount, attempt.reference, payerAccount="0011000999", payerBankBin="970436"
    )
    response = webhook_post(client, body)
    assert response.status_code == 200
    assert response.json() == {"ok": True, "id": "L1", "status": "late"}  # not "matched"
    assert balance("escrow") == group.amount  # held for the refund

    operator = finance_operator()
    gql.login(operator)
    [node] = [e["node"] for e in gql(QUEUE)["data"]["bankTransactions"]["edges"]]
    row = BankTransaction.objects.get()
    refund = attempt.__class__.objects.get(pk=attempt.pk).late_refund
    assert node == {
        "bankTransactionId": "L1",
        "status": "LATE",
        "inQueue": True,
        "outcome": "late",
        "payerAccountNumber": "0011000999",
        "payerBankBin": "970436",
        "refundId": encode_id("Refund", refund.pk),
        "refundStatus": "pending",
    }
    # bankTransferMatch cannot return or ignore it: the held refund is the way out
    payload = resolve(gql, row, "RETURN", note="trả lại")
    assert payload["errors"][0]["code"] == "BANK_TRANSACTION_LATE_REFUND"

    refund_mark(user=operator, refund_id=refund.pk, sent=True, reference="FT-BACK-1")
    assert gql(QUEUE)["data"]["bankTransactions"]["edges"] == []
    row.refresh_from_db()
    assert row.status == S.LATE and not row.in_queue
    assert balance("escrow") == 0


# F-low-7, F-low-8 ---------------------------------------------------------------------------


def test_officers_read_only_the_reference_of_a_description_naming_the_payer(gql):
    group, attempt, _ = bank_group()
    credit("PRIV1", group.amount + 1, f"NGUYEN VAN A 0011000123456 chuyen tien {attempt.reference}")
    credit("PRIV2", 5, "NGUYEN VAN B 0011000999 chuyen tien")
    query = "{ bankTransactions(inQueue: true) { edges { node { bankTransactionId description } } } }"

    def seen(user):
        edges = gql.login(user)(query)["data"]["bankTransactions"]["edges"]
        return {e["node"]["bankTransactionId"]: e["node"]["description"] for e in edges}

    assert seen(OfficerFactory()) == {"PRIV1": attempt.reference, "PRIV2": ""}
    assert seen(finance_operator())["PRIV1"].startswith("NGUYEN VAN A 0011000123456")


@pytest.mark.parametrize(
    ("note", "code"), [("FT\u202e1", "INVISIBLE_CHARACTERS"), ("x" * 501, "BANK_TRANSFER_NOTE_REQUIRED")]
)
def test_a_note_with_hidden_characters_or_too_long_is_refused_not_cut(gql, note, code):
    row = credit("RN1", 1_000, "abc")
    gql.login(finance_operator())
    assert resolve(gql, row, "RETURN", note=note)["errors"][0]["code"] == code
    assert resolve(gql, row, "IGNORE", note="lãi\ntiền gửi")["errors"] == []
    assert BankTransaction.objects.get(pk=row.pk).note == "lãi tiền gửi"
