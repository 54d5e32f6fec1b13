"""The bank-notification webhook: signed, bounded, idempotent by bank transaction id, also
for two identical notifications at the same instant (PostgreSQL)."""

import json

import pytest
from django.test import Client

from orders.models import PaymentGroup
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.statement import bank_statement_import
from payments.ledger.models import LedgerAccount
from tests.parallel import run_in_parallel
from tests.payments.bank.conftest import COLLECTION_ACCOUNT
from tests.payments.bank.helpers import (
    bank_group,
    finance_operator,
    notification,
    statement_file,
    webhook_post,
)

S = BankTransaction.Status


def escrow() -> int:
    return LedgerAccount.objects.get(code="escrow").balance


@pytest.mark.django_db
def test_a_signed_notification_with_the_reference_pays_the_group(client):
    group, attempt, _ = bank_group()
    body = notification(
        "NT001",
        group.amount,
        f"MBVCB.123.{attempt.reference}.CT tu NGUYEN VAN A",
        accountNumber=" ".join([COLLECTION_ACCOUNT[:4], COLLECTION_ACCOUNT[4:]]),
        payerAccount="0011 0001 23456",
        payerBankBin="970436",
        payerName="NGUYEN VAN A",
    )
    response = webhook_post(client, body)
    assert response.status_code == 200
    assert response.json() == {"ok": True, "id": "NT001", "status": "matched"}
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.PAID
    row = BankTransaction.objects.get()
    assert (row.source, row.payer_account_number) == ("webhook", "0011000123456")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "signature",
    ["", "sha256=" + "0" * 64, "deadbeef", "sha256=ünicode", None],
)
def test_a_bad_signature_records_nothing(client, signature):
    group, attempt, _ = bank_group()
    body = notification("NT002", group.amount, attempt.reference)
    if signature is None:  # signed with another key
        response = webhook_post(client, body, secret="not-the-secret")
    else:
        response = webhook_post(client, body, signature=signature)
    assert response.status_code == 401
    assert not BankTransaction.objects.exists()
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.AWAITING_PAYMENT


@pytest.mark.django_db
def test_a_replay_answers_the_same_and_credits_once(client):
    group, attempt, _ = bank_group()
    body = notification("NT003", group.amount, attempt.reference)
    first = webhook_post(client, body)
    second = webhook_post(client, body)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert BankTransaction.objects.count() == 1 and escrow() == group.amount


@pytest.mark.django_db
def test_a_numeric_id_is_taken_as_text(client):
    assert webhook_post(client, notification(92704, 5_000, "abc")).json()["id"] == "92704"
    assert BankTransaction.objects.get().bank_transaction_id == "92704"


@pytest.mark.django_db
def test_control_characters_are_dropped_not_stored(client):
    body = notification("NT010", 5_000, "chuyen\u0000 tien\u0007", payerName="NGUYEN\u0000 VAN A")
    assert webhook_post(client, body).status_code == 200
    row = BankTransaction.objects.get()
    assert (row.description, row.payer_name) == ("chuyen tien", "NGUYEN VAN A")


@pytest.mark.django_db
def test_a_short_transfer_is_queued(client):
    group, attempt, _ = bank_group()
    response = webhook_post(client, notification("NT004", group.amount - 1, attempt.reference))
    assert response.json()["status"] == "short" and escrow() == 0


@pytest.mark.django_db
def test_the_same_id_with_another_amount_is_a_conflict(client):
    webhook_post(client, notification("NT005", 10_000, "abc"))
    response = webhook_post(client, notification("NT005", 20_000, "abc"))
    assert response.status_code == 409
    assert BankTransaction.objects.get().amount == 10_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"\xff\xfe",
        json.dumps([1, 2]).encode(),
        json.dumps(
            {"id": "NT006", "amount": "10000", "description": "x", "creditedAt": "2026-12-01"}
        ).encode(),
        json.dumps(
            {"id": "NT006", "amount": 10000.5, "description": "x", "creditedAt": "2026-12-01"}
        ).encode(),
        json.dumps({"id": "NT006", "amount": -5, "description": "x", "creditedAt": "2026-12-01"}).encode(),
        json.dumps({"id": "", "amount": 5, "description": "x", "creditedAt": "2026-12-01"}).encode(),
        json.dumps({"id": "NT006", "amount": 5, "description": ["x"], "creditedAt": "2026-12-01"}).encode(),
        json.dumps({"id": "NT006", "amount": 5, "description": "x", "creditedAt": "soon"}).encode(),
        json.dumps({**notification("NT006", 5, "x"), "accountNumber": "999999999"}).encode(),
        b"[" * 100_00,
    ],
)
def test_malformed_signed_bodies_are_refused_with_4xx(client, payload):
    response = webhook_post(client, payload)
    assert 400 <= response.status_code < 500
    assert not BankTransaction.objects.exists()


@pytest.mark.django_db
def test_a_huge_body_is_refused_unread(client, settings):
    settings.BANK_WEBHOOK_MAX_BYTES = 1024
    body = notification("NT007", 5_000, "x" * 2_000)
    assert webhook_post(client, body).status_code == 413
    assert not BankTransaction.objects.exists()


@pytest.mark.django_db
def test_without_a_secret_configured_nothing_is_accepted(client, settings):
    settings.BANK_WEBHOOK_SECRET = ""
    assert webhook_post(client, notification("NT008", 5_000, "x"), secret="").status_code == 503
    assert not BankTransaction.objects.exists()


@pytest.mark.django_db
def test_only_post(client):
    assert client.get("/payments/bank/webhook/").status_code == 405


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_identical_notifications_at_the_same_instant_credit_once():
    group, attempt, _ = bank_group()
    body = notification("NT100", group.amount, attempt.reference)
    responses = run_in_parallel(*[lambda: webhook_post(Client(), body) for _ in range(6)])
    assert [r.status_code for r in responses] == [200] * 6, responses
    assert {r.content for r in responses} == {b'{"ok": true, "id": "NT100", "status": "matched"}'}
    assert BankTransaction.objects.count() == 1
    assert escrow() == group.amount
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.PAID


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_different_transfers_for_one_bill_at_once_book_one_and_queue_the_other():
    group, attempt, _ = bank_group()
    responses = run_in_parallel(
        lambda: webhook_post(Client(), notification("NT201", group.amount, attempt.reference)),
        lambda: webhook_post(Client(), notification("NT202", group.amount, attempt.reference)),
    )
    assert sorted(r.json()["status"] for r in responses) == ["already_paid", "matched"]
    assert escrow() == group.amount


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_and_a_notification_of_the_same_credits_at_once_record_each_once():
    group, attempt, _ = bank_group()
    operator = finance_operator()
    rows = [f"NT30{n},2026-12-01 09:0{n},{1_000 + n},chuyen tien {n},,," for n in range(5)]
    rows.append(f"NT309,2026-12-01 09:09,{group.amount},{attempt.reference},,,")
    calls = [lambda: bank_statement_import(user=operator, upload=statement_file(rows))]
    calls += [
        lambda n=n: webhook_post(Client(), notification(f"NT30{n}", 1_000 + n, f"chuyen tien {n}"))
        for n in range(5)
    ]
    calls.append(lambda: webhook_post(Client(), notification("NT309", group.amount, attempt.reference)))
    results = run_in_parallel(*calls)
    assert all(not isinstance(r, Exception) for r in results), results
    assert {r.result for r in results[0]} <= {"recorded", "duplicate"}
    assert all(r.status_code == 200 for r in results[1:])
    assert BankTransaction.objects.count() == 6
    assert BankTransaction.objects.filter(status=S.MATCHED).count() == 1
    assert escrow() == group.amount
