"""A business's statement for a period, computed from the ledger transfers of its payable:
opening balance, each movement (sales released net of commission and withholding, cash on
delivery debts, payouts), each order's split, refunds, and the closing balance. Money held in
transit for a payout is still in the balance until the payout is marked paid."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.auth import is_officer, require_user
from marketplace.businesses.models import Business
from marketplace.businesses.permissions import member_business_ids
from marketplace.errors import NotFound, PermissionDenied
from payments.ledger.accounts import business_account_code
from payments.ledger.models import LedgerAccount, Transfer
from payments.permissions import is_finance_operator
from payments.settlement.errors import StatementPeriodInvalid
from payments.settlement.models import OrderSettlement, Refund

MAX_PERIOD_DAYS = 366
POSTED = (Transfer.Phase.POSTED, Transfer.Phase.POST_PENDING)


@dataclass(frozen=True)
class StatementLine:
    at: datetime
    kind: str
    reference: str  # the entry's key: release:DH…, cod:DH…, payout:12:paid
    order_number: str
    description: str
    credit: int
    debit: int
    balance: int


@dataclass
class Statement:
    business: Business
    date_from: date
    date_to: date
    opening: int
    lines: list[StatementLine] = field(default_factory=list)
    orders: list[OrderSettlement] = field(default_factory=list)
    refunds: int = 0
    cod_netting: int = 0
    payouts: int = 0

    @property
    def credits(self) -> int:
        return sum(line.credit for line in self.lines)

    @property
    def debits(self) -> int:
        return sum(line.debit for line in self.lines)

    @property
    def closing(self) -> int:
        return self.opening + self.credits - self.debits

    @property
    def gross(self) -> int:
        return sum(s.gross for s in self.orders)

    @property
    def commission(self) -> int:
        return sum(s.commission for s in self.orders)

    @property
    def withheld(self) -> int:
        return sum(s.withheld_total for s in self.orders)

    @property
    def seller_net(self) -> int:
        return sum(s.seller_net for s in self.orders)


def _describe(kind: str, order_number: str, credit: int) -> str:
    if kind == "release":
        return _("Tiền bán đơn %(order)s (đã trừ hoa hồng và thuế khấu trừ)") % {"order": order_number}
    if kind == "cod" and credit:
        return _("Tiền bán đơn %(order)s thu khi giao (đã trừ hoa hồng và thuế)") % {"order": order_number}
    if kind == "cod":
        return _("Tiền mặt người bán đã tự thu của đơn %(order)s") % {"order": order_number}
    if kind == "payout":
        return _("Chi trả về tài khoản ngân hàng")
    return kind


def require_statement_reader(user, business_id: int) -> Business:
    """The business's members, trade officers and finance operators."""
    require_user(user)
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        raise NotFound(field="business_id")
    if not (is_officer(user) or is_finance_operator(user) or business_id in member_business_ids(user)):
        raise PermissionDenied(_("Chỉ thành viên của người bán, cán bộ và kế toán nền tảng xem được sao kê."))
    return business


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from or (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise StatementPeriodInvalid(field="to")
    zone = timezone.get_default_timezone()  # the statement's days are Vietnam's days
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)


def business_statement(*, user, business_id: int, date_from: date, date_to: date) -> Statement:
    business = require_statement_reader(user, business_id)
    start, end = _bounds(date_from, date_to)
    account = LedgerAccount.objects.filter(code=business_account_code(business_id)).first()
    statement = Statement(business=business, date_from=date_from, date_to=date_to, opening=0)
    if account is None:
        return statement
    touching = Transfer.objects.filter(Q(debit_account=account) | Q(credit_account=account), phase__in=POSTED)
    before = touching.filter(created_at__lt=start)
    credited = before.filter(credit_account=account).aggregate(s=Sum("amount"))["s"] or 0
    debited = before.filter(debit_account=account).aggregate(s=Sum("amount"))["s"] or 0
    statement.opening = balance = credited - debited
    rows = (
        touching.filter(created_at__gte=start, created_at__lt=end)
        .select_related("entry")
        .order_by("created_at", "pk")
    )
    for transfer in rows:
        credit = transfer.amount if transfer.credit_account_id == account.pk else 0
        debit = transfer.amount - credit
        balance += credit - debit
        entry = transfer.entry
        statement.lines.append(
            StatementLine(
                at=transfer.created_at,
                kind=entry.kind,
                reference=entry.key,
                order_number=entry.order_number,
                description=_describe(entry.kind, entry.order_number, credit),
                credit=credit,
                debit=debit,
                balance=balance,
            )
        )
        if entry.kind == "cod":
            statement.cod_netting += debit - credit
        elif entry.kind == "payout":
            statement.payouts += debit - credit
    statement.orders = list(
        OrderSettlement.objects.filter(business=business, released_at__gte=start, released_at__lt=end)
        .select_related("order")
        .order_by("released_at", "pk")
    )
    statement.refunds = (
        Refund.objects.filter(
            order__business=business,
            status=Refund.Status.SUCCEEDED,
            resolved_at__gte=start,
            resolved_at__lt=end,
        ).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    return statement
