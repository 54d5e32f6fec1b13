"""Bank-transfer groups, operators, statement files and signed notifications for the tests."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.accounts.models import User
from payments.banktransfer.provider import BankTransferProvider
from payments.banktransfer.webhook import sign
from tests.factories import UserFactory
from tests.payments.bank.conftest import WEBHOOK_SECRET
from tests.payments.helpers import awaiting_group

HEADER = "transaction_id,credited_at,amount,description,payer_account,payer_bank_bin,payer_name"


def bank_group(*, price: int = 50_000, sellers: int = 1):
    """An awaiting bank-transfer group whose buyer has been shown the QR (one open attempt)."""
    group = awaiting_group(sellers=sellers, price=price, method="bank_transfer")
    start = BankTransferProvider().start(group)
    attempt = group.attempts.get()
    return group, attempt, start


def finance_operator() -> User:
    return UserFactory(role=User.Role.FINANCE)


def statement_file(rows: list[str], *, header: str = HEADER, bom: bool = False, encoding: str = "utf-8"):
    text = "\r\n".join([header, *rows]) + "\r\n"
    data = ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)
    return SimpleUploadedFile("saoke.csv", data, content_type="text/csv")


def webhook_post(
    client, payload: dict | bytes, *, secret: str = WEBHOOK_SECRET, signature: str | None = None
):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post(
        "/payments/bank/webhook/",
        data=body,
        content_type="application/json",
        HTTP_X_BANK_SIGNATURE=signature if signature is not None else sign(body, secret),
    )


def notification(txn_id: str, amount: int, description: str, **extra) -> dict:
    return {
        "id": txn_id,
        "amount": amount,
        "description": description,
        "creditedAt": "2026-12-01T10:15:00+07:00",
        **extra,
    }
