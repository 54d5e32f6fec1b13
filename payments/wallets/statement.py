"""A wallet's statement: the ledger transfers of its account as lines people read, newest first
in the API and oldest first in the files, each with the posted balance after it.

The money is the ledger's; the operations only tell the story (kind, status, reference, the
other party). A line is a posted transfer (or the posting of a hold), or a hold still pending,
shown as "đang giữ" without changing the balance. A resolved hold is not a line of its own: its
posting is (at the time it posts), and a voided one moved nothing. So
`opening + credits − debits = closing` over any period, and the last line's balance is the
closing balance.

A period is whole days in Asia/Ho_Chi_Minh, with the business statement's rule (at most 366
days, 2000–2099). The other party of a transfer is only ever shown masked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When, Window
from django.db.models.expressions import RowRange
from django.utils.translation import gettext as _

from payments.ledger.models import Transfer
from payments.settlement.statements import _bounds as period_bounds
from payments.settlement.statements import period_invalid
from payments.wallets.core import mask_name, mask_phone
from payments.wallets.models import Wallet, WalletOperation
from payments.wallets.selectors import wallet_readable

P = Transfer.Phase
K = WalletOperation.Kind
S = WalletOperation.Status
POSTED_PHASES = (P.POSTED, P.POST_PENDING)
# Entries written without a wallet key still say what happened to the wallet (a refund posted by
# the settlement module, a top-up credited by a gateway's callback).
KIND_OF_ENTRY = {
    "wallet_top_up": K.TOP_UP,
    "wallet_payment": K.PAYMENT,
    "wallet_transfer": K.TRANSFER,
    "wallet_withdrawal": K.WITHDRAWAL,
    "wallet_refund": K.REFUND,
    "refund": K.REFUND,
}
EXPORT_CHUNK = 1000


@dataclass(frozen=True)
class WalletStatementLine:
    transfer_id: int
    at: datetime
    amount: int  # signed: + into the wallet, − out of it
    balance: int  # the posted balance after this line (a held line leaves it as it was)
    held: bool  # a hold not posted yet: "đang giữ"
    kind: str | None  # WalletOperation.Kind, None for an adjustment outside the wallet's operations
    status: str  # WalletOperation.Status
    reference: str
    description: str
    counterparty_name: str
    counterparty_phone: str
    note: str
    operation: WalletOperation | None

    @property
    def kind_label(self) -> str:
        return str(K(self.kind).label) if self.kind else _("Khác")

    @property
    def status_label(self) -> str:
        return str(S(self.status).label)


@dataclass
class WalletStatement:
    wallet: Wallet
    date_from: date | None
    date_to: date | None
    start: datetime | None
    end: datetime | None
    opening: int = 0  # posted balance when the period starts (0 for the whole history)
    credits: int = 0  # posted into the wallet during the period
    debits: int = 0  # posted out of it

    @property
    def closing(self) -> int:
        return self.opening + self.credits - self.debits


# --- who reads which wallet ---------------------------------------------------------------------


# --- the money ----------------------------------------------------------------------------------


def _touching(account_id: int) -> QuerySet[Transfer]:
    return Transfer.objects.filter(Q(debit_account_id=account_id) | Q(credit_account_id=account_id))


def _effect_sql(account_id: int) -> Case:
    """What a transfer does to the account's posted balance (credit-normal), in SQL."""
    posted = Q(phase__in=POSTED_PHASES)
    return Case(
        When(posted & Q(credit_account_id=account_id), then=F("amount")),
        When(posted & Q(debit_account_id=account_id), then=-F("amount")),
        default=Value(0),
        output_field=BigIntegerField(),
    )


def transfer_effect(transfer: Transfer, account_id: int) -> int:
    """`_effect_sql` in Python, for the files (read in chunks, the balance carried along)."""
    if transfer.phase not in POSTED_PHASES:
        return 0
    return transfer.amount if transfer.credit_account_id == account_id else -transfer.amount


def _shown(statement: WalletStatement) -> QuerySet[Transfer]:
    """The period's lines: posted transfers and postings of holds, and holds still pending."""
    account_id = statement.wallet.account_id
    resolved = Transfer.objects.filter(pending_id=OuterRef("pk"))
    qs = _touching(account_id).filter(Q(phase__in=POSTED_PHASES) | (Q(phase=P.PENDING) & ~Exists(resolved)))
    if statement.start is not None:
        qs = qs.filter(created_at__gte=statement.start, created_at__lt=statement.end)
    return qs


def wallet_statement(
    *, user, wallet_id: int | None, date_from: date | None = None, date_to: date | None = None
) -> WalletStatement:
    """The statement's header: the wallet (read permission checked), the period and its
    opening balance and posted totals, in one query after the wallet's."""
    wallet = wallet_readable(user=user, wallet_id=wallet_id)
    if (date_from is None) != (date_to is None):
        raise period_invalid()
    start = end = None
    if date_from is not None:
        start, end = period_bounds(date_from, date_to)
    statement = WalletStatement(wallet=wallet, date_from=date_from, date_to=date_to, start=start, end=end)
    account_id = wallet.account_id
    posted = Q(phase__in=POSTED_PHASES)
    during = Q(created_at__gte=start, created_at__lt=end) if start is not None else Q()
    totals = {
        "credits": Sum("amount", filter=during & posted & Q(credit_account_id=account_id)),
        "debits": Sum("amount", filter=during & posted & Q(debit_account_id=account_id)),
    }
    if start is not None:
        totals["opening"] = Sum(_effect_sql(account_id), filter=Q(created_at__lt=start))
    sums = _touching(account_id).aggregate(**totals)
    statement.opening = sums.get("opening") or 0
    statement.credits = sums["credits"] or 0
    statement.debits = sums["debits"] or 0
    return statement


def statement_page_queryset(statement: WalletStatement) -> QuerySet[Transfer]:
    """Newest first; each row carries `balance_in_period`, the sum of the period's effects up to
    and including it (oldest first), computed by the database over the whole period before the
    page is cut. Counted from the opening balance, a transfer committed while the page is read
    changes only lines newer than itself (counted from the closing, it would shift them all)."""
    return (
        _shown(statement)
        .select_related("entry")
        .annotate(
            balance_in_period=Window(
                Sum(_effect_sql(statement.wallet.account_id)),
                order_by=[F("created_at").asc(), F("pk").asc()],
                frame=RowRange(start=None, end=0),
            )
        )
        .order_by("-created_at", "-pk")
    )


def statement_count_queryset(statement: WalletStatement) -> QuerySet[Transfer]:
    return _shown(statement)


def statement_lines(statement: WalletStatement, transfers: list[Transfer]) -> list[WalletStatementLine]:
    """A page of `statement_page_queryset` as lines (one query more for their operations)."""
    operations = _operations(statement.wallet, transfers)
    return [
        _line(
            statement, transfer, statement.opening + transfer.balance_in_period, operations.get(transfer.pk)
        )
        for transfer in transfers
    ]


def statement_lines_all(
    statement: WalletStatement, *, chunk: int = EXPORT_CHUNK
) -> Iterator[WalletStatementLine]:
    """Every line of the period, oldest first, read `chunk` at a time (two queries a chunk), so
    a busy merchant wallet's year is never in memory at once."""
    account_id = statement.wallet.account_id
    balance = statement.opening
    after: tuple[datetime, int] | None = None
    while True:
        qs = _shown(statement).select_related("entry").order_by("created_at", "pk")
        if after is not None:
            qs = qs.filter(Q(created_at__gt=after[0]) | Q(created_at=after[0], pk__gt=after[1]))
        rows = list(qs[:chunk])
        operations = _operations(statement.wallet, rows)
        for transfer in rows:
            balance += transfer_effect(transfer, account_id)
            yield _line(statement, transfer, balance, operations.get(transfer.pk))
        if len(rows) < chunk:
            return
        after = (rows[-1].created_at, rows[-1].pk)


# --- the story of each line ---------------------------------------------------------------------


def _operations(wallet: Wallet, transfers: list[Transfer]) -> dict[int, WalletOperation]:
    """Each transfer's operation, in one query: by its entry's key (`wallet:<operation>:<step>`),
    by the hold it is or resolves (`WalletOperation.hold`), or by the payment attempt a gateway
    credited (`pay:<attempt reference>`). Each is marked as seen from `wallet`, so the API shows
    a transfer's recipient its sender (masked)."""
    by_id: dict[int, int] = {}
    by_hold: dict[int, int] = {}
    by_attempt: dict[int, str] = {}
    for transfer in transfers:
        parts = transfer.entry.key.split(":")
        if parts[0] == "wallet" and len(parts) >= 3 and parts[1].isascii() and parts[1].isdigit():
            by_id[transfer.pk] = int(parts[1])
        elif transfer.phase == P.PENDING or transfer.pending_id:
            by_hold[transfer.pk] = transfer.pending_id or transfer.pk
        elif parts[0] == "pay" and len(parts) == 2:
            by_attempt[transfer.pk] = parts[1]
    if not (by_id or by_hold or by_attempt):
        return {}
    rows = (
        WalletOperation.objects.filter(
            Q(pk__in=set(by_id.values()))
            | Q(hold_id__in=set(by_hold.values()))
            | Q(attempt__reference__in=set(by_attempt.values()))
        )
        .select_related("wallet", "counterparty")
        .annotate(attempt_reference=F("attempt__reference"))
    )
    ids, holds, attempts = {}, {}, {}
    for operation in rows:
        operation.viewing_wallet_id = wallet.pk
        ids[operation.pk] = operation
        if operation.hold_id:
            holds[operation.hold_id] = operation
        if operation.attempt_reference:
            attempts[operation.attempt_reference] = operation
    found = {pk: ids[op_id] for pk, op_id in by_id.items() if op_id in ids}
    found.update({pk: holds[hold] for pk, hold in by_hold.items() if hold in holds})
    found.update({pk: attempts[ref] for pk, ref in by_attempt.items() if ref in attempts})
    return found


def _line(
    statement: WalletStatement, transfer: Transfer, balance: int, operation: WalletOperation | None
) -> WalletStatementLine:
    wallet = statement.wallet
    incoming = transfer.credit_account_id == wallet.account_id
    held = transfer.phase == P.PENDING
    entry = transfer.entry
    kind = operation.kind if operation is not None else KIND_OF_ENTRY.get(entry.kind)
    if operation is not None:
        status = operation.status
    else:
        status = S.HELD if held else S.COMPLETED
    other = _other_party(wallet, operation)
    name, phone = (mask_name(other.holder_name), mask_phone(other.phone)) if other else ("", "")
    return WalletStatementLine(
        transfer_id=transfer.pk,
        at=transfer.created_at,
        amount=transfer.amount if incoming else -transfer.amount,
        balance=balance,
        held=held,
        kind=kind,
        status=status,
        reference=operation.reference if operation is not None else entry.order_number,
        description=_describe(
            kind,
            incoming=incoming,
            held=held,
            order_number=entry.order_number,
            other=name,
            operation=operation,
        ),
        counterparty_name=name,
        counterparty_phone=phone,
        note=operation.note if operation is not None else "",
        operation=operation,
    )


def _other_party(wallet: Wallet, operation: WalletOperation | None) -> Wallet | None:
    """The other wallet of a transfer: its recipient for the sender, its sender for the recipient."""
    if operation is None or operation.counterparty_id is None:
        return None
    return operation.counterparty if operation.wallet_id == wallet.pk else operation.wallet


def _describe(
    kind: str | None, *, incoming: bool, held: bool, order_number: str, other: str, operation
) -> str:
    if kind == K.TOP_UP:
        text = _("Nạp tiền vào ví")
    elif kind == K.PAYMENT:
        text = (
            _("Thanh toán đơn hàng %(order)s") % {"order": order_number}
            if order_number
            else _("Thanh toán đơn hàng")
        )
    elif kind == K.TRANSFER and incoming:
        text = _("Nhận tiền từ %(name)s") % {"name": other} if other else _("Nhận tiền chuyển đến")
    elif kind == K.TRANSFER:
        text = _("Chuyển tiền đến %(name)s") % {"name": other} if other else _("Chuyển tiền đi")
    elif kind == K.WITHDRAWAL and not incoming:
        account = (operation.bank_account or {}) if operation is not None else {}
        last4 = str(account.get("account_number") or account.get("bank_account_number") or "")[-4:]
        text = (
            _("Rút về tài khoản ngân hàng ···%(last4)s") % {"last4": last4}
            if last4
            else _("Rút về tài khoản ngân hàng")
        )
    elif kind == K.WITHDRAWAL:
        text = _("Tiền rút bị ngân hàng trả lại ví")
    elif kind == K.REFUND:
        text = (
            _("Hoàn tiền đơn hàng %(order)s") % {"order": order_number}
            if order_number
            else _("Hoàn tiền đơn hàng")
        )
    else:
        text = _("Điều chỉnh khác")
    if held:
        text += " " + _("(đang giữ, chưa tính vào số dư)")
    return text
