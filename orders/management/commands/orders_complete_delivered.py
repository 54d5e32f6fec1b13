import time

from django.core.management.base import BaseCommand

from orders.services.lifecycle import orders_complete_delivered


class Command(BaseCommand):
    help = (
        "Completes orders delivered ORDER_AUTO_COMPLETE_DAYS ago that the buyer did not complete. "
        "Run it hourly (cron, systemd timer) or keep it running with --interval."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0, help="Seconds between runs; 0 runs once.")

    def handle(self, *args, interval: float, **options):
        while True:
            completed = orders_complete_delivered()
            self.stdout.write(f"Đã tự động hoàn tất {completed} đơn đã giao.")
            if not interval:
                return
            time.sleep(interval)
