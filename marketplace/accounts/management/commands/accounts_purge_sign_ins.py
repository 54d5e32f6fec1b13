from django.core.management.base import BaseCommand

from marketplace.accounts.services import sign_in_records_purge


class Command(BaseCommand):
    help = "Deletes expired sign-in failure counts and refresh tokens. Run it daily (cron, systemd timer)."

    def handle(self, *args, **options):
        deleted = sign_in_records_purge()
        self.stdout.write(f"Đã xoá {deleted} bản ghi đăng nhập hết hạn.")
