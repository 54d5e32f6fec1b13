from django.conf import settings
from django.core.management.base import BaseCommand

from payments.vnpay.sandbox import SandboxServer, gateway_from_settings


class Command(BaseCommand):
    help = (
        "Chạy cổng VNPay thử nghiệm trên máy này (trang thanh toán, IPN, querydr, refund), "
        "để thanh toán thử không cần mạng. Chỉ dùng khi phát triển."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "port",
            nargs="?",
            type=int,
            default=settings.VNPAY_SANDBOX_PORT,
            help="Mặc định VNPAY_SANDBOX_PORT.",
        )
        parser.add_argument("--ipn-url", default=settings.VNPAY_IPN_URL, help="Mặc định VNPAY_IPN_URL.")

    def handle(self, *args, port: int, ipn_url: str, **options):
        server = SandboxServer(gateway_from_settings(ipn_url=ipn_url), port=port)
        self.stdout.write(
            f"Cổng VNPay thử nghiệm: {server.pay_url} (IPN gửi tới {ipn_url}). Nhấn Ctrl+C để dừng."
        )
        try:
            server.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
