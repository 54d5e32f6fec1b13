from django.core.management.base import BaseCommand

from marketplace.commands import repeat
from orders.services.lifecycle import orders_complete_delivered


class Command(BaseCommand):
    help = (
        "Hoàn tất các đơn đã giao từ ORDER_AUTO_COMPLETE_DAYS ngày trước mà người mua chưa xác nhận. "
        "Chạy mỗi giờ (cron, systemd timer) hoặc chạy liên tục với --interval."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0, help="Giây nghỉ giữa hai lượt; 0 chạy một lượt rồi thoát."
        )

    def handle(self, *args, interval: float, **options):
        def step():
            completed = orders_complete_delivered()
            self.stdout.write(f"Đã tự động hoàn tất {completed} đơn đã giao.")

        repeat(step, interval=interval)
