"""Ten thousand random wallet operations from parallel clients, each on its own PostgreSQL
connection, through the services people's requests call: top-ups whose gateway callback is
delivered several times at once, payments of orders, transfers (posted or held for cooling-off),
held transfers cancelled and posted, withdrawals paid and rejected, refunds of wallet-paid
orders, wrong PINs (with lockouts), and replays of idempotency keys with the same fields and
with others. A small monthly cap makes clients race for the last đồng of a month.

Afterwards: every refusal was a domain rule's (never a database error or a ledger error leaking
through); all accounts sum to zero and the audit finds nothing; no wallet below zero; each
wallet's four ledger totals equal what its operations say; no personal wallet's month above the
cap, each month's usage equal to its counted operations; every idempotency key applied once,
every top-up credited once. WALLET_RANDOM_OPS / WALLET_RANDOM_CLIENTS / WALLET_RANDOM_SEED scale
it for a bench."""

import os
import random
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from marketplace.errors import DomainError
from orders.models import PaymentGroup
from payments.ledger.audit import ledger_audit
from payments.ledger.errors import LedgerInsufficientFunds
from payments.ledger.models import JournalEntry, LedgerAccount
from payments.management.commands.payments_audit import report_lines
from payments.services.collect import payment_collected
from payments.settlement.refunds import refund_create
from payments.wallets.errors import WalletIdempotencyConflict
from payments.wallets.holds import wallet_holds_post, wallet_transfer_cancel
from payments.wallets.models import Wallet, WalletMonthlyUsage, WalletOperation
from payments.wallets.pay import wallet_pay
from payments.wallets.topup import wallet_top_up
from payments.wallets.transfers import wallet_transfer
from payments.wallets.withdrawals import wallet_bank_account_set, wallet_withdraw, withdrawal_mark
from tests.factories import UserFactory
from tests.parallel import run_in_parallel
from tests.payments.helpers import awaiting_group
from tests.payments.wallets.factories import PIN, personal_wallet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OPS = int(os.environ.get("WALLET_RANDOM_OPS", "10000"))
CLIENTS = int(os.environ.get("WALLET_RANDOM_CLIENTS", "8"))
SEED = int(os.environ.get("WALLET_RANDOM_SEED", "20261201"))
PEOPLE = 10
GROUPS = 40
CAP = 3_000_000
K, S = WalletOperation.Kind, WalletOperation.Status


@dataclass
class World:
    people: list  # (user, wallet)
    finance: object
    groups: list  # (buyer index, group id)
    lock: threading.Lock = field(default_factory=threading.Lock)
    top_ups: list = field(default_factory=list)  # (reference, amount)
    done: list = field(default_factory=list)  # (name, kwargs, operation id) of successes with a key
    held: list = field(default_factory=list)  # (person index, operation id)
    withdrawals: list = field(default_factory=list)
    paid_orders: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)  # (what, expectation, result)
    serial: int = 0

    def key(self) -> str:
        with self.lock:
            self.serial += 1
            return f"k{self.serial}"


def call(name: str, **kwargs):
    return {
        "transfer": wallet_transfer,
        "withdraw": wallet_withdraw,
        "pay": wallet_pay,
    }[name](**kwargs)


def step(rng: random.Random, world: World) -> tuple[str, object, object]:
    """Runs one random operation; returns (what, expectation, result or the exception raised).
    The expectation is "any" (done, or refused by a rule a race may trigger), "refused" (must
    raise), "conflict" (must raise WALLET_IDEMPOTENCY_CONFLICT) or, for a replay, the first
    operation's id (must return it)."""
    ctx = {"what": "idle", "expectation": "any"}

    def doing(what: str, expectation: object = "any") -> None:
        ctx.update(what=what, expectation=expectation)

    i = rng.randrange(PEOPLE)
    user, wallet = world.people[i]
    roll = rng.random()
    try:
        if roll < 0.14:
            doing("top_up")
            amount = rng.randrange(50_000, 2_000_000)
            operation, _url = wallet_top_up(user=user, amount=amount, idempotency_key=world.key())
            with world.lock:
                world.top_ups.append((operation.attempt.reference, amount))
            return "top_up", "any", operation
        if roll < 0.24:
            with world.lock:
                pending = list(world.top_ups[-5:])
            if not pending:
                return "idle", "any", None
            doing("collect")
            reference, amount = rng.choice(pending)  # clients deliver the same callback at once
            return "collect", "any", payment_collected(reference=reference, amount=amount)
        if roll < 0.50:
            doing("transfer")
            j = rng.choice([j for j in range(PEOPLE) if j != i])
            kwargs = {
                "user": user,
                "phone": world.people[j][1].phone,
                "amount": rng.choice([rng.randrange(1_000, 150_000), rng.randrange(150_000, 900_000)]),
                "pin": PIN,
                "idempotency_key": world.key(),
            }
            operation = wallet_transfer(**kwargs)
            with world.lock:
                world.done.append(("transfer", kwargs, operation.pk))
                if operation.status == S.HELD:
                    world.held.append((i, operation.pk))
            return "transfer", "any", operation
        if roll < 0.56:
            with world.lock:
                held = list(world.held[-8:])
            if not held:
                return "idle", "any", None
            doing("cancel")
            sender, operation_id = rng.choice(held)
            return (
                "cancel",
                "any",
                wallet_transfer_cancel(user=world.people[sender][0], operation_id=operation_id),
            )
        if roll < 0.60:
            doing("holds_post")
            return "holds_post", "any", wallet_holds_post(now=timezone.now() + timedelta(days=1))
        if roll < 0.67:
            doing("withdraw")
            kwargs = {
                "user": user,
                "amount": rng.randrange(10_000, 600_000),
                "pin": PIN,
                "idempotency_key": world.key(),
            }
            operation = wallet_withdraw(**kwargs)
            with world.lock:
                world.done.append(("withdraw", kwargs, operation.pk))
                world.withdrawals.append(operation.pk)
            return "withdraw", "any", operation
        if roll < 0.73:
            with world.lock:
                pending = list(world.withdrawals[-6:])
            if not pending:
                return "idle", "any", None
            doing("mark")
            paid = rng.random() < 0.6
            result = withdrawal_mark(
                user=world.finance,
                operation_id=rng.choice(pending),
                paid=paid,
                reference="FT26" + world.key() if paid else "",
                note="" if paid else "Sai số tài khoản",
            )
            return "mark", "any", result
        if roll < 0.80:
            doing("pay")
            buyer, group_id = rng.choice(world.groups)
            kwargs = {
                "user": world.people[buyer][0],
                "group_id": group_id,
                "pin": PIN,
                "idempotency_key": world.key(),
            }
            operation = wallet_pay(**kwargs)
            with world.lock:
                world.done.append(("pay", kwargs, operation.pk))
                world.paid_orders.extend(
                    PaymentGroup.objects.get(pk=group_id).orders.values_list("pk", flat=True)
                )
            return "pay", "any", operation
        if roll < 0.84:
            with world.lock:
                orders = list(world.paid_orders)
            if not orders:
                return "idle", "any", None
            doing("refund")
            amount = rng.choice([None, rng.randrange(1_000, 20_000)])
            refund = refund_create(
                user=world.finance, order_id=rng.choice(orders), amount=amount, reason="Khách trả hàng"
            )
            return "refund", "any", refund
        if roll < 0.90:
            doing("wrong_pin", "refused")
            j = rng.choice([j for j in range(PEOPLE) if j != i])
            operation = wallet_transfer(
                user=user,
                phone=world.people[j][1].phone,
                amount=10_000,
                pin="135792",
                idempotency_key=world.key(),
            )
            return "wrong_pin", "refused", operation
        with world.lock:
            done = list(world.done)
        if not done:
            return "idle", "any", None
        name, kwargs, operation_id = rng.choice(done)
        if rng.random() < 0.5:
            doing("replay", operation_id)
            return "replay", operation_id, call(name, **kwargs)
        doing("conflict", "conflict")
        if name == "pay":  # the same key for another group of the same buyer
            same_buyer = [
                g for b, g in world.groups if world.people[b][0] == kwargs["user"] and g != kwargs["group_id"]
            ]
            other = {**kwargs, "group_id": rng.choice(same_buyer)}
        else:
            other = {**kwargs, "amount": kwargs["amount"] + 1}
        return "conflict", "conflict", call(name, **other)
    except Exception as exc:  # judged after the run
        return ctx["what"], ctx["expectation"], exc


def client(world: World, seed: int, ops: int) -> None:
    rng = random.Random(seed)
    for _ in range(ops):
        what, expectation, result = step(rng, world)
        with world.lock:
            world.outcomes.append((what, expectation, result))


def setup_world() -> World:
    people = []
    for n in range(PEOPLE):
        wallet = personal_wallet(holder_name=f"Người Thử {n}", balance=1_000_000)
        wallet_bank_account_set(
            user=wallet.user,
            bank_bin="970415",
            account_number=f"1000{n:06d}",
            holder_name=wallet.holder_name,
            pin=PIN,
        )
        people.append((wallet.user, wallet))
    groups = []
    for g in range(GROUPS):
        buyer = g % PEOPLE
        group = awaiting_group(method="wallet", buyer=people[buyer][0], price=rng_price(g))
        groups.append((buyer, group.pk))
    finance = UserFactory(role="finance")
    return World(people=people, finance=finance, groups=groups)


def rng_price(g: int) -> int:
    return 20_000 + (g * 7919) % 300_000


def judge(world: World) -> None:
    bad = []
    for what, expectation, result in world.outcomes:
        if isinstance(result, Exception):
            if isinstance(result, LedgerInsufficientFunds) or not isinstance(result, DomainError):
                bad.append((what, "not a domain refusal", repr(result)))
            elif expectation == "conflict" and not isinstance(result, WalletIdempotencyConflict):
                bad.append((what, "a reused key refused with another code", result.code))
            elif what == "replay":
                bad.append((what, "a replay of a done request was refused", result.code))
        elif expectation == "refused":
            bad.append((what, "a wrong PIN moved money", result))
        elif expectation == "conflict":
            bad.append((what, "a reused key with other fields was accepted", result))
        elif what == "replay" and result.pk != expectation:
            bad.append((what, "a replay made a second operation", result.pk))
    assert not bad, bad[:20]


def expected_totals(wallet: Wallet) -> tuple[int, int, int, int]:
    """(debits posted, credits posted, debits pending, credits pending) from the operations."""
    dp = cp = dpend = cpend = 0
    for op in WalletOperation.objects.filter(wallet=wallet):
        if op.kind == K.TOP_UP and op.status == S.COMPLETED:
            cp += op.amount
        elif op.kind == K.REFUND:
            if op.status == S.COMPLETED:
                cp += op.amount
            elif op.status == S.PENDING:
                cpend += op.amount
        elif op.kind in (K.TRANSFER, K.WITHDRAWAL, K.PAYMENT):
            if op.status == S.COMPLETED:
                dp += op.amount
            elif op.status in (S.HELD, S.PENDING):
                dpend += op.amount
    for op in WalletOperation.objects.filter(counterparty=wallet, kind=K.TRANSFER):
        if op.status == S.COMPLETED:
            cp += op.amount
        elif op.status == S.HELD:
            cpend += op.amount
    return dp, cp, dpend, cpend


def test_ten_thousand_random_wallet_operations_from_parallel_clients_keep_every_rule(settings):
    settings.WALLET_MONTHLY_CAP = CAP
    settings.WALLET_HOLD_NEW_RECIPIENT_ABOVE = 400_000
    settings.WALLET_VELOCITY_COUNT = 6
    settings.WALLET_VELOCITY_MINUTES = 1
    settings.WALLET_PIN_MAX_FAILURES = 3
    settings.WALLET_PIN_LOCK_MINUTES = 0  # a lockout ends at once: the run goes on, the path is taken
    settings.ORDER_PAYMENT_TIMEOUT_MINUTES = 24 * 60
    world = setup_world()
    funded = {w.pk: 1_000_000 for _u, w in world.people}

    per_client = OPS // CLIENTS
    run_in_parallel(*[lambda c=c: client(world, SEED + c, per_client) for c in range(CLIENTS)])
    assert len(world.outcomes) == per_client * CLIENTS >= 10_000 or OPS < 10_000
    judge(world)
    import collections

    print(
        collections.Counter(
            (w if isinstance(w, str) else "raised", type(r).__name__ if isinstance(r, Exception) else "ok")
            for w, _e, r in world.outcomes
        )
    )

    findings = ledger_audit()
    assert findings.ok, report_lines(findings)
    for _user, wallet in world.people:
        account = LedgerAccount.objects.get(pk=wallet.account_id)
        assert account.debits_posted + account.debits_pending <= account.credits_posted
        dp, cp, dpend, cpend = expected_totals(wallet)
        assert (account.debits_posted, account.credits_posted - funded[wallet.pk]) == (dp, cp)
        assert (account.debits_pending, account.credits_pending) == (dpend, cpend)
        counted = defaultdict(int)
        for op in WalletOperation.objects.filter(wallet=wallet, cap_month__isnull=False).exclude(
            status__in=[S.CANCELLED, S.REJECTED, S.FAILED]
        ):
            counted[op.cap_month] += op.amount
        for usage in WalletMonthlyUsage.objects.filter(wallet=wallet):
            assert usage.debited <= CAP
            assert usage.debited == counted[usage.month]

    # Every top-up credited at most once, and exactly when its operation completed.
    credits = dict(
        JournalEntry.objects.filter(kind="wallet_top_up")
        .values("key")
        .annotate(n=Count("id"))
        .values_list("key", "n")
    )
    assert all(n == 1 for n in credits.values())
    completed_top_ups = WalletOperation.objects.filter(kind=K.TOP_UP, status=S.COMPLETED).count()
    assert completed_top_ups == len([k for k in credits if not k.startswith("test-fund")])
    kinds = {what for what, _e, result in world.outcomes if not isinstance(result, Exception)}
    assert {"top_up", "collect", "transfer", "cancel", "withdraw", "mark", "pay", "refund", "replay"} <= kinds
