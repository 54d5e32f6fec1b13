from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payments.momo.sandbox_server import MomoSandboxServer, gateway_from_settings, sandbox_address


class Command(BaseCommand):
    help = (
        "Chạy cổng ví MoMo thử nghiệm trên máy này (tạo giao dịch, trang thanh toán, IPN, tra cứu, "
        "hoàn tiền) để thanh toán thử không cần mạng; MOMO_ENDPOINT mặc định trỏ vào nó. "
        "Chỉ dùng khi phát triển."
    )

    def add_arguments(self, parser):
        parser.add_argument("port", nargs="?", type=int, help="Mặc định: cổng trong MOMO_ENDPOINT (8002).")
        parser.add_argument(
            "--if-configured",
            action="store_true",
            help="Chỉ chạy khi MOMO_ENDPOINT trỏ vào cổng thử nghiệm trên máy này (serve_demo dùng).",
        )

    def handle(self, *args, port=None, if_configured=False, **options):
        local = sandbox_address()
        if if_configured and (local is None or not settings.MOMO_SECRET_KEY):
            self.stdout.write(
                "MOMO_ENDPOINT không trỏ vào cổng thử nghiệm trên máy này: không chạy cổng MoMo thử nghiệm."
            )
            return
        port = port or (local[1] if local else settings.MOMO_SANDBOX_PORT)
        try:
            server = MomoSandboxServer(gateway_from_settings(), host=settings.MOMO_SANDBOX_HOST, port=port)
        except OSError as error:
            raise CommandError(
                f"Không mở được cổng {port} cho MoMo thử nghiệm ({error.strerror})."
            ) from error
        # The IPN goes where each create request's ipnUrl says (MOMO_IPN_URL), as at MoMo.
        self.stdout.write(
            f"Cổng ví MoMo thử nghiệm: {server.url} (IPN gửi tới ipnUrl của từng giao dịch). Nhấn Ctrl+C để dừng."
        )
        try:
            server.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
