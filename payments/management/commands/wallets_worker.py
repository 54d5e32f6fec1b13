from django.core.management.base import BaseCommand

from marketplace.commands import repeat
from payments.wallets.holds import wallet_holds_post


class Command(BaseCommand):
    help = (
        "Chuyển đi các lệnh chuyển tiền ví đã hết thời gian tạm giữ (trừ ví đang bị đóng băng). "
        "Chạy liên tục bên cạnh web, hoặc theo lịch với --once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Giây nghỉ giữa hai lượt (mặc định 30)."
        )
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi thoát.")

    def handle(self, *args, interval: float, once: bool, **options):
        def step():
            posted = wallet_holds_post()
            if posted:
                self.stdout.write(f"Đã chuyển {posted} lệnh hết thời gian tạm giữ.")

        repeat(step, interval=interval, once=once)
