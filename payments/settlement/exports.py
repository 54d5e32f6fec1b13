"""Files for people outside the API: a business's statement as .xlsx or .csv (Excel opens the
CSV with its diacritics because of the byte-order mark), and a payout run's bank transfer file."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from payments.settlement.models import PayoutBatch
from payments.settlement.statements import Statement


def _safe(value):
    """Text a seller typed (a business name) never becomes a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _summary(statement: Statement) -> list[tuple[str, object]]:
    business = statement.business
    return [
        (_("Người bán"), _safe(business.name)),
        (_("Mã số thuế"), business.tax_code),
        (_("Từ ngày"), statement.date_from.isoformat()),
        (_("Đến ngày"), statement.date_to.isoformat()),
        (_("Số dư đầu kỳ"), statement.opening),
        (_("Tiền hàng của các đơn"), statement.gross),
        (_("Hoa hồng"), statement.commission),
        (_("Thuế khấu trừ (GTGT + TNCN)"), statement.withheld),
        (_("Đã hoàn cho người mua"), statement.refunds),
        (_("Bù trừ đơn thu tiền khi giao"), statement.cod_netting),
        (_("Đã chi trả"), statement.payouts),
        (_("Số dư cuối kỳ"), statement.closing),
    ]


LINE_HEADER = ("Thời điểm", "Nghiệp vụ", "Mã đơn", "Diễn giải", "Ghi có (VND)", "Ghi nợ (VND)", "Số dư (VND)")
ORDER_HEADER = (
    "Mã đơn",
    "Giải ngân lúc",
    "Tiền hàng",
    "Phí giao",
    "Hoa hồng",
    "Thuế GTGT khấu trừ",
    "Thuế TNCN khấu trừ",
    "Người bán nhận",
)


def _line_rows(statement: Statement) -> list[tuple]:
    local = timezone.localtime
    return [
        (
            local(line.at).strftime("%Y-%m-%d %H:%M:%S"),
            line.kind,
            line.order_number,
            line.description,
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
            timezone.localtime(s.released_at).strftime("%Y-%m-%d %H:%M:%S"),
            s.goods_base,
            s.delivery_base,
            s.commission,
            s.vat_withheld,
            s.pit_withheld,
            s.seller_net,
        )
        for s in statement.orders
    ]


def statement_csv(statement: Statement) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_summary(statement))
    writer.writerow(())
    writer.writerow(LINE_HEADER)
    writer.writerows(_line_rows(statement))
    writer.writerow(())
    writer.writerow(ORDER_HEADER)
    writer.writerows(_order_rows(statement))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def statement_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    for row in _summary(statement):
        summary.append(row)
    lines = book.create_sheet("Phát sinh")
    lines.append(LINE_HEADER)
    for row in _line_rows(statement):
        lines.append(row)
    orders = book.create_sheet("Đơn hàng")
    orders.append(ORDER_HEADER)
    for row in _order_rows(statement):
        orders.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def payout_batch_csv(batch: PayoutBatch) -> bytes:
    """The bank transfer file of a run: one row per payout still in transit or done."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ("STT", "Mã ngân hàng (BIN)", "Số tài khoản", "Chủ tài khoản", "Số tiền (VND)", "Nội dung")
    )
    for index, payout in enumerate(batch.payouts.order_by("pk"), start=1):
        writer.writerow(
            (
                index,
                payout.bank_bin,
                payout.bank_account_number,
                _safe(payout.bank_account_name),
                payout.amount,
                f"CHO SO CHI TRA CT{batch.pk} {payout.pk}",
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
