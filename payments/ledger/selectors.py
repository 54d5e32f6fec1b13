"""Reading the ledger: the platform's books are for finance operators and trade officers only."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from marketplace.auth import require_user
from marketplace.businesses.permissions import require_member
from marketplace.errors import PermissionDenied
from payments.ledger.accounts import business_account_code
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.permissions import may_read_money


def require_money_reader(user) -> None:
    require_user(user)
    if not may_read_money(user):
        raise PermissionDenied(_("Chỉ kế toán nền tảng và cán bộ Sở Công Thương được xem sổ cái."))


def ledger_account_list(
    *, user, kind: str | None = None, search: str | None = None
) -> QuerySet[LedgerAccount]:
    """Platform accounts first (by id), then businesses and wallets in the order they appeared."""
    require_money_reader(user)
    qs = LedgerAccount.objects.order_by("pk")
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(code__icontains=search.strip()) | Q(name__icontains=search.strip()))
    return qs


def ledger_entry_list(
    *, user, account_code: str | None = None, order_number: str | None = None, kind: str | None = None
) -> QuerySet[JournalEntry]:
    """Newest first, each with its transfers and their two accounts (one more query per page)."""
    require_money_reader(user)
    qs = JournalEntry.objects.order_by("-pk").prefetch_related(
        Prefetch(
            "transfers",
            queryset=Transfer.objects.select_related("debit_account", "credit_account").order_by("pk"),
        )
    )
    if account_code:
        touching = Transfer.objects.filter(
            Q(debit_account__code=account_code) | Q(credit_account__code=account_code)
        )
        qs = qs.filter(pk__in=touching.values("entry_id"))
    if order_number:
        qs = qs.filter(order_number=order_number.strip().upper())
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def ledger_account_get(*, user, account_id: int) -> LedgerAccount | None:
    """None for whoever may not read the books, as for an account that does not exist."""
    if not may_read_money(user):
        return None
    return LedgerAccount.objects.filter(pk=account_id).first()


def ledger_entry_get(*, user, entry_id: int) -> JournalEntry | None:
    if not may_read_money(user):
        return None
    return JournalEntry.objects.filter(pk=entry_id).prefetch_related("transfers").first()


def business_payable(*, user, business_id: int) -> LedgerAccount | None:
    """The business's payable account (what the platform owes it; negative: what it owes the
    platform), for its members and whoever reads the books; None before its first money."""
    if not may_read_money(user):
        require_member(user, business_id)
    return LedgerAccount.objects.filter(code=business_account_code(business_id)).first()
