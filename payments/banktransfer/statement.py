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
import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from payments.banktransfer.errors import (
    BankTransactionConflict,
    BankTransactionInvalid,
    StatementFileInvalid,
    StatementFileTooLarge,
)
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import bank_transaction_record
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
    result: str  # recorded · duplicate · conflict · invalid
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


def parse_credited_at(value: str) -> datetime:
    text = (value or "").strip()
    moment = None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        for pattern in _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        raise BankTransactionInvalid(
            _("Thời điểm ghi có phải có dạng 2026-12-01 10:15 hoặc 01/12/2026 10:15."), field="credited_at"
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


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
        "payer_name": " ".join((name or "").split())[:70],
    }


def clean_description(value: str) -> str:
    text = " ".join((value or "").split())
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


def _import_row(line: int, row: dict, *, user) -> RowResult:
    raw_id = str(row.get("transaction_id") or "").strip()
    try:
        if None in row:  # more cells than columns: a comma inside an unquoted description
            raise BankTransactionInvalid(
                _("Dòng có nhiều ô hơn số cột; hãy đặt nội dung có dấu phẩy trong ngoặc kép."), field="file"
            )
        recorded = bank_transaction_record(
            bank_transaction_id=clean_transaction_id(raw_id),
            amount=parse_amount(row.get("amount") or ""),
            description=clean_description(row.get("description") or ""),
            credited_at=parse_credited_at(row.get("credited_at") or ""),
            source=BankTransaction.Source.STATEMENT,
            recorded_by=user,
            **clean_payer(
                account=row.get("payer_account") or "",
                bank_bin=row.get("payer_bank_bin") or "",
                name=row.get("payer_name") or "",
            ),
        )
    except DomainError as exc:
        result = "conflict" if isinstance(exc, BankTransactionConflict) else "invalid"
        return RowResult(line, raw_id[:64], result, code=exc.code, message=str(exc.message))
    return RowResult(
        line,
        recorded.transaction.bank_transaction_id,
        "recorded" if recorded.created else "duplicate",
        transaction=recorded.transaction,
    )


def bank_statement_import(*, user, upload) -> list[RowResult]:
    """Each row in its own transaction: a row that fails leaves the rows before it recorded,
    and importing the file again completes it without recording anything twice."""
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
    return [_import_row(line, row, user=user) for line, row in rows]
