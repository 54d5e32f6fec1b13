"""Thousands of random ledger operations from parallel clients, each on its own PostgreSQL
connection: payments in, releases with commission and tax, COD netting, refund holds posted
(in part) or voided, payout holds paid or failed, replays of a committed key (same fields and
other fields), overdrafts that must be refused, and releases whose caller fails after posting
(in the same transaction: the entry must vanish with it). Each operation runs in the caller's
transaction, as services call `ledger_post`. Clients race on the same orders and the
same holds on purpose.

Afterwards: every outcome was one the rules allow, each key was applied once, a model built
from the successful operations alone predicts every account's four totals, and the audit finds
nothing. LEDGER_RANDOM_OPS / LEDGER_RANDOM_CLIENTS / LEDGER_RANDOM_SEED scale it for a bench."""

import os
import random
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from django.db import transaction

from payments.ledger.accounts import (
    BANK_CLEARING,
    COD_CLEARING,
    COMMISSION_REVENUE,
    ESCROW,
    PAYOUTS_IN_TRANSIT,
    TAX_WITHHELD,
    VNPAY_CLEARING,
    business_account_code,
)
from payments.ledger.audit import ledger_audit
from payments.ledger.errors import LedgerInsufficientFunds, LedgerKeyConflict, LedgerPendingResolved
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.ledger.services import Move, Resolve, ledger_post
from payments.management.commands.payments_audit import report_lines
from tests.factories import BusinessFactory
from tests.parallel import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OPS = int(os.environ.get("LEDGER_RANDOM_OPS", "2400"))
CLIENTS = int(os.environ.get("LEDGER_RANDOM_CLIENTS", "8"))
SEED = int(os.environ.get("LEDGER_RANDOM_SEED", "20261201"))
HUGE = 10**13  # more than every payment of the run together: always an overdraft

# What an operation may end in: "any" = written, or refused by a rule a race can trigger.
ALLOWED = {
    "any": (LedgerInsufficientFunds, LedgerPendingResolved),
    "replay": (),
    "conflict": (LedgerKeyConflict,),
    "overdraft": (LedgerInsufficientFunds,),
}


class InjectedFailure(Exception):
    """The caller's own work fails after its entry was posted, in the same transaction."""


ALLOWED["injected"] = (LedgerInsufficientFunds, LedgerPendingResolved, InjectedFailure)


@dataclass
class Order:
    number: str
    clearing: str
    amount: int
    business: str


@dataclass
class Held:
    pk: int
    debit: str
    credit: str
    amount: int
    kind: str  # refund | payout


@dataclass
class World:
    businesses: list[str]
    lock: threading.Lock = field(default_factory=threading.Lock)
    orders: list[Order] = field(default_factory=list)
    holds: list[Held] = field(default_factory=list)
    holds_by_pk: dict[int, Held] = field(default_factory=dict)
    committed: list[tuple[str, dict, int]] = field(default_factory=list)  # key, fields, entry id
    outcomes: list[tuple[str, str, dict, object]] = field(default_factory=list)
    serial: int = 0

    def next(self) -> int:
        with self.lock:
            self.serial += 1
            return self.serial


def release_moves(order: Order) -> list[Move]:
    commission = order.amount * 3 // 100
    tax = order.amount * 15 // 1000
    return [
        Move(ESCROW, order.business, order.amount - commission - tax),
        Move(ESCROW, COMMISSION_REVENUE, commission),
        Move(ESCROW, TAX_WITHHELD, tax),
    ]


def pick_operation(rng: random.Random, world: World) -> tuple[str, str, dict]:
    """(expectation, key, fields) of one random operation."""
    with world.lock:
        orders, holds, committed = list(world.orders), list(world.holds), list(world.committed)
    roll = rng.random()
    if roll < 0.25 or not orders:
        n = world.next()
        order = Order(
            f"DH{n:08d}",
            rng.choice([VNPAY_CLEARING, BANK_CLEARING]),
            rng.randrange(1_000, 2_000_000),
            rng.choice(world.businesses),
        )
        return (
            "any",
            f"pay:{order.number}",
            {"kind": "payment", "moves": [Move(order.clearing, ESCROW, order.amount)], "order": order},
        )
    if roll < 0.42:  # several clients may release the same order: one writes, the others replay
        order = rng.choice(orders[-20:])
        return "any", f"release:{order.number}", {"kind": "release", "moves": release_moves(order)}
    if roll < 0.50:
        n, business = world.next(), rng.choice(world.businesses)
        amount = rng.randrange(10_000, 500_000)
        commission, tax = amount * 3 // 100, amount * 15 // 1000
        moves = [
            Move(COD_CLEARING, ESCROW, amount),
            Move(ESCROW, business, amount - commission - tax),
            Move(ESCROW, COMMISSION_REVENUE, commission),
            Move(ESCROW, TAX_WITHHELD, tax),
            Move(
                business, COD_CLEARING, amount
            ),  # the seller kept the cash: commission and tax become its debt
        ]
        return "any", f"cod:DC{n:08d}", {"kind": "cod", "moves": moves}
    if roll < 0.60:
        order = rng.choice(orders)
        amount = rng.randrange(1, order.amount + 1)
        move = Move(ESCROW, order.clearing, amount, pending=True)
        return "any", f"refund:{world.next()}:hold", {"kind": "refund", "moves": [move]}
    if roll < 0.68:
        n = world.next()
        move = Move(
            rng.choice(world.businesses), PAYOUTS_IN_TRANSIT, rng.randrange(1_000, 800_000), pending=True
        )
        return "any", f"payout:{n}:hold", {"kind": "payout", "moves": [move]}
    if roll < 0.84 and holds:
        # Recent holds, so clients often race to resolve the same one in different ways.
        held = rng.choice(holds[-6:])
        post = rng.random() < 0.6
        if held.kind == "payout":
            moves = [Move(PAYOUTS_IN_TRANSIT, BANK_CLEARING, held.amount)] if post else []
            key = f"payout:{held.pk}:{'paid' if post else 'failed'}"
            return "any", key, {"kind": "payout", "resolves": [Resolve(held.pk, post)], "moves": moves}
        # One event, one key, one content: whether a post is partial is a property of the hold.
        amount = held.amount // 2 + 1 if post and held.pk % 2 else None
        key = f"refund:{held.pk}:{'post' if post else 'void'}"
        return "any", key, {"kind": "refund", "resolves": [Resolve(held.pk, post, amount)]}
    if roll < 0.92 and committed:
        key, fields, _pk = rng.choice(committed)
        if rng.random() < 0.5:
            return "replay", key, fields
        return "conflict", key, {**fields, "kind": fields["kind"] + "-other"}
    if roll < 0.96 and orders:
        # A release whose caller fails afterwards: the entry must vanish with the transaction.
        order = rng.choice(orders)
        return "injected", f"injected:{world.next()}", {"kind": "release", "moves": release_moves(order)}
    target = rng.choice([ESCROW, PAYOUTS_IN_TRANSIT, COMMISSION_REVENUE])
    return (
        "overdraft",
        f"overdraft:{world.next()}",
        {"kind": "test", "moves": [Move(target, BANK_CLEARING, HUGE)]},
    )


def client(world: World, seed: int, ops: int) -> None:
    rng = random.Random(seed)
    for _ in range(ops):
        expectation, key, fields = pick_operation(rng, world)
        order = fields.pop("order", None)
        try:
            with transaction.atomic():
                entry = ledger_post(
                    key=key,
                    kind=fields["kind"],
                    moves=fields.get("moves", ()),
                    resolves=fields.get("resolves", ()),
                )
                if expectation == "injected":
                    raise InjectedFailure(key)
        except Exception as exc:  # judged after the run, with every other outcome
            result = exc
        else:
            result = entry.pk
            with world.lock:
                if expectation == "any":
                    world.committed.append((key, fields, entry.pk))
                    if order is not None:
                        world.orders.append(order)
                    for transfer in entry.transfers.filter(phase="pending").select_related(
                        "debit_account", "credit_account"
                    ):
                        held = Held(
                            transfer.pk,
                            transfer.debit_account.code,
                            transfer.credit_account.code,
                            transfer.amount,
                            fields["kind"],
                        )
                        if held.pk not in world.holds_by_pk:
                            world.holds.append(held)
                            world.holds_by_pk[held.pk] = held
        with world.lock:
            world.outcomes.append((expectation, key, fields, result))


def expected_totals(world: World, written: dict[str, dict]) -> dict[str, list[int]]:
    """The four totals of every account, from the operations that were written, each key once."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for fields in written.values():
        for move in fields.get("moves", ()):
            column = 2 if move.pending else 0
            totals[move.debit][column] += move.amount
            totals[move.credit][column + 1] += move.amount
        for resolve in fields.get("resolves", ()):
            held = world.holds_by_pk[resolve.pending]
            totals[held.debit][2] -= held.amount
            totals[held.credit][3] -= held.amount
            if resolve.post:
                amount = held.amount if resolve.amount is None else resolve.amount
                totals[held.debit][0] += amount
                totals[held.credit][1] += amount
    return totals


def test_random_parallel_operations_keep_every_ledger_invariant():
    world = World(businesses=[business_account_code(BusinessFactory().pk) for _ in range(6)])
    per_client = max(1, OPS // CLIENTS)
    crashed = [
        r
        for r in run_in_parallel(*[lambda i=i: client(world, SEED + i, per_client) for i in range(CLIENTS)])
        if r
    ]
    assert not crashed, crashed

    # 1. Every outcome is one the rules allow; a replay returns the committed entry.
    first_pk = {key: pk for key, _fields, pk in world.committed}
    written: dict[str, dict] = {}
    for expectation, key, fields, result in world.outcomes:
        if isinstance(result, Exception):
            assert isinstance(result, ALLOWED[expectation]), (SEED, expectation, key, repr(result))
            continue
        assert expectation in ("any", "replay"), (SEED, expectation, key, result)
        if expectation == "replay":
            assert result == first_pk[key], (SEED, key)
        written.setdefault(key, fields)
    refused_overdrafts = sum(1 for e, *_ in world.outcomes if e == "overdraft")
    assert refused_overdrafts and {"conflict", "injected"} <= {e for e, *_ in world.outcomes}

    # 2. Each key is one entry; nothing of a refused operation was written; a hold resolved once.
    entries = dict(JournalEntry.objects.values_list("key", "pk"))
    assert set(entries) == set(written)
    assert all(entries[key] == pk for key, _f, pk in world.committed)
    resolved = [r.pending for fields in written.values() for r in fields.get("resolves", ())]
    assert len(resolved) == len(set(resolved))

    # 3. The model of the written operations predicts every account's totals.
    expected = expected_totals(world, written)
    for account in LedgerAccount.objects.all():
        recorded = [
            account.debits_posted,
            account.credits_posted,
            account.debits_pending,
            account.credits_pending,
        ]
        assert recorded == expected.pop(account.code, [0, 0, 0, 0]), (SEED, account.code)
    assert not expected

    # 4. The audit: balances equal transfers, all accounts sum to zero, no flag broken.
    report = ledger_audit()
    assert report.ok, "\n".join(report_lines(report))
    assert report.entries == len(written) > OPS // 3
