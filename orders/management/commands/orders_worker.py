from django.core.management.base import BaseCommand

from marketplace.commands import repeat
from orders.services.outbox import outbox_process


class Command(BaseCommand):
    help = (
        "Gửi đi các việc chờ của đơn hàng (bắt đầu thanh toán, hoàn tiền, thông báo) và thử lại "
        "việc lỗi. Chạy liên tục bên cạnh web; bắt buộc khi ORDER_OUTBOX_INLINE=0."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Giây nghỉ giữa hai lượt (mặc định 5)."
        )
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi thoát.")

    def handle(self, *args, interval: float, once: bool, **options):
        def step():
            applied, failed = outbox_process()
            if applied or failed:
                self.stdout.write(f"Đã gửi {applied} việc, {failed} việc lỗi chờ thử lại.")

        repeat(step, interval=interval, once=once)
