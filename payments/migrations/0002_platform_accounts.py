from django.db import migrations

# The platform's accounts and their flags, as data (copied here: migrations must not change
# when the code's list does; a later list adds accounts through a new migration).
PLATFORM_ACCOUNTS = [
    ("vnpay_clearing", "Tiền thu qua VNPay", False, True),
    ("bank_clearing", "Tài khoản ngân hàng thu hộ", False, False),
    ("cod_clearing", "Tiền mặt thu khi giao", False, False),
    ("escrow", "Tiền người mua tạm giữ", True, False),
    ("commission_revenue", "Doanh thu hoa hồng", True, False),
    ("tax_withheld", "Thuế khấu trừ phải nộp", True, False),
    ("payouts_in_transit", "Tiền đang chuyển cho người bán", True, False),
]


def create(apps, schema_editor):
    LedgerAccount = apps.get_model("payments", "LedgerAccount")
    for code, name, never_negative, never_positive in PLATFORM_ACCOUNTS:
        LedgerAccount.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "platform",
                "debits_must_not_exceed_credits": never_negative,
                "credits_must_not_exceed_debits": never_positive,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_ledger_and_attempts")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
