"""A wallet's statement as files: .csv (UTF-8 with a byte-order mark, so Excel shows the
diacritics; streamed line by line) and .xlsx (written row by row to a temporary file, Vietnamese
headers, amounts in whole đồng with thousands separators, the header row frozen). Text that could
start a spreadsheet formula is prefixed with `'` (the business statement's rules)."""

import csv
import tempfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from payments.settlement.exports import AMOUNT_FORMAT, DATE_FORMAT, DATETIME_FORMAT
from payments.settlement.exports import _local as local_time
from payments.settlement.exports import _safe as formula_safe
from payments.settlement.exports import _text as csv_text
from payments.wallets.core import mask_phone
from payments.wallets.models import WalletOperation
from payments.wallets.statement import WalletStatement, WalletStatementLine, statement_lines_all

S = WalletOperation.Status
LINE_HEADER = (
    "Thời điểm",
    "Mã giao dịch",
    "Loại giao dịch",
    "Trạng thái",
    "Diễn giải",
    "Bên kia",
    "Lời nhắn",
    "Số tiền (đ)",
    "Số dư sau giao dịch (đ)",
)
LINE_WIDTHS = (20, 16, 22, 24, 56, 30, 30, 16, 20)
# Excel's last row is 1,048,576: a longer period is cut with a row saying so (export less).
XLSX_MAX_LINES = 1_048_000


def _summary(statement: WalletStatement) -> list[tuple]:
    wallet = statement.wallet
    return [
        (_("Chủ ví"), formula_safe(wallet.holder_name)),
        (_("Loại ví"), str(wallet.get_kind_display())),
        (_("Số điện thoại"), mask_phone(wallet.phone)),
        (_("Từ ngày"), statement.date_from),
        (_("Đến ngày"), statement.date_to),
        (_("Số dư đầu kỳ (đ)"), statement.opening),
        (_("(+) Tiền vào ví trong kỳ (đ)"), statement.credits),
        (_("(−) Tiền ra khỏi ví trong kỳ (đ)"), statement.debits),
        (_("Số dư cuối kỳ (đ)"), statement.closing),
        (_('Dòng "đang giữ" chưa tính vào số dư.'),),
    ]


def _row(line: WalletStatementLine) -> tuple:
    counterparty = f"{line.counterparty_name} ({line.counterparty_phone})" if line.counterparty_name else ""
    return (
        local_time(line.at),
        line.reference,
        line.kind_label,
        # A held transfer's status already says so; a withdrawal's "being processed" does not.
        line.status_label + (" — " + _("đang giữ") if line.held and line.status != S.HELD else ""),
        formula_safe(line.description),
        formula_safe(counterparty),
        formula_safe(line.note),
        line.amount,
        line.balance,
    )


class _Echo:
    """csv.writer's file: hands each written row back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def statement_csv_chunks(statement: WalletStatement) -> Iterator[str]:
    """The file's text, a row at a time, oldest line first (StreamingHttpResponse encodes UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in _summary(statement):
        yield writer.writerow([csv_text(value) for value in row])
    yield writer.writerow(())
    yield writer.writerow(LINE_HEADER)
    for line in statement_lines_all(statement):
        yield writer.writerow([csv_text(value) for value in _row(line)])


def _cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = AMOUNT_FORMAT
    elif hasattr(value, "hour"):
        cell.number_format = DATETIME_FORMAT
    elif hasattr(value, "isoformat"):
        cell.number_format = DATE_FORMAT
    return cell


def statement_xlsx_file(statement: WalletStatement):
    """A temporary file holding the workbook, at its start: sheet "Giao dịch" (the lines, header
    frozen) and sheet "Tổng hợp" (opening, totals, closing). Write-only mode keeps one row in
    memory at a time."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    lines = book.create_sheet(_("Giao dịch"))
    lines.freeze_panes = "A2"
    for index, width in enumerate(LINE_WIDTHS):
        lines.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header = []
    for title in LINE_HEADER:
        cell = _cell(lines, title)
        cell.font = bold
        header.append(cell)
    lines.append(header)
    for count, line in enumerate(statement_lines_all(statement)):
        if count == XLSX_MAX_LINES:
            lines.append(
                [_("Kỳ quá dài cho một tệp Excel: hãy tải theo từng kỳ ngắn hơn hoặc dùng tệp .csv.")]
            )
            break
        lines.append([_cell(lines, value) for value in _row(line)])
    summary = book.create_sheet(_("Tổng hợp"))
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 24
    for row in _summary(statement):
        summary.append([_cell(summary, value) for value in row])
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return out
