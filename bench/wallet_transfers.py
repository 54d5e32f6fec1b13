"""Wallet transfers per second on PostgreSQL with 16 concurrent clients, p50/p95, through the
service a `walletTransfer` mutation calls (`payments.wallets.transfers.wallet_transfer`: the
owner's permission, the PIN, the recipient, the wallet row locks, the monthly cap, the journal
entry, the debit notice). Each client is a process with its own connection. Two workloads:

- spread: 64 personal wallets; client c sends from its own wallets to random others.
- hot: every client sends to ONE wallet (a popular stall receiving payments by phone), so every
  transfer locks that wallet's ledger row.

The PIN is checked with the hasher the site uses (`--pin-hasher default`: Django's PBKDF2, slow
on purpose: a 6-digit PIN has only a million values) or with MD5 (`--pin-hasher fast`) to show
what the rest costs. Holds and the cap are set out of the way (huge thresholds): this measures
the posting path, not the cooling-off.

Writes to the database it is given (its own users and wallets); use a scratch database:

    createdb -h 127.0.0.1 -U postgres choso_wallet_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/choso_wallet_bench
    .venv/bin/python manage.py migrate -v0 && .venv/bin/python bench/wallet_transfers.py
"""

import argparse
import multiprocessing
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

PIN = "482915"
HASHERS = {
    "default": None,  # the site's PASSWORD_HASHERS
    "fast": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


def _setup(pin_hasher: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # the console notices of every debit
    os.environ["WALLET_HOLD_NEW_RECIPIENT_ABOVE"] = str(10**12)
    os.environ["WALLET_VELOCITY_COUNT"] = str(10**9)
    os.environ["WALLET_MONTHLY_CAP"] = str(10**15)
    os.environ["WALLET_RECIPIENT_LOOKUPS_PER_HOUR"] = str(10**9)
    import django
    from django.conf import settings

    django.setup()
    if HASHERS[pin_hasher]:
        settings.PASSWORD_HASHERS = HASHERS[pin_hasher]


def _wallets(run: str, count: int) -> list[tuple[int, str, int]]:
    """(user id, phone, wallet id) of `count` funded personal wallets."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from marketplace.accounts.models import User
    from payments.ledger.accounts import BANK_CLEARING
    from payments.ledger.services import Move, ledger_post
    from payments.wallets.core import wallet_account_code, wallet_account_create
    from payments.wallets.models import Wallet

    pin_hash = make_password(PIN)
    made = []
    base = random.randrange(10_000_000, 89_000_000)
    for n in range(count):
        phone = f"+8496{base + n:07d}"[:12]
        user = User.objects.create_user(phone=phone, password=None, full_name=f"Người thử {run} {n}")
        account = wallet_account_create(code=wallet_account_code(user_id=user.pk), name=phone, user=user)
        wallet = Wallet.objects.create(
            kind=Wallet.Kind.PERSONAL,
            status=Wallet.Status.ACTIVE,
            user=user,
            account=account,
            phone=user.phone,
            holder_name=user.full_name,
            phone_verified_at=timezone.now(),
            pin_hash=pin_hash,
        )
        ledger_post(
            key=f"bench:{run}:fund:{n}",
            kind="wallet_top_up",
            moves=[Move(BANK_CLEARING, account.code, 10**10)],
        )
        made.append((user.pk, user.phone, wallet.pk))
    return made


def _client(index: int, senders: list, recipients: list, transfers: int, start_at: float, results) -> None:
    from django.db import connections

    from marketplace.accounts.models import User
    from payments.wallets.transfers import wallet_transfer

    connections.close_all()  # never share the parent's socket
    users = {pk: User.objects.get(pk=pk) for pk, _phone, _w in senders}
    rng = random.Random(index)
    latencies, errors = [], 0
    while time.time() < start_at:
        time.sleep(0.001)
    for n in range(transfers):
        sender = senders[n % len(senders)]
        recipient = rng.choice([r for r in recipients if r[0] != sender[0]])
        began = time.perf_counter()
        try:
            wallet_transfer(user=users[sender[0]], phone=recipient[1], amount=1_000 + n, pin=PIN)
        except Exception as exc:  # counted: a refused transfer is not a transfer per second
            errors += 1
            if errors == 1:
                print(f"client {index}: {exc!r}", file=sys.stderr)
        latencies.append((time.perf_counter() - began) * 1000)
    results.put((latencies, errors, time.time()))
    connections.close_all()


def run(*, plans: list[tuple[list, list]], transfers: int) -> dict:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1.0
    processes = [
        context.Process(target=_client, args=(i, senders, recipients, transfers, start_at, results))
        for i, (senders, recipients) in enumerate(plans)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(ms for outcome in outcomes for ms in outcome[0])
    errors = sum(outcome[1] for outcome in outcomes)
    wall = max(outcome[2] for outcome in outcomes) - start_at
    return {
        "transfers": len(latencies) - errors,
        "errors": errors,
        "per_second": (len(latencies) - errors) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))],
    }


def statements_per_transfer(wallets) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.accounts.models import User
    from payments.wallets.transfers import wallet_transfer

    user = User.objects.get(pk=wallets[0][0])
    with CaptureQueriesContext(connection) as queries:
        wallet_transfer(user=user, phone=wallets[1][1], amount=1_000, pin=PIN)
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--transfers", type=int, default=1600, help="Per workload (split over clients).")
    parser.add_argument("--workloads", nargs="+", default=["spread", "hot"], choices=["spread", "hot"])
    parser.add_argument("--pin-hasher", default="default", choices=sorted(HASHERS))
    args = parser.parse_args()
    _setup(args.pin_hasher)
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a scratch PostgreSQL database: the figure is about row locks there.")
    run_id = secrets.token_hex(3)
    wallets = _wallets(run_id, 64 + args.clients)
    people, hot = wallets[:64], wallets[64:]
    print(f"SQL statements per transfer: {statements_per_transfer(people)}; PIN hasher: {args.pin_hasher}")
    print("| workload | clients | transfers | transfers/s | p50 (ms) | p95 (ms) | refused |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    per_client = max(1, args.transfers // args.clients)
    for workload in args.workloads:
        if workload == "spread":
            plans = [(people[c :: args.clients], people) for c in range(args.clients)]
        else:  # every client's own wallet → the one popular wallet
            plans = [([hot[c]], [people[0]]) for c in range(args.clients)]
        figures = run(plans=plans, transfers=per_client)
        print(
            f"| {workload} | {args.clients} | {figures['transfers']} | {figures['per_second']:.0f} | "
            f"{figures['p50']:.1f} | {figures['p95']:.1f} | {figures['errors']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
