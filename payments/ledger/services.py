"""Writing to the ledger: `ledger_post` is the only way money moves.

It joins the caller's transaction, so a business event (an order paid, released, refunded) and
its money commit or roll back together. It locks the accounts it touches in primary-key order,
after whatever rows the caller locked (orders rows first, ledger accounts last, everywhere), so
two entries never wait on each other in a circle. The accounts stay locked until the caller's
commit, and `escrow` is in almost every entry: post to the ledger last in a transaction. It must
never run while a lock is held across an HTTP call: gateway calls happen outside transactions.

On PostgreSQL the transfers' INSERT trigger applies them to the accounts (migration
0004_ledger_append_only); on other databases this module does."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from payments.ledger.accounts import accounts_ensure
from payments.ledger.errors import LedgerInsufficientFunds, LedgerKeyConflict, LedgerPendingResolved
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer

P = Transfer.Phase


@dataclass(frozen=True)
class Move:
    """Moves `amount` VND from `debit` to `credit` (account codes); `pending` holds it instead,
    to be posted or voided later by a `Resolve`."""

    debit: str
    credit: str
    amount: int
    pending: bool = False


@dataclass(frozen=True)
class Resolve:
    """Posts (all, or `amount` of it, releasing the rest) or voids a pending transfer, once."""

    pending: int  # the pending Transfer's id (a Transfer is accepted too)
    post: bool
    amount: int | None = None


def _digest(kind: str, moves, resolves, order_number: str, business_id) -> str:
    content = {
        "kind": kind,
        "moves": [[m.debit, m.credit, m.amount, m.pending] for m in moves],
        "resolves": [[r.pending, r.post, r.amount] for r in resolves],
        "order": order_number,
        "business": business_id,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _check_shape(key: str, kind: str, order_number: str, moves, resolves) -> None:
    """Programming errors, not user input: callers build entries from validated amounts. Checked
    here, so SQLite (which ignores column lengths) refuses what PostgreSQL would."""
    if not key or len(key) > 120:
        raise ValueError("an entry needs a key of 1–120 characters")
    if not kind or len(kind) > 40 or len(order_number) > 20:
        raise ValueError("an entry needs a kind of 1–40 characters and an order number of at most 20")
    if not moves and not resolves:
        raise ValueError("an entry needs at least one transfer")
    for move in moves:
        if type(move.amount) is not int or move.amount <= 0:
            raise ValueError(f"amount must be a positive integer VND: {move!r}")
        if move.debit == move.credit:
            raise ValueError(f"a transfer needs two accounts: {move!r}")
    for resolve in resolves:
        if type(resolve.pending) is not int or type(resolve.post) is not bool:
            raise ValueError(f"a resolve names a pending transfer (id) and post=True/False: {resolve!r}")
        if resolve.amount is not None and (type(resolve.amount) is not int or resolve.amount <= 0):
            raise ValueError(f"amount must be a positive integer VND: {resolve!r}")


def _replay(entry: JournalEntry, digest: str) -> JournalEntry:
    if entry.digest != digest:
        raise LedgerKeyConflict(field="key")
    return entry


def _entry_insert(**fields) -> JournalEntry | None:
    """Inserts the entry unless its key exists (then None): one statement, no savepoint. A
    concurrent writer of the same key makes this one wait for its commit, then see the conflict."""
    fields["created_at"] = timezone.now()
    values = [
        connection.ops.adapt_datetimefield_value(value) if name == "created_at" else value
        for name, value in fields.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {JournalEntry._meta.db_table} ({', '.join(fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT (key) DO NOTHING RETURNING id",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return None
    entry = JournalEntry(id=row[0], **fields)
    entry._state.adding, entry._state.db = False, connection.alias
    return entry


def ledger_post(
    *,
    key: str,
    kind: str,
    moves: Iterable[Move] = (),
    resolves: Iterable[Resolve] = (),
    memo: str = "",
    order_number: str = "",
    business_id: int | None = None,
    created_by=None,
) -> JournalEntry:
    """Writes one journal entry, all or nothing, once per `key`."""
    moves = list(moves)
    resolves = [
        Resolve(r.pending.pk, r.post, r.amount) if isinstance(r.pending, Transfer) else r for r in resolves
    ]
    _check_shape(key, kind, order_number, moves, resolves)
    digest = _digest(kind, moves, resolves, order_number, business_id)
    fields = {
        "key": key,
        "kind": kind,
        "digest": digest,
        "memo": memo[:255],
        "order_number": order_number,
        "business_id": business_id,
        "created_by_id": getattr(created_by, "pk", created_by),
    }
    codes = {c for m in moves for c in (m.debit, m.credit)}
    if codes <= _committed_accounts and connection.in_atomic_block:
        return _post_in_callers_transaction(fields, moves, resolves)
    try:
        return _post(fields, moves, resolves)
    except _AccountsMissing as exc:
        # First use of a business account (or a flushed test database). The attempt was rolled
        # back with every lock it took; the accounts are made holding none of them (else two
        # entries making the same accounts could each wait on the other), then once more.
        accounts_ensure(exc.codes)
    try:
        return _post(fields, moves, resolves)
    except _AccountsMissing as exc:
        raise ValueError(f"unknown ledger accounts: {sorted(exc.codes)}") from None


class _AccountsMissing(Exception):
    def __init__(self, codes: set[str]):
        self.codes = codes


# Codes of accounts seen in a committed entry. Accounts are never deleted (the ledger refuses
# it) except by a test database flush, which clears this (payments/apps.py).
_committed_accounts: set[str] = set()


def forget_committed_accounts(**kwargs) -> None:
    _committed_accounts.clear()


def _remember_on_commit(locked: dict[int, LedgerAccount]) -> None:
    codes = {account.code for account in locked.values()}
    if not codes <= _committed_accounts:
        transaction.on_commit(lambda: _committed_accounts.update(codes))


def _post(fields: dict, moves: list[Move], resolves: list[Resolve]) -> JournalEntry:
    with transaction.atomic():
        entry = _entry_insert(**fields)
        if entry is None:
            return _replay(JournalEntry.objects.get(key=fields["key"]), fields["digest"])
        plan = _plan(moves, resolves)
        _apply(entry, plan)
    _remember_on_commit(plan.locked)
    return entry


def _post_in_callers_transaction(fields: dict, moves: list[Move], resolves: list[Resolve]) -> JournalEntry:
    """The usual case, on the hot path of every payment: all accounts exist, and the caller's
    transaction is open. Everything that can refuse the entry (a broken flag, a resolved hold, a
    replay with other fields) is decided before the first write, so no savepoint is needed (two
    statements less) and a refusal leaves the caller's transaction as it was."""
    try:
        plan = _plan(moves, resolves)
    except (LedgerInsufficientFunds, LedgerPendingResolved):
        existing = JournalEntry.objects.filter(key=fields["key"]).first()
        if existing is None:
            raise
        return _replay(existing, fields["digest"])  # the first writer of this key moved the money
    entry = _entry_insert(**fields)
    if entry is None:
        return _replay(JournalEntry.objects.get(key=fields["key"]), fields["digest"])
    _apply(entry, plan)
    return entry


def _locked_accounts(codes: set[str], ids: set[int]) -> dict[int, LedgerAccount]:
    """Locks the accounts named by code or id, in primary-key order, in one statement."""
    wanted = Q(code__in=codes) | Q(pk__in=ids)
    locked = {a.pk: a for a in LedgerAccount.objects.select_for_update().filter(wanted).order_by("pk")}
    missing = codes - {a.code for a in locked.values()}
    if missing:
        raise _AccountsMissing(missing)
    return locked


@dataclass
class _Plan:
    locked: dict[int, LedgerAccount]
    # Per account: debits_posted, credits_posted, debits_pending, credits_pending.
    delta: dict[int, list[int]]
    transfers: list[Transfer]


def _plan(moves: list[Move], resolves: list[Resolve]) -> _Plan:
    """Locks the accounts and works out the transfers and their effect, refusing an entry that
    would break a flag or resolve a hold twice. Writes nothing."""
    pending_ids = [r.pending for r in resolves]
    pendings = {}
    if pending_ids:
        pendings = {t.pk: t for t in Transfer.objects.filter(pk__in=pending_ids, phase=P.PENDING)}
        if len(pendings) != len(pending_ids):
            raise ValueError("a resolve names an unknown or repeated pending transfer")
    locked = _locked_accounts(
        {c for m in moves for c in (m.debit, m.credit)},
        {pk for t in pendings.values() for pk in (t.debit_account_id, t.credit_account_id)},
    )
    by_code = {a.code: a for a in locked.values()}
    # Checked under the accounts' locks: a concurrent resolution of the same pending transfer
    # locks the same two accounts, so it has committed (and is seen) or waits for this one.
    if pendings and Transfer.objects.filter(pending_id__in=pendings.keys()).exists():
        raise LedgerPendingResolved(field="pending")

    delta = {pk: [0, 0, 0, 0] for pk in locked}
    transfers = []
    for move in moves:
        debit, credit = by_code[move.debit].pk, by_code[move.credit].pk
        column = 2 if move.pending else 0
        delta[debit][column] += move.amount
        delta[credit][column + 1] += move.amount
        transfers.append(
            Transfer(
                debit_account_id=debit,
                credit_account_id=credit,
                amount=move.amount,
                phase=P.PENDING if move.pending else P.POSTED,
            )
        )
    for resolve in resolves:
        pending = pendings[resolve.pending]
        amount = pending.amount if resolve.amount is None or not resolve.post else resolve.amount
        if amount > pending.amount:
            raise ValueError("cannot post more than the pending amount")
        debit, credit = pending.debit_account_id, pending.credit_account_id
        delta[debit][2] -= pending.amount
        delta[credit][3] -= pending.amount
        if resolve.post:
            delta[debit][0] += amount
            delta[credit][1] += amount
        transfers.append(
            Transfer(
                debit_account_id=debit,
                credit_account_id=credit,
                amount=amount,
                phase=P.POST_PENDING if resolve.post else P.VOID_PENDING,
                pending=pending,
            )
        )

    # The flags, judged on the locked rows, so the caller gets a ledger error naming the account
    # rather than a database one (the CHECK constraints on the row stay as the last word).
    for pk, (dp, cp, dpend, cpend) in delta.items():
        account = locked[pk]
        debits, credits = account.debits_posted + dp, account.credits_posted + cp
        debits_pending, credits_pending = account.debits_pending + dpend, account.credits_pending + cpend
        if account.debits_must_not_exceed_credits and debits + debits_pending > credits:
            raise LedgerInsufficientFunds(account.code)
        if account.credits_must_not_exceed_debits and credits + credits_pending > debits:
            raise LedgerInsufficientFunds(account.code)
    return _Plan(locked=locked, delta=delta, transfers=transfers)


def _apply(entry: JournalEntry, plan: _Plan) -> None:
    for transfer in plan.transfers:
        transfer.entry = entry
    Transfer.objects.bulk_create(plan.transfers)
    if connection.vendor == "postgresql":
        return  # the INSERT's trigger (migration 0004_ledger_append_only) applied the transfers to their accounts
    for pk, (dp, cp, dpend, cpend) in plan.delta.items():
        if dp or cp or dpend or cpend:
            LedgerAccount.objects.filter(pk=pk).update(
                debits_posted=F("debits_posted") + dp,
                credits_posted=F("credits_posted") + cp,
                debits_pending=F("debits_pending") + dpend,
                credits_pending=F("credits_pending") + cpend,
            )
