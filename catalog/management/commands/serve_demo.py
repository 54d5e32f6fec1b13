import os
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEFAULT_ADDRPORT = "127.0.0.1:8000"


def _site_url(addrport: str) -> str:
    host, _, port = addrport.rpartition(":")
    if not host:
        host = "127.0.0.1"
    if host in ("0.0.0.0", "[::]", "0"):
        host = "127.0.0.1"
    return f"http://{host}:{port or '8000'}"


class Command(BaseCommand):
    help = "Chạy thử Chợ Số: cập nhật cơ sở dữ liệu, tạo dữ liệu mẫu nếu còn trống, rồi chạy máy chủ."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRPORT, help="Mặc định 127.0.0.1:8000.")
        parser.add_argument("--scale", type=int, default=1, help="Quy mô dữ liệu mẫu (xem seed_demo).")
        parser.add_argument("--noreload", action="store_true", help="Không tự khởi động lại khi sửa mã.")
        parser.add_argument(
            "--no-vnpay-sandbox",
            action="store_true",
            help="Không chạy cổng VNPay thử nghiệm (mặc định chạy cùng, khi VNPAY_PAY_URL trỏ vào nó).",
        )
        parser.add_argument(
            "--no-momo-sandbox",
            action="store_true",
            help="Không chạy cổng ví MoMo thử nghiệm (mặc định chạy cùng, khi MOMO_ENDPOINT trỏ vào nó).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "serve_demo dùng để chạy thử trên máy cá nhân và cần DEBUG bật (mặc định). "
                "Máy chủ thật: chạy gunicorn/uvicorn sau `migrate`, không dùng dữ liệu mẫu."
            )
        addrport = options["addrport"]
        site_url = _site_url(addrport)
        # The autoreloader runs this command again in a child process (RUN_MAIN=true): the
        # database is ready by then, so only the server starts there.
        if os.environ.get("RUN_MAIN") != "true":
            self.stdout.write(
                self.style.MIGRATE_HEADING("Bước 1/4: cập nhật cấu trúc cơ sở dữ liệu (migrate)…")
            )
            call_command("migrate", interactive=False, verbosity=max(0, options["verbosity"] - 1))
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    "Bước 2/4: tạo dữ liệu mẫu nếu cơ sở dữ liệu chưa có sản phẩm nào…"
                )
            )
            call_command(
                "seed_demo",
                if_empty=True,
                scale=options["scale"],
                site_url=site_url,
                verbosity=options["verbosity"],
            )
            self.stdout.write(self.style.MIGRATE_HEADING("Bước 3/4: dựng chỉ mục tìm kiếm nếu cần…"))
            call_command("search_reindex", if_stale=True, verbosity=options["verbosity"])
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    f"Bước 4/4: chạy máy chủ thử nghiệm tại {site_url}/ "
                    f"(GraphQL: {site_url}/graphql/). Nhấn Ctrl+C để dừng."
                )
            )
            if not options["no_vnpay_sandbox"]:
                self._start_vnpay_sandbox(site_url)
            if not options["no_momo_sandbox"]:
                self._start_momo_sandbox(site_url)
        call_command("runserver", addrport, use_reloader=not options["noreload"])

    def _start_vnpay_sandbox(self, site_url: str) -> None:
        """The local VNPay gateway, in this process: with the autoreloader this is the process
        that outlives code reloads, so the sandbox keeps its payments while the site restarts.
        Its callbacks go to this site's address unless VNPAY_IPN_URL/VNPAY_RETURN_URL say
        otherwise; the environment carries them to the reloaded server process."""
        for name, path in (
            ("VNPAY_IPN_URL", "/payments/vnpay/ipn/"),
            ("VNPAY_RETURN_URL", "/payments/vnpay/return/"),
        ):
            setattr(settings, name, os.environ.setdefault(name, site_url + path))
        threading.Thread(
            target=call_command,
            args=("vnpay_sandbox",),
            kwargs={"if_configured": True, "ipn_url": settings.VNPAY_IPN_URL},
            name="vnpay-sandbox",
            daemon=True,
        ).start()

    def _start_momo_sandbox(self, site_url: str) -> None:
        """The local MoMo gateway, in this process for the same reason as VNPay's. It sends each
        IPN to the ipnUrl of the payment's create request, so only the site's settings (carried
        to the reloaded server process by the environment) need this site's address."""
        for name, path in (
            ("MOMO_IPN_URL", "/payments/momo/ipn/"),
            ("MOMO_REDIRECT_URL", "/payments/momo/return/"),
        ):
            setattr(settings, name, os.environ.setdefault(name, site_url + path))
        threading.Thread(
            target=call_command,
            args=("momo_sandbox",),
            kwargs={"if_configured": True},
            name="momo-sandbox",
            daemon=True,
        ).start()
