from django.core.management.base import BaseCommand

from marketplace.commands import repeat
from orders.services.payment import payment_groups_expire


class Command(BaseCommand):
    help = (
        "Huỷ các đơn chưa được thanh toán sau ORDER_PAYMENT_TIMEOUT_MINUTES và trả hàng vào kho. "
        "Chạy mỗi phút (cron, systemd timer) hoặc chạy liên tục với --interval."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0, help="Giây nghỉ giữa hai lượt; 0 chạy một lượt rồi thoát."
        )

    def handle(self, *args, interval: float, **options):
        def step():
            expired = payment_groups_expire()
            self.stdout.write(f"Đã huỷ {expired} lần thanh toán quá hạn và trả lại hàng vào kho.")

        repeat(step, interval=interval)
