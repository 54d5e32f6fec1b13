"""Files for people outside the API: a business's statement as .xlsx or .csv (Excel opens the
CSV with its diacritics because of the byte-order mark), and a payout run's bank transfer file.
Amounts are whole đồng; any text that could start a spreadsheet formula is prefixed with `'`."""

import csv
import io

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from payments.settlement.models import Payout, PayoutBatch
from payments.settlement.statements import Statement

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AMOUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"


def _safe(value):
    """Text (a business name a seller typed, a bank account holder) never becomes a formula."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _summary(statement: Statement) -> list[tuple[str, object]]:
    """The header block: opening, each named movement (signed as it acts on the balance) and the
    closing balance, which they add up to; then figures for information only."""
    business = statement.business
    rows = [
        (_("Người bán"), _safe(business.name)),
        (_("Mã số thuế"), _safe(business.tax_code)),
        (_("Từ ngày"), statement.date_from),
        (_("Đến ngày"), statement.date_to),
        (_("Số dư đầu kỳ (đ)"), statement.opening),
        (_("(+) Tiền hàng và phí giao của các đơn đối soát trong kỳ (đ)"), statement.gross),
        (_("(−) Hoa hồng (đ)"), statement.commission),
        (_("(−) Thuế khấu trừ GTGT + TNCN (đ)"), statement.withheld),
        (_("(−) Tiền mặt người bán đã tự thu của đơn COD (đ)"), statement.cod_cash_kept),
        (_("(−) Hoàn tiền trừ vào số dư (đ)"), statement.refunds_from_payable),
        (_("(−) Chi trả về tài khoản ngân hàng (đ)"), statement.payouts),
        (_("(+) Chi trả không thành công, trả lại số dư (đ)"), statement.payouts_returned),
    ]
    if statement.other_credits or statement.other_debits:
        rows += [
            (_("(+) Điều chỉnh khác ghi có (đ)"), statement.other_credits),
            (_("(−) Điều chỉnh khác ghi nợ (đ)"), statement.other_debits),
        ]
    return rows + [
        (_("Số dư cuối kỳ (đ)"), statement.closing),
        (),
        (_("Để tham khảo, không tính vào số dư"),),
        (
            _("Trong hoa hồng và thuế ở trên: phần của đơn COD, người bán nợ sàn, đã bù trừ (đ)"),
            statement.cod_netting,
        ),
        (
            _("Hoàn cho người mua trước khi đối soát — không tính vào số dư (đ)"),
            statement.refunds_before_release,
        ),
    ]


LINE_HEADER = ("Thời điểm", "Nghiệp vụ", "Mã đơn", "Diễn giải", "Ghi có (đ)", "Ghi nợ (đ)", "Số dư (đ)")
ORDER_HEADER = (
    "Mã đơn",
    "Đối soát lúc",
    "Tiền hàng (đ)",
    "Phí giao (đ)",
    "Hoa hồng (đ)",
    "Thuế GTGT khấu trừ (đ)",
    "Thuế TNCN khấu trừ (đ)",
    "Người bán nhận (đ)",
)


def _local(moment):
    # Excel has no time zones: the statement's times are Vietnam's wall-clock times.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _line_rows(statement: Statement) -> list[tuple]:
    return [
        (
            _local(line.at),
            line.kind_label,
            line.order_number,
            _safe(line.description),
            line.credit,
            line.debit,
            line.balance,
        )
        for line in statement.lines
    ]


def _order_rows(statement: Statement) -> list[tuple]:
    return [
        (
            s.order.number,
            _local(s.released_at),
            s.goods_base,
            s.delivery_base,
            s.commission,
            s.vat_withheld,
            s.pit_withheld,
            s.seller_net,
        )
        for s in statement.orders
    ]


def _text(value):
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def statement_csv(statement: Statement) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for block in (_summary(statement), [()], [LINE_HEADER], _line_rows(statement), [()], [ORDER_HEADER]):
        writer.writerows([_text(v) for v in row] for row in block)
    writer.writerows([_text(v) for v in row] for row in _order_rows(statement))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _formats(sheet, widths: list[int]) -> None:
    """Real dates and thousands separators in Excel, and columns wide enough to read."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, bool):
                continue
            if isinstance(cell.value, int):
                cell.number_format = AMOUNT_FORMAT
            elif hasattr(cell.value, "hour"):
                cell.number_format = DATETIME_FORMAT
            elif hasattr(cell.value, "isoformat"):
                cell.number_format = DATE_FORMAT
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def statement_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    for row in _summary(statement):
        summary.append(row)
    _formats(summary, [72, 18])
    lines = book.create_sheet("Phát sinh")
    lines.append(LINE_HEADER)
    for row in _line_rows(statement):
        lines.append(row)
    _formats(lines, [20, 24, 16, 64, 14, 14, 14])
    orders = book.create_sheet("Đơn hàng")
    orders.append(ORDER_HEADER)
    for row in _order_rows(statement):
        orders.append(row)
    _formats(orders, [16, 20, 14, 14, 14, 14, 14, 16])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def payouts_to_send(batch: PayoutBatch) -> QuerySet:
    """The batch's payouts the bank still has to be asked for: in transit, neither marked paid
    nor failed (a failed one is back in the payable and goes out again in a later run)."""
    return batch.payouts.filter(status=Payout.Status.PENDING).order_by("pk")


def payout_batch_total(batch: PayoutBatch) -> int:
    """The sum of `payouts_to_send`: what the bank file asks the bank to transfer."""
    return payouts_to_send(batch).aggregate(s=Sum("amount"))["s"] or 0


def payout_batch_csv(batch: PayoutBatch) -> bytes:
    """The bank transfer file of a run: one row per payout still to send (status pending), so
    downloading it again after some were marked paid or failed never pays anyone twice."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ("STT", "Mã ngân hàng (BIN)", "Số tài khoản", "Chủ tài khoản", "Số tiền (VND)", "Nội dung")
    )
    for index, payout in enumerate(payouts_to_send(batch), start=1):
        writer.writerow(
            (
                index,
                payout.bank_bin,
                _safe(payout.bank_account_number),
                _safe(payout.bank_account_name),
                payout.amount,
                f"CHO SO CHI TRA CT{batch.pk} {payout.pk}",
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
