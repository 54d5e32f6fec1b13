from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payments.vnpay.sandbox_server import SandboxServer, gateway_from_settings, sandbox_address


class Command(BaseCommand):
    help = (
        "Chạy cổng VNPay thử nghiệm trên máy này (trang thanh toán, IPN, querydr, refund) để thanh "
        "toán thử không cần mạng; VNPAY_PAY_URL và VNPAY_API_URL mặc định trỏ vào nó. Chỉ dùng khi phát triển."
    )

    def add_arguments(self, parser):
        parser.add_argument("port", nargs="?", type=int, help="Mặc định: cổng trong VNPAY_PAY_URL (8001).")
        parser.add_argument("--ipn-url", default=None, help="Nơi gửi IPN; mặc định VNPAY_IPN_URL.")
        parser.add_argument(
            "--if-configured",
            action="store_true",
            help="Chỉ chạy khi VNPAY_PAY_URL trỏ vào cổng thử nghiệm trên máy này (serve_demo dùng).",
        )

    def handle(self, *args, port=None, ipn_url=None, if_configured=False, **options):
        local = sandbox_address()
        if if_configured and local is None:
            self.stdout.write(
                "VNPAY_PAY_URL không trỏ vào cổng thử nghiệm trên máy này: không chạy cổng thử nghiệm."
            )
            return
        port = port or (local[1] if local else settings.VNPAY_SANDBOX_PORT)
        ipn_url = ipn_url or settings.VNPAY_IPN_URL
        try:
            server = SandboxServer(
                gateway_from_settings(ipn_url=ipn_url), host=settings.VNPAY_SANDBOX_HOST, port=port
            )
        except OSError as error:
            raise CommandError(
                f"Không mở được cổng {port} cho VNPay thử nghiệm ({error.strerror})."
            ) from error
        self.stdout.write(
            f"Cổng VNPay thử nghiệm: {server.pay_url} (IPN gửi tới {ipn_url}). Nhấn Ctrl+C để dừng."
        )
        try:
            server.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
