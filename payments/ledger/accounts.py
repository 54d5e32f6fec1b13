"""The ledger's accounts: the platform's, created by migration with their flags, and one
payable per business, made on first use; one per wallet (`payments/wallets/core.py`)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from payments.ledger.models import LedgerAccount


@dataclass(frozen=True)
class AccountSpec:
    code: str
    name: str
    # Credit-normal (the platform holds or owes this money) and never overdrawn.
    never_negative: bool = False
    # Debit-normal (money owed to the platform, e.g. by a gateway) and never positive.
    never_positive: bool = False


VNPAY_CLEARING = "vnpay_clearing"
BANK_CLEARING = "bank_clearing"
COD_CLEARING = "cod_clearing"
ESCROW = "escrow"
COMMISSION_REVENUE = "commission_revenue"
TAX_WITHHELD = "tax_withheld"
PAYOUTS_IN_TRANSIT = "payouts_in_transit"
MOMO_CLEARING = "momo_clearing"

PLATFORM_ACCOUNTS = [
    # What VNPay collected for us and has not yet been refunded: only refunds of money that came
    # in through it may go back out through it.
    AccountSpec(VNPAY_CLEARING, _("Tiền thu qua VNPay"), never_positive=True),
    # The same for the MoMo-style e-wallet gateway.
    AccountSpec(MOMO_CLEARING, _("Tiền thu qua ví MoMo"), never_positive=True),
    # The platform's collection bank account: transfers in, payouts out. May go either way:
    # VNPay settles its takings into this account outside the ledger's view.
    AccountSpec(BANK_CLEARING, _("Tài khoản ngân hàng thu hộ")),
    # Cash sellers collected on delivery, moving through in one entry.
    AccountSpec(COD_CLEARING, _("Tiền mặt thu khi giao")),
    AccountSpec(ESCROW, _("Tiền người mua tạm giữ"), never_negative=True),
    AccountSpec(COMMISSION_REVENUE, _("Doanh thu hoa hồng"), never_negative=True),
    AccountSpec(TAX_WITHHELD, _("Thuế khấu trừ phải nộp"), never_negative=True),
    AccountSpec(PAYOUTS_IN_TRANSIT, _("Tiền đang chuyển cho người bán"), never_negative=True),
]

# Where each payment method's money comes in (and its refunds go back out).
# A wallet payment comes from (and is refunded to) the buyer's own wallet account instead.
CLEARING_FOR_METHOD = {
    "vnpay": VNPAY_CLEARING,
    "bank_transfer": BANK_CLEARING,
    "cod": COD_CLEARING,
    "momo": MOMO_CLEARING,
}


_PLATFORM_BY_CODE = {spec.code: spec for spec in PLATFORM_ACCOUNTS}


def _create_once(code: str, **fields) -> LedgerAccount:
    try:
        with transaction.atomic():
            return LedgerAccount.objects.create(code=code, **fields)
    except IntegrityError:  # made by a concurrent first use
        return LedgerAccount.objects.get(code=code)


def accounts_ensure(codes) -> None:
    """Creates the named platform and business accounts that do not exist yet. Migration 0002
    creates the platform's; this re-creates them after a test flushes the tables."""
    codes = set(codes)
    existing = set(LedgerAccount.objects.filter(code__in=codes).values_list("code", flat=True))
    # In one order everywhere: two entries making the same missing accounts at once would
    # otherwise each wait on the other's uncommitted row (a deadlock).
    for code in sorted(codes - existing):
        if code in _PLATFORM_BY_CODE:
            spec = _PLATFORM_BY_CODE[code]
            _create_once(
                code,
                name=str(spec.name),
                kind=LedgerAccount.Kind.PLATFORM,
                debits_must_not_exceed_credits=spec.never_negative,
                credits_must_not_exceed_debits=spec.never_positive,
            )
        elif code.startswith("business:"):
            business_account(int(code.removeprefix("business:")))


def business_account_code(business_id: int) -> str:
    return f"business:{business_id}"


def business_account(business_id: int) -> LedgerAccount:
    """The business's payable, made on first use. It may go negative: commission and tax owed on
    cash-on-delivery sales are a debt netted against the next payouts."""
    code = business_account_code(business_id)
    account = LedgerAccount.objects.filter(code=code).first()
    if account is not None:
        return account
    return _create_once(
        code,
        name=str(_("Phải trả người bán #%(id)d") % {"id": business_id}),
        kind=LedgerAccount.Kind.BUSINESS,
        business_id=business_id,
    )
