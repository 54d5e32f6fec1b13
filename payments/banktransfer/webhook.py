"""`POST /payments/bank/webhook/`: a bank-notification service tells us of one credit to the
collection account. Signed: header `X-Bank-Signature: sha256=<hex>` is HMAC-SHA256 of the raw
body with BANK_WEBHOOK_SECRET; an unsigned or wrongly signed call records nothing. Idempotent
by the bank transaction id: a retry (or two identical calls at once) answers what the first did.

Body (JSON): {"id": "FT26336…", "amount": 150000, "description": "…", "creditedAt":
"2026-12-01T10:15:00+07:00", optional "accountNumber" (the collection account credited),
"payerAccount", "payerBankBin", "payerName"}.
"""

import hashlib
import hmac
import json
import re

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.errors import DomainError
from payments.banktransfer.errors import BankTransactionConflict, BankTransactionInvalid
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import bank_transaction_record
from payments.banktransfer.statement import (
    clean_description,
    clean_payer,
    clean_transaction_id,
    parse_credited_at,
)

SIGNATURE_HEADER = "X-Bank-Signature"


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _refuse(status: int, error: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": error}, status=status)


def _read_body(request) -> bytes | None:
    """At most BANK_WEBHOOK_MAX_BYTES, read from the stream so a huge body is never buffered."""
    limit = settings.BANK_WEBHOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


def _amount(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 10**13:
        raise BankTransactionInvalid(field="amount")
    return value


def _record(data: dict) -> BankTransaction:
    if not isinstance(data, dict):
        raise BankTransactionInvalid()
    account = re.sub(r"[\s.-]", "", str(data.get("accountNumber") or ""))
    if account and account != re.sub(r"[\s.-]", "", settings.BANK_COLLECTION_ACCOUNT):
        # A credit to some other account is not money the platform holds.
        raise BankTransactionInvalid(field="account_number")
    strings = {
        k: data.get(k)
        for k in ("id", "description", "creditedAt", "payerAccount", "payerBankBin", "payerName")
    }
    if isinstance(strings["id"], int) and not isinstance(strings["id"], bool):
        strings["id"] = str(strings["id"])  # some services number their notifications
    if any(v is not None and not isinstance(v, str) for v in strings.values()):
        raise BankTransactionInvalid()
    return bank_transaction_record(
        bank_transaction_id=clean_transaction_id(strings["id"] or ""),
        amount=_amount(data.get("amount")),
        description=clean_description(strings["description"] or ""),
        credited_at=parse_credited_at(strings["creditedAt"] or ""),
        source=BankTransaction.Source.WEBHOOK,
        **clean_payer(
            account=strings["payerAccount"] or "",
            bank_bin=strings["payerBankBin"] or "",
            name=strings["payerName"] or "",
        ),
    ).transaction


@csrf_exempt
@require_POST
def bank_webhook(request):
    secret = settings.BANK_WEBHOOK_SECRET
    if not secret:
        return _refuse(503, "not_configured")
    body = _read_body(request)
    if body is None:
        return _refuse(413, "too_large")
    expected = sign(body, secret)
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not hmac.compare_digest(expected.encode("ascii"), given.strip().lower().encode("utf-8", "replace")):
        return _refuse(401, "signature")
    try:
        data = json.loads(body.decode("utf-8"))
        row = _record(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _refuse(400, "invalid_json")
    except BankTransactionConflict:
        return _refuse(409, "conflict")
    except DomainError as exc:
        return JsonResponse({"ok": False, "error": "invalid", "field": exc.field}, status=400)
    # The same body for the first call and every replay, so the service sees one answer.
    return JsonResponse({"ok": True, "id": row.bank_transaction_id, "status": row.status})
