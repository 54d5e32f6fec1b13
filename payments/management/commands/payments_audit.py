import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from payments.ledger.audit import AuditReport, ledger_audit

COLUMN_NAMES = {
    "debits_posted": "tổng ghi nợ",
    "credits_posted": "tổng ghi có",
    "debits_pending": "ghi nợ đang giữ",
    "credits_pending": "ghi có đang giữ",
}


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese groups thousands with dots


def _vnd(amount: int) -> str:
    return f"{_count(amount)} ₫"


class Command(BaseCommand):
    help = (
        "Kiểm toán sổ cái: tính lại số dư mọi tài khoản từ các chuyển khoản và báo mọi chênh lệch. "
        "Thoát với mã 1 khi có sai lệch (dùng được trong cron và CI)."
    )

    def handle(self, *args, **options):
        bar = None

        def start_bar(total: int) -> None:
            nonlocal bar
            bar = tqdm(total=total, desc="Đối chiếu", unit=" tài khoản", disable=options["verbosity"] < 1)

        report = ledger_audit(on_total=start_bar, progress=lambda n: bar.update(n))
        bar.close()
        for line in report_lines(report):
            self.stdout.write(line)
        if report.ok:
            self.stdout.write(self.style.SUCCESS("Sổ cái khớp: không có sai lệch."))
            return
        self.stderr.write(self.style.ERROR("Sổ cái có sai lệch: xem các dòng trên."))
        sys.exit(1)


def report_lines(report: AuditReport) -> list[str]:
    lines = [
        f"Đã kiểm {_count(report.accounts)} tài khoản, {_count(report.entries)} bút toán, "
        f"{_count(report.transfers)} chuyển khoản."
    ]
    if report.posted_sum or report.pending_sum:
        lines.append(
            f"Tổng số dư mọi tài khoản khác 0: đã ghi sổ {_vnd(report.posted_sum)}, "
            f"đang giữ {_vnd(report.pending_sum)}."
        )
    for d in report.differences:
        lines.append(
            f"Tài khoản {d.code}: {COLUMN_NAMES[d.column]} ghi {_vnd(d.recorded)}, "
            f"tính lại từ chuyển khoản {_vnd(d.recomputed)} (chênh {_vnd(d.recorded - d.recomputed)})."
        )
    for code in report.broken_flags:
        lines.append(f"Tài khoản {code}: số dư vượt giới hạn cờ của tài khoản.")
    for pk in report.resolved_twice:
        lines.append(f"Khoản tạm giữ #{pk} được ghi sổ hoặc huỷ hơn một lần.")
    for pk in report.bad_resolutions:
        lines.append(f"Chuyển khoản #{pk} giải quyết khoản tạm giữ sai tài khoản hoặc sai số tiền.")
    for key in report.repeated_keys:
        lines.append(f"Khoá chống lặp {key} được ghi hơn một lần.")
    for key in report.empty_entries:
        lines.append(f"Bút toán {key} không có chuyển khoản nào.")
    return lines
