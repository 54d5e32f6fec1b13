from django.conf import settings
from django.core.management.base import BaseCommand

from marketplace.commands import repeat
from payments.vnpay.reconcile import vnpay_reconcile


class Command(BaseCommand):
    help = (
        "Đối soát VNPay: tra cứu (querydr) các giao dịch còn chờ sau VNPAY_RECONCILE_AFTER_MINUTES phút "
        "và ghi nhận kết quả; tiền đến cho lần thanh toán đã hết hạn hoặc đã huỷ được hoàn lại. "
        "Chạy vài phút một lần (cron, systemd timer) hoặc liên tục với --interval."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0, help="Giây nghỉ giữa hai lượt; 0 chạy một lượt rồi thoát."
        )
        parser.add_argument("--limit", type=int, default=500, help="Số giao dịch tối đa mỗi lượt.")

    def handle(self, *args, interval: float, limit: int, **options):
        def progress(done, total, report):
            if done == total or done % 20 == 0:
                self.stdout.write(f"  đã tra cứu {done}/{total} giao dịch…")

        def step():
            self.stdout.write(
                f"Đối soát VNPay: giao dịch còn chờ quá {settings.VNPAY_RECONCILE_AFTER_MINUTES} phút…"
            )
            report = vnpay_reconcile(limit=limit, progress=progress)
            self.stdout.write(
                f"Đã tra cứu {report.checked}: {report.paid} đã thanh toán, {report.late} tiền đến muộn "
                f"(hoàn lại), {report.failed} không thành công, {report.pending} vẫn chờ, "
                f"{report.errors} lỗi (thử lại lượt sau)."
            )
            if report.refunds_dispatched:
                self.stdout.write(
                    f"Đã gửi {report.refunds_dispatched} lệnh hoàn tiền VNPay chưa từng được gửi "
                    "(tiến trình trước dừng sau khi ghi nhận)."
                )
            if report.refunds_unanswered:
                self.stdout.write(
                    self.style.WARNING(
                        f"{len(report.refunds_unanswered)} lệnh hoàn tiền VNPay chưa có kết quả "
                        f"({', '.join(report.refunds_unanswered)}): kiểm tra trên cổng quản trị VNPay, "
                        "hệ thống không tự gửi lại."
                    )
                )

        repeat(step, interval=interval)
