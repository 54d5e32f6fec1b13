"""Writing to the ledger: `ledger_post` is the only way money moves.

It joins the caller's transaction, so a business event (an order paid, released, refunded) and
its money commit or roll back together. It locks the accounts it touches in primary-key order,
after whatever rows the caller locked (orders rows first, ledger accounts last, everywhere), so
two entries never wait on each other in a circle. It must never run while a lock is held across
an HTTP call: gateway calls happen outside transactions."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

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

    pending: int
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


def _check_shape(key: str, moves, resolves) -> None:
    """Programming errors, not user input: callers build entries from validated amounts."""
    if not key or len(key) > 120:
        raise ValueError("an entry needs a key of 1–120 characters")
    if not moves and not resolves:
        raise ValueError("an entry needs at least one transfer")
    for move in moves:
        if type(move.amount) is not int or move.amount <= 0:
            raise ValueError(f"amount must be a positive integer VND: {move!r}")
        if move.debit == move.credit:
            raise ValueError(f"a transfer needs two accounts: {move!r}")
    for resolve in resolves:
        if resolve.amount is not None and (type(resolve.amount) is not int or resolve.amount <= 0):
            raise ValueError(f"amount must be a positive integer VND: {resolve!r}")


def _replay(entry: JournalEntry, digest: str) -> JournalEntry:
    if entry.digest != digest:
        raise LedgerKeyConflict(field="key")
    return entry


def _accounts_by_code(codes: Iterable[str]) -> dict[str, LedgerAccount]:
    codes = set(codes)
    accounts_ensure(codes)
    found = {a.code: a for a in LedgerAccount.objects.filter(code__in=codes)}
    missing = codes - found.keys()
    if missing:
        raise ValueError(f"unknown ledger accounts: {sorted(missing)}")
    return found


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
    moves, resolves = list(moves), list(resolves)
    _check_shape(key, moves, resolves)
    digest = _digest(kind, moves, resolves, order_number, business_id)
    with transaction.atomic():
        existing = JournalEntry.objects.filter(key=key).first()
        if existing is not None:
            return _replay(existing, digest)
        try:
            with transaction.atomic():
                entry = JournalEntry.objects.create(
                    key=key,
                    kind=kind,
                    digest=digest,
                    memo=memo[:255],
                    order_number=order_number,
                    business_id=business_id,
                    created_by=created_by,
                )
        except IntegrityError:
            # The same key committed by a concurrent writer while this one waited on its row.
            return _replay(JournalEntry.objects.get(key=key), digest)
        _write(entry, moves, resolves)
    return entry


def _write(entry: JournalEntry, moves: list[Move], resolves: list[Resolve]) -> None:
    pending_ids = [r.pending for r in resolves]
    pendings = {t.pk: t for t in Transfer.objects.filter(pk__in=pending_ids, phase=P.PENDING)}
    if len(pendings) != len(pending_ids):
        raise ValueError("a resolve names an unknown or repeated pending transfer")
    by_code = _accounts_by_code([c for m in moves for c in (m.debit, m.credit)])
    account_ids = {a.pk for a in by_code.values()}
    account_ids |= {pk for t in pendings.values() for pk in (t.debit_account_id, t.credit_account_id)}
    locked = {
        a.pk: a for a in LedgerAccount.objects.select_for_update().filter(pk__in=account_ids).order_by("pk")
    }
    # Checked under the accounts' locks: a concurrent resolution of the same pending transfer
    # locks the same two accounts, so it has committed (and is seen) or waits for this one.
    if Transfer.objects.filter(pending_id__in=pendings.keys()).exists():
        raise LedgerPendingResolved(field="pending")

    delta = {
        pk: [0, 0, 0, 0] for pk in locked
    }  # debits_posted, credits_posted, debits_pending, credits_pending
    transfers = []
    for move in moves:
        debit, credit = by_code[move.debit].pk, by_code[move.credit].pk
        column = 2 if move.pending else 0
        delta[debit][column] += move.amount
        delta[credit][column + 1] += move.amount
        transfers.append(
            Transfer(
                entry=entry,
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
                entry=entry,
                debit_account_id=debit,
                credit_account_id=credit,
                amount=amount,
                phase=P.POST_PENDING if resolve.post else P.VOID_PENDING,
                pending=pending,
            )
        )

    for pk, (dp, cp, dpend, cpend) in delta.items():
        account = locked[pk]
        debits, credits = account.debits_posted + dp, account.credits_posted + cp
        debits_pending, credits_pending = account.debits_pending + dpend, account.credits_pending + cpend
        if account.debits_must_not_exceed_credits and debits + debits_pending > credits:
            raise LedgerInsufficientFunds(account.code)
        if account.credits_must_not_exceed_debits and credits + credits_pending > debits:
            raise LedgerInsufficientFunds(account.code)
        if dp or cp or dpend or cpend:
            LedgerAccount.objects.filter(pk=pk).update(
                debits_posted=F("debits_posted") + dp,
                credits_posted=F("credits_posted") + cp,
                debits_pending=F("debits_pending") + dpend,
                credits_pending=F("credits_pending") + cpend,
            )
    Transfer.objects.bulk_create(transfers)
