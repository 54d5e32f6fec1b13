"""The fixed demo accounts and how demo rows are recognised."""

from dataclasses import dataclass

from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone

DEMO_PASSWORD = "cho-so-demo"
# Every demo user and seller has an address here (RFC 2606: `.example` reaches no mailbox);
# that is how `seed_demo --reset` finds exactly what the seeder made.
DEMO_EMAIL_DOMAIN = "demo.cho-so.example"


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class DemoAccount:
    phone: str  # as people type it
    role: str
    full_name: str
    email_local: str
    purpose: str  # Vietnamese, printed for the person trying the demo
    is_staff: bool = False
    is_superuser: bool = False

    @property
    def e164(self) -> str:
        return normalize_phone(self.phone)


ADMIN, OFFICER, SELLER, BUYER, FINANCE = DEMO_ACCOUNTS = (
    DemoAccount(
        "0900000000",
        User.Role.PLATFORM_ADMIN,
        "Quản trị Chợ Số",
        "quantri",
        "quản trị nền tảng, vào trang /admin/",
        is_staff=True,
        is_superuser=True,
    ),
    DemoAccount(
        "0900000001",
        User.Role.TRADE_OFFICER,
        "Cán bộ Sở Công Thương Tuyên Quang",
        "canbo",
        "cán bộ Sở Công Thương: duyệt người bán, sản phẩm; xem báo cáo; vào trang /admin/",
        is_staff=True,
    ),
    # Named after the showcase cooperative's representative when seeded.
    DemoAccount(
        "0900000002",
        User.Role.BUYER,
        "",
        "nguoiban",
        "người bán: chủ Hợp tác xã Chè Shan tuyết Na Hang",
    ),
    DemoAccount("0900000003", User.Role.BUYER, "Nguyễn Minh Anh", "nguoimua", "người mua"),
    DemoAccount(
        "0900000004",
        User.Role.FINANCE,
        "Kế toán Chợ Số",
        "ketoan",
        "kế toán nền tảng: hoàn tiền, chi trả người bán, nhập sao kê ngân hàng (GraphQL); xem sổ ở /admin/",
        is_staff=True,
    ),
)
