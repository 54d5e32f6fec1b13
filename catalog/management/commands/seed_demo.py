from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from catalog.demo.accounts import ADMIN, DEMO_ACCOUNTS, DEMO_PASSWORD, FINANCE, OFFICER, SELLER
from catalog.demo.errors import DemoDataError
from catalog.demo.plan import BUSINESSES_PER_SCALE, PRODUCTS_PER_SCALE
from catalog.demo.seeding import DEFAULT_SEED, catalogue_is_empty, demo_data_seed


def _n(number: int) -> str:
    """Vietnamese thousands separator: 2.447."""
    return f"{number:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        f"Tạo dữ liệu mẫu: {_n(BUSINESSES_PER_SCALE)} người bán, {_n(PRODUCTS_PER_SCALE)} sản phẩm "
        "(nhân với --scale) và bốn tài khoản dùng thử. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Nhân số người bán và sản phẩm (1–1000).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Cùng hạt giống → cùng dữ liệu.")
        parser.add_argument("--reset", action="store_true", help="Xoá dữ liệu mẫu cũ rồi tạo lại.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Chỉ tạo khi cơ sở dữ liệu chưa có sản phẩm nào.",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Cho phép chạy khi DEBUG tắt (tài khoản mẫu có mật khẩu công khai).",
        )
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="Địa chỉ in ra ở hướng dẫn.")

    def handle(self, *args, **options):
        if options["reset"] and options["if_empty"]:
            raise CommandError("Không dùng --reset cùng với --if-empty.")
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG đang tắt, có thể đây là máy chủ thật. Dữ liệu mẫu tạo tài khoản quản trị "
                "với mật khẩu công khai. Nếu chắc chắn đây là máy thử nghiệm, thêm "
                "--allow-without-debug."
            )
        if options["if_empty"] and not catalogue_is_empty():
            self.stdout.write("Cơ sở dữ liệu đã có sản phẩm: bỏ qua bước tạo dữ liệu mẫu.")
            return
        try:
            result = demo_data_seed(
                scale=options["scale"],
                seed=options["seed"],
                reset=options["reset"],
                progress=options["verbosity"] >= 1,
            )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write(
                self.style.WARNING("Dữ liệu mẫu đã có sẵn: không tạo thêm. Dùng --reset để xoá và tạo lại.")
            )
            self._print_accounts(options["site_url"])
            return
        if options["reset"]:
            self.stdout.write(f"Đã xoá dữ liệu mẫu cũ ({_n(result.deleted_products)} sản phẩm).")
        counts = (
            f"{_n(result.businesses)} người bán, {_n(result.products)} sản phẩm, "
            f"{_n(result.variants)} phân loại, {_n(result.certificates)} chứng nhận OCOP, "
            f"{_n(result.users)} tài khoản, {result.pictures} ảnh minh hoạ"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu trong {result.seconds:.1f} giây: {counts} "
                f"(hạt giống {options['seed']}, quy mô {options['scale']})."
            )
        )
        # The seeder writes rows in bulk, past the services' outbox: rebuild the index once.
        call_command("search_reindex", verbosity=options["verbosity"])
        self._print_accounts(options["site_url"], showcase=result.showcase_name)

    def _print_accounts(self, site_url: str, *, showcase: str = "") -> None:
        site_url = site_url.rstrip("/")
        out = self.stdout.write
        out("")
        out(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            out(f"  {account.phone}  {account.purpose}")
        out("")
        out("Tiếp theo:")
        out("  1. Chạy máy chủ: python manage.py serve_demo (hoặc python manage.py runserver).")
        out(f"  2. Mở {site_url}/graphql/ và thử:")
        out("       { products(first: 5) { totalCount edges { node { name priceMin ocopStars } } } }")
        out("  3. Đăng nhập để lấy token, rồi gửi kèm tiêu đề Authorization: Bearer <token>:")
        out(
            f'       mutation {{ tokenCreate(identifier: "{SELLER.phone}", '
            f'password: "{DEMO_PASSWORD}") {{ token errors {{ field code message }} }} }}'
        )
        out(
            f"  4. Trang quản trị: {site_url}/admin/ (đăng nhập {ADMIN.phone}, cán bộ {OFFICER.phone} "
            f"hoặc kế toán {FINANCE.phone})."
        )
        if showcase:
            out(f"  Người bán mẫu {SELLER.phone} là chủ «{showcase}», đã có sản phẩm được duyệt.")
