"""The bank statement file (CSV) the finance operator imports: parsed, checked row by row,
and each credit recorded like a notification. A bad row is reported and the others go on; a
re-imported file records nothing new (each bank transaction id is recorded once).

Format (documented in README, "Paying by bank transfer"): UTF-8 (a BOM is fine), comma
separated, a header row naming the columns in any order:
  transaction_id  (required) the bank's id of the credit, at most 64 characters
  credited_at     (required) `2026-12-01 10:15[:00]`, ISO 8601 with an offset, or
                  `01/12/2026 10:15[:00]`; without an offset it is Vietnam time
  amount          (required) whole đồng, digits, thousands may be grouped: `1.500.000`
  description     (required) the transfer's description as the bank shows it
  payer_account, payer_bank_bin, payer_name  (optional) where the money came from
"""

import csv
import io
import re
import time
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from payments.banktransfer.errors import (
    BankTransactionConflict,
    BankTransactionInvalid,
    StatementFileInvalid,
    StatementFileTooLarge,
    StatementImportUnfinished,
)
from payments.banktransfer.matching import reference_candidates
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import (
    attempts_named_in,
    bank_transaction_record,
    bank_transactions_insert_queued,
    classify,
)
from payments.permissions import require_finance

REQUIRED = ("transaction_id", "credited_at", "amount", "description")
OPTIONAL = ("payer_account", "payer_bank_bin", "payer_name")
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_AMOUNT = re.compile(r"[0-9]{1,3}(?:([., ])[0-9]{3})?(?:\1[0-9]{3})*|[0-9]+")
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class RowResult:
    line: int
    bank_transaction_id: str
    result: str  # recorded · duplicate · conflict · invalid · skipped
    transaction: BankTransaction | None = None
    code: str = ""
    message: str = ""


def parse_amount(value: str) -> int:
    """Whole đồng. `150000.00` is refused rather than read as 15 million: VND has no cents."""
    text = (value or "").strip().removesuffix("VND").removesuffix("đ").strip()
    if not _AMOUNT.fullmatch(text):
        raise BankTransactionInvalid(
            _("Số tiền phải là số nguyên đồng, ví dụ 150000 hoặc 150.000."), field="amount"
        )
    amount = int(re.sub(r"\D", "", text))
    if amount <= 0 or amount > 10**13:
        raise BankTransactionInvalid(_("Số tiền phải lớn hơn 0 (chỉ nhập các khoản ghi có)."), field="amount")
    return amount


# ISO 8601 with a date and a time (the offset optional): a week date (`2026-W48-2`) or a bare
# date is no credit time, though Python's parser would take them.
_ISO = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)
# Credits before this are no payment of ours; PostgreSQL also stores instants (year 1 with a
# positive offset, year 9999 with a negative one) that the driver cannot read back.
EARLIEST_CREDIT = datetime(2000, 1, 1, tzinfo=UTC)
# The bank's clock may run a little ahead of ours, never a day.
CREDIT_CLOCK_SKEW = timedelta(days=1)


def parse_credited_at(value: str) -> datetime:
    text = (value or "").strip()
    moment = None
    if _ISO.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
    else:
        for pattern in _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None or (moment.utcoffset() is not None and abs(moment.utcoffset()) > timedelta(hours=14)):
        raise BankTransactionInvalid(
            _("Thời điểm ghi có phải có dạng 2026-12-01 10:15 hoặc 01/12/2026 10:15."), field="credited_at"
        )
    moment = moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
    try:
        in_window = EARLIEST_CREDIT <= moment <= timezone.now() + CREDIT_CLOCK_SKEW
    except OverflowError:
        in_window = False
    if not in_window:
        raise BankTransactionInvalid(
            _("Thời điểm ghi có phải từ năm 2000 đến hôm nay; hãy kiểm tra lại ngày tháng năm."),
            field="credited_at",
        )
    return moment


def clean_transaction_id(value: str) -> str:
    text = (value or "").strip()
    if not text or len(text) > 64 or not text.isprintable():
        raise BankTransactionInvalid(
            _("Mã giao dịch ngân hàng là bắt buộc, tối đa 64 ký tự."), field="bank_transaction_id"
        )
    return text


def clean_payer(*, account: str, bank_bin: str, name: str) -> dict:
    """Payer details are a help for refunds, never a reason to refuse the credit: what does not
    look right is left out."""
    account = re.sub(r"[\s.-]", "", account or "")
    bank_bin = (bank_bin or "").strip()
    return {
        "payer_account_number": account if re.fullmatch(r"[0-9]{4,19}", account) else "",
        "payer_bank_bin": bank_bin if re.fullmatch(r"970[0-9]{3}", bank_bin) else "",
        "payer_name": _printable(name)[:70],
    }


def _printable(value: str) -> str:
    """Whitespace collapsed, control characters (NUL, which PostgreSQL cannot store) dropped."""
    return " ".join("".join(ch for ch in (value or "") if ch.isprintable() or ch.isspace()).split())


def clean_description(value: str) -> str:
    text = _printable(value)
    if len(text) > 500:
        raise BankTransactionInvalid(_("Nội dung chuyển khoản tối đa 500 ký tự."), field="description")
    return text


def _read_rows(data: bytes) -> list[tuple[int, dict]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementFileInvalid(
            _("Tệp sao kê phải được lưu mã UTF-8 (trong Excel: Lưu thành → CSV UTF-8)."), field="file"
        ) from None
    if "\x00" in text:
        raise StatementFileInvalid(field="file")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise StatementFileInvalid(
            _("Tệp sao kê thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)}, field="file"
        )
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if not any((v or "").strip() for k, v in row.items() if k is not None and isinstance(v, str)):
                continue  # blank lines at the end of a spreadsheet export
            if len(rows) >= settings.BANK_STATEMENT_MAX_ROWS:
                raise StatementFileTooLarge(
                    _("Tệp sao kê có quá %(limit)d dòng; hãy chia thành nhiều tệp.")
                    % {"limit": settings.BANK_STATEMENT_MAX_ROWS},
                    field="file",
                )
            rows.append((reader.line_num, row))
    except csv.Error:
        raise StatementFileInvalid(field="file") from None
    return rows


def _parse_row(row: dict) -> dict:
    if None in row:  # more cells than columns: a comma inside an unquoted description
        raise BankTransactionInvalid(
            _("Dòng có nhiều ô hơn số cột; hãy đặt nội dung có dấu phẩy trong ngoặc kép."), field="file"
        )
    return {
        "bank_transaction_id": clean_transaction_id(row.get("transaction_id") or ""),
        "amount": parse_amount(row.get("amount") or ""),
        "description": clean_description(row.get("description") or ""),
        "credited_at": parse_credited_at(row.get("credited_at") or ""),
        **clean_payer(
            account=row.get("payer_account") or "",
            bank_bin=row.get("payer_bank_bin") or "",
            name=row.get("payer_name") or "",
        ),
    }


def _already_recorded(rows: list[tuple[int, dict]]) -> dict[str, BankTransaction]:
    """The file's transactions recorded before, fetched at once: a re-import costs a few
    queries, not a transaction per row."""
    ids = list({str(row.get("transaction_id") or "").strip() for _line, row in rows})
    found: dict[str, BankTransaction] = {}
    for i in range(0, len(ids), 500):
        for existing in BankTransaction.objects.filter(bank_transaction_id__in=ids[i : i + 500]):
            found[existing.bank_transaction_id] = existing
    return found


def _against(line: int, fields: dict, existing: BankTransaction) -> RowResult:
    """A row whose id is already recorded: the same credit again, or a conflicting one."""
    if existing.amount != fields["amount"]:
        error = BankTransactionConflict(field="bank_transaction_id")
        return RowResult(
            line, existing.bank_transaction_id, "conflict", code=error.code, message=str(error.message)
        )
    return RowResult(line, existing.bank_transaction_id, "duplicate", transaction=existing)


def _record_one(line: int, fields: dict, *, user, recorded: dict[str, BankTransaction]) -> RowResult:
    try:
        result = bank_transaction_record(source=BankTransaction.Source.STATEMENT, recorded_by=user, **fields)
    except BankTransactionConflict as exc:
        return RowResult(
            line, fields["bank_transaction_id"], "conflict", code=exc.code, message=str(exc.message)
        )
    recorded[result.transaction.bank_transaction_id] = result.transaction
    return RowResult(
        line,
        result.transaction.bank_transaction_id,
        "recorded" if result.created else "duplicate",
        transaction=result.transaction,
    )


def _record_chunk(chunk, *, user, recorded, results) -> None:
    """Credits for the queue in one INSERT; those paying a bill exactly (money moves, locks)
    one transaction each, as a notification would."""
    attempts = attempts_named_in(fields["description"] for _i, _line, fields in chunk)
    queued, one_by_one = [], []
    for i, line, fields in chunk:
        row = BankTransaction(source=BankTransaction.Source.STATEMENT, recorded_by=user, **fields)
        found = [attempts[c] for c in reference_candidates(fields["description"]) if c in attempts]
        if classify(row, found) is None:
            queued.append((i, line, fields, row))
        else:
            one_by_one.append((i, line, fields))
    if queued and bank_transactions_insert_queued([row for *_rest, row in queued]):
        for i, line, _fields, row in queued:
            recorded[row.bank_transaction_id] = row
            results[i] = RowResult(line, row.bank_transaction_id, "recorded", transaction=row)
    else:
        one_by_one += [(i, line, fields) for i, line, fields, _row in queued]
    for i, line, fields in sorted(one_by_one, key=lambda item: item[0]):
        results[i] = _record_one(line, fields, user=user, recorded=recorded)


def _skipped(line: int, transaction_id: str) -> RowResult:
    return RowResult(
        line,
        transaction_id,
        "skipped",
        code=StatementImportUnfinished.code,
        message=str(StatementImportUnfinished.message),
    )


CHUNK_ROWS = 200


def bank_statement_import(*, user, upload, stop_at: float | None = None) -> list[RowResult]:
    """Records a statement's credits; a bad row is answered `invalid` and the others go on,
    and importing the same file again records nothing twice (it completes what was left).
    Rows left when the clock passes `stop_at` (time.monotonic(); the request's time limit)
    are answered `skipped`: importing the same file again goes on from there."""
    require_finance(user)
    limit = settings.BANK_STATEMENT_MAX_BYTES
    if getattr(upload, "size", 0) > limit:
        raise StatementFileTooLarge(
            _("Tệp sao kê tối đa %(limit)d KB.") % {"limit": limit // 1024}, field="file"
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise StatementFileTooLarge(field="file")
    rows = _read_rows(data)
    if not rows:
        raise StatementFileInvalid(_("Tệp sao kê không có dòng giao dịch nào."), field="file")
    recorded = _already_recorded(rows)
    results: list[RowResult | None] = [None] * len(rows)
    new, repeats, first_seen = [], [], set()
    for i, (line, row) in enumerate(rows):
        try:
            fields = _parse_row(row)
        except DomainError as exc:
            raw_id = str(row.get("transaction_id") or "").strip()[:64]
            results[i] = RowResult(line, raw_id, "invalid", code=exc.code, message=str(exc.message))
            continue
        transaction_id = fields["bank_transaction_id"]
        if transaction_id in recorded:
            results[i] = _against(line, fields, recorded[transaction_id])
        elif transaction_id in first_seen:  # twice in this file: answered once the first is in
            repeats.append((i, line, fields))
        else:
            first_seen.add(transaction_id)
            new.append((i, line, fields))
    for start in range(0, len(new), CHUNK_ROWS):
        chunk = new[start : start + CHUNK_ROWS]
        if stop_at is not None and time.monotonic() > stop_at:
            for i, line, fields in chunk:
                results[i] = _skipped(line, fields["bank_transaction_id"])
        else:
            _record_chunk(chunk, user=user, recorded=recorded, results=results)
    for i, line, fields in repeats:
        first = recorded.get(fields["bank_transaction_id"])
        results[i] = _against(line, fields, first) if first else _skipped(line, fields["bank_transaction_id"])
    return results
