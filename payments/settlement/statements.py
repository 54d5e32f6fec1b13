"""A business's statement for a period, computed from the ledger transfers of its payable.

The balance is what the seller can still be paid: posted credits less posted debits less what a
payout holds in transit (`LedgerAccount.available`). So a payout counts when the run sends it
(`payout:<id>:hold`) and a failed one comes back when it is marked failed (`:failed`, the hold
voided); marking it paid changes nothing more. Every movement of the payable falls in exactly
one named total, so `opening + gross − commission − withheld − COD cash kept − refunds from the
payable − payouts + payouts returned + other credits − other debits = closing`. Refunds of money
that never reached the payable (before the order was settled) are shown apart, for
information only."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.auth import is_officer, require_user
from marketplace.businesses.models import Business
from marketplace.businesses.permissions import member_business_ids
from marketplace.errors import NotFound, PermissionDenied
from payments.ledger.accounts import COMMISSION_REVENUE, TAX_WITHHELD, business_account_code
from payments.ledger.models import LedgerAccount, Transfer
from payments.permissions import is_finance_operator
from payments.settlement.errors import StatementPeriodInvalid
from payments.settlement.models import OrderSettlement, Refund

MAX_PERIOD_DAYS = 366
# The days a statement may cover: both ends (and the next midnight) are ordinary datetimes on
# every database; year 1 or 9999 are not.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
P = Transfer.Phase
SALE_KINDS = ("release", "cod")
KIND_LABELS = {
    "release": gettext_lazy("Giải ngân"),
    "cod": gettext_lazy("Thu tiền khi giao (COD)"),
    "payout": gettext_lazy("Chi trả"),
    "refund": gettext_lazy("Hoàn tiền"),
}


@dataclass(frozen=True)
class StatementLine:
    at: datetime
    kind: str
    reference: str  # the entry's key: release:DH…, cod:DH…, payout:12:hold
    order_number: str
    description: str
    credit: int
    debit: int
    balance: int

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, _("Khác")))


@dataclass
class Statement:
    business: Business
    date_from: date
    date_to: date
    opening: int
    lines: list[StatementLine] = field(default_factory=list)
    orders: list[OrderSettlement] = field(default_factory=list)
    # The named totals of the period's movements (they add up to closing − opening).
    gross: int = 0  # goods and delivery of the sales settled (prepaid releases and COD)
    commission: int = 0
    withheld: int = 0  # VAT + PIT withheld (Decree 117/2025)
    cod_cash_kept: int = 0  # the cash the seller took from COD buyers
    refunds_from_payable: int = 0  # refunds charged to the payable (none today: see refunds.py)
    payouts: int = 0  # sent to the bank (held in transit, then paid)
    payouts_returned: int = 0  # payouts marked failed: back in the balance
    other_credits: int = 0
    other_debits: int = 0
    # For information only, not movements of the payable.
    cod_netting: int = 0  # of `commission` + `withheld`: the COD orders' part (the seller's debt)
    refunds_before_release: int = 0  # refunded from escrow before the order was settled

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
    def movements(self) -> int:
        """The named totals' sum; equals `closing − opening`."""
        return (
            self.gross
            - self.commission
            - self.withheld
            - self.cod_cash_kept
            - self.refunds_from_payable
            - self.payouts
            + self.payouts_returned
            + self.other_credits
            - self.other_debits
        )

    @property
    def refunds(self) -> int:
        # The API's historical `refunds` figure: information, never part of the balance.
        return self.refunds_before_release

    @property
    def seller_net(self) -> int:
        return self.gross - self.commission - self.withheld


def _describe(transfer: Transfer, credit: int) -> str:
    entry = transfer.entry
    kind, number = entry.kind, entry.order_number
    if kind == "release":
        return _("Tiền bán đơn %(order)s (đã trừ hoa hồng và thuế khấu trừ)") % {"order": number}
    if kind == "cod" and credit:
        return _("Tiền bán đơn %(order)s thu khi giao (đã trừ hoa hồng và thuế)") % {"order": number}
    if kind == "cod":
        return _("Tiền mặt người bán đã tự thu của đơn %(order)s") % {"order": number}
    if kind == "payout":
        payout = entry.key.split(":")[1] if entry.key.count(":") == 2 else "?"
        if transfer.phase == P.VOID_PENDING or credit:
            return _("Chi trả số %(payout)s không thành công: tiền trả lại số dư") % {"payout": payout}
        # The hold's memo is its batch (`CT<id>`, payouts.py); later memos are operators' notes.
        batch = entry.memo if entry.memo[:2] == "CT" and entry.memo[2:].isdigit() else "?"
        return _("Chi trả số %(payout)s (đợt %(batch)s) về tài khoản ngân hàng") % {
            "payout": payout,
            "batch": batch,
        }
    if kind == "refund":
        return _("Hoàn tiền cho người mua đơn %(order)s") % {"order": number}
    return _("Điều chỉnh khác")


def require_statement_reader(user, business_id: int) -> Business:
    """The business's members, trade officers and finance operators."""
    require_user(user)
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        raise NotFound(field="business_id")
    if not (is_officer(user) or is_finance_operator(user) or business_id in member_business_ids(user)):
        raise PermissionDenied(_("Chỉ thành viên của người bán, cán bộ và kế toán nền tảng xem được sao kê."))
    return business


def period_invalid() -> StatementPeriodInvalid:
    message = _(
        "Kỳ sao kê không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc, tối đa %(days)s "
        "ngày, trong khoảng %(first)s đến %(last)s."
    ) % {
        "days": MAX_PERIOD_DAYS,
        "first": FIRST_DAY.strftime("%d/%m/%Y"),
        "last": LAST_DAY.strftime("%d/%m/%Y"),
    }
    return StatementPeriodInvalid(message, field="to")


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if not FIRST_DAY <= date_from <= date_to <= LAST_DAY or (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise period_invalid()
    zone = timezone.get_default_timezone()  # the statement's days are Vietnam's days
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)


def _effect(transfer: Transfer, account_id: int) -> int:
    """What the transfer does to the payable's available balance."""
    out = transfer.debit_account_id == account_id
    if transfer.phase == P.POSTED:
        return -transfer.amount if out else transfer.amount
    if transfer.phase == P.PENDING:
        return -transfer.amount if out else 0  # a pending credit is not available yet
    if transfer.phase == P.VOID_PENDING:
        return transfer.amount if out else 0
    # POST_PENDING: a held debit becomes posted; whatever was held beyond it comes back.
    return transfer.pending.amount - transfer.amount if out else transfer.amount


def _opening(account: LedgerAccount, start: datetime) -> int:
    """The available balance at `start`, summed in the database."""
    mine = Q(created_at__lt=start)
    posted = Q(phase__in=(P.POSTED, P.POST_PENDING))
    resolved = Q(phase__in=(P.POST_PENDING, P.VOID_PENDING))
    sums = Transfer.objects.filter(mine, Q(debit_account=account) | Q(credit_account=account)).aggregate(
        credited=Sum("amount", filter=posted & Q(credit_account=account)),
        debited=Sum("amount", filter=posted & Q(debit_account=account)),
        held=Sum("amount", filter=Q(phase=P.PENDING, debit_account=account)),
        released=Sum("pending__amount", filter=resolved & Q(debit_account=account)),
    )
    credited, debited, held, released = (sums[k] or 0 for k in ("credited", "debited", "held", "released"))
    return credited - debited - (held - released)


def _classify(statement: Statement, transfer: Transfer, effect: int, split: "_Splits") -> None:
    # In a sale entry the payable's only credit is its net from escrow and its only debit the
    # COD cash the seller kept (release.py, cod.py).
    kind = transfer.entry.kind
    if kind in SALE_KINDS and transfer.phase == P.POSTED and effect > 0:
        commission, withheld = split.of(transfer.entry_id)
        statement.gross += effect + commission + withheld
        statement.commission += commission
        statement.withheld += withheld
        if kind == "cod":
            statement.cod_netting += commission + withheld
    elif kind == "cod" and transfer.phase == P.POSTED:
        statement.cod_cash_kept -= effect
    elif kind == "payout" and effect < 0:
        statement.payouts -= effect
    elif kind == "payout":
        statement.payouts_returned += effect
    elif kind == "refund" and effect < 0:
        statement.refunds_from_payable -= effect
    elif effect > 0:
        statement.other_credits += effect
    else:
        statement.other_debits -= effect


class _Splits:
    """Commission and withholding of each sale entry, read from the entry's other transfers
    (so a later re-release counts in the period it happens, for what it adds)."""

    def __init__(self, entry_ids: list[int]):
        self.parts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        if not entry_ids:
            return
        rows = Transfer.objects.filter(
            entry_id__in=entry_ids,
            phase=P.POSTED,
            credit_account__code__in=(COMMISSION_REVENUE, TAX_WITHHELD),
        ).values_list("entry_id", "credit_account__code", "amount")
        for entry_id, code, amount in rows:
            self.parts[entry_id][0 if code == COMMISSION_REVENUE else 1] += amount

    def of(self, entry_id: int) -> tuple[int, int]:
        commission, withheld = self.parts.get(entry_id, (0, 0))
        return commission, withheld


def business_statement(*, user, business_id: int, date_from: date, date_to: date) -> Statement:
    business = require_statement_reader(user, business_id)
    start, end = _bounds(date_from, date_to)
    statement = Statement(business=business, date_from=date_from, date_to=date_to, opening=0)
    statement.refunds_before_release = (
        Refund.objects.filter(
            order__business=business,
            status=Refund.Status.SUCCEEDED,
            resolved_at__gte=start,
            resolved_at__lt=end,
        ).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    account = LedgerAccount.objects.filter(code=business_account_code(business_id)).first()
    if account is None:
        return statement
    statement.opening = balance = _opening(account, start)
    rows = list(
        Transfer.objects.filter(
            Q(debit_account=account) | Q(credit_account=account), created_at__gte=start, created_at__lt=end
        )
        .select_related("entry", "pending")
        .order_by("created_at", "pk")
    )
    split = _Splits([t.entry_id for t in rows if t.entry.kind in SALE_KINDS])
    for transfer in rows:
        effect = _effect(transfer, account.pk)
        if not effect:
            continue  # a payout marked paid, a pending credit: nothing available changes
        credit, debit = max(effect, 0), max(-effect, 0)
        balance += effect
        _classify(statement, transfer, effect, split)
        entry = transfer.entry
        statement.lines.append(
            StatementLine(
                at=transfer.created_at,
                kind=entry.kind,
                reference=entry.key,
                order_number=entry.order_number,
                description=_describe(transfer, credit),
                credit=credit,
                debit=debit,
                balance=balance,
            )
        )
    numbers = {line.order_number for line in statement.lines if line.kind in SALE_KINDS}
    statement.orders = list(
        OrderSettlement.objects.filter(business=business, order__number__in=numbers)
        .select_related("order")
        .order_by("released_at", "pk")
    )
    return statement
