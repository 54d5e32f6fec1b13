from django.core.management.base import BaseCommand

from marketplace.commands import repeat
from search import services


class Command(BaseCommand):
    help = (
        "Áp dụng các thay đổi chờ đánh chỉ mục (outbox) liên tục. Dùng khi SEARCH_OUTBOX_INLINE=0, "
        "ví dụ với Elasticsearch và nhiều tiến trình web."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Giây nghỉ giữa hai lượt (mặc định 1)."
        )
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi thoát.")

    def handle(self, *args, interval: float, once: bool, **options):
        def step():
            applied, failed = services.outbox_process(wait=True)
            if applied or failed:
                self.stdout.write(f"Đã áp dụng {applied} thay đổi, {failed} thay đổi chờ thử lại.")

        repeat(step, interval=interval, once=once)
