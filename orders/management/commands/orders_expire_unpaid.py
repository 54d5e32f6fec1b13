import time

from django.core.management.base import BaseCommand

from orders.services.payment import payment_groups_expire


class Command(BaseCommand):
    help = (
        "Cancels orders whose payment did not arrive in ORDER_PAYMENT_TIMEOUT_MINUTES and returns "
        "their stock. Run it every minute (cron, systemd timer) or keep it running with --interval."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0, help="Seconds between runs; 0 runs once.")

    def handle(self, *args, interval: float, **options):
        while True:
            expired = payment_groups_expire()
            self.stdout.write(f"Đã huỷ {expired} lần thanh toán quá hạn và trả lại hàng vào kho.")
            if not interval:
                return
            time.sleep(interval)
