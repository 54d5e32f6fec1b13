"""Ledger entries per second on PostgreSQL, with 1, 4 and 16 concurrent clients.

Each client is a separate process with its own connection calling `ledger_post` directly (no
HTTP): the figure is the ledger's own cost. Two workloads:

- hot: what the platform does all day, every entry on the shared accounts. Each client posts
  pairs: a payment (vnpay_clearing → escrow) and the release of that order (escrow → one of 50
  sellers, → commission_revenue, → tax_withheld). Every entry locks escrow.
- cold: the same pairs between accounts of the client's own (no shared row), to show what the
  hot accounts' row locks cost.

Writes to the database it is given (its own accounts `bench:<run>:…` and entries `bench:<run>:…`);
use a scratch database:

    createdb -h 127.0.0.1 -U postgres choso_ledger_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/choso_ledger_bench
    .venv/bin/python manage.py migrate -v0 && .venv/bin/python bench/ledger_throughput.py
"""

import argparse
import multiprocessing
import os
import secrets
import statistics
import sys
import time
from pathlib import Path


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()


def _accounts(run: str, clients: int) -> dict:
    """Per client: the accounts its entries move between (hot: the platform's; cold: its own)."""
    from payments.ledger.accounts import (
        COMMISSION_REVENUE,
        ESCROW,
        PLATFORM_ACCOUNTS,
        TAX_WITHHELD,
        VNPAY_CLEARING,
        accounts_ensure,
    )
    from payments.ledger.models import LedgerAccount

    accounts_ensure([spec.code for spec in PLATFORM_ACCOUNTS])

    def make(code: str, never_negative: bool = False) -> str:
        LedgerAccount.objects.create(
            code=code, name=code, kind="platform", debits_must_not_exceed_credits=never_negative
        )
        return code

    sellers = [make(f"bench:{run}:seller:{i}") for i in range(50)]
    hot = {"clearing": VNPAY_CLEARING, "escrow": ESCROW, "revenue": COMMISSION_REVENUE, "tax": TAX_WITHHELD}
    plans = {"hot": [], "cold": []}
    for c in range(clients):
        plans["hot"].append({**hot, "sellers": sellers})
        plans["cold"].append(
            {
                "clearing": make(f"bench:{run}:{c}:clearing"),
                "escrow": make(f"bench:{run}:{c}:escrow", never_negative=True),
                "revenue": make(f"bench:{run}:{c}:revenue", never_negative=True),
                "tax": make(f"bench:{run}:{c}:tax", never_negative=True),
                "sellers": [make(f"bench:{run}:{c}:seller")],
            }
        )
    return plans


def _client(run: str, index: int, plan: dict, pairs: int, start_at: float, results) -> None:
    from django.db import connections

    from payments.ledger.services import Move, ledger_post

    connections.close_all()  # never share the parent's socket
    latencies = []
    while time.time() < start_at:
        time.sleep(0.001)
    for n in range(pairs):
        amount = 100_000 + n
        commission, tax = amount * 3 // 100, amount * 15 // 1000
        seller = plan["sellers"][(index * 7 + n) % len(plan["sellers"])]
        order = f"bench:{run}:{index}:{n}"
        began = time.perf_counter()
        ledger_post(
            key=f"{order}:pay", kind="payment", moves=[Move(plan["clearing"], plan["escrow"], amount)]
        )
        middle = time.perf_counter()
        ledger_post(
            key=f"{order}:release",
            kind="release",
            moves=[
                Move(plan["escrow"], seller, amount - commission - tax),
                Move(plan["escrow"], plan["revenue"], commission),
                Move(plan["escrow"], plan["tax"], tax),
            ],
        )
        ended = time.perf_counter()
        latencies += [(middle - began) * 1000, (ended - middle) * 1000]
    results.put((latencies, time.time()))
    connections.close_all()


def run(*, run_id: str, plans: list[dict], clients: int, pairs: int) -> dict:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1.0
    processes = [
        context.Process(target=_client, args=(run_id, i, plans[i], pairs, start_at, results))
        for i in range(clients)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(ms for outcome in outcomes for ms in outcome[0])
    wall = max(outcome[1] for outcome in outcomes) - start_at
    return {
        "entries": len(latencies),
        "per_second": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))],
    }


def statements_per_entry() -> tuple[int, int]:
    """SQL statements of one payment and one release entry (a fresh key each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from payments.ledger.accounts import COMMISSION_REVENUE, ESCROW, TAX_WITHHELD, VNPAY_CLEARING
    from payments.ledger.services import Move, ledger_post

    key = f"bench:count:{secrets.token_hex(4)}"
    with CaptureQueriesContext(connection) as payment:
        ledger_post(key=f"{key}:pay", kind="payment", moves=[Move(VNPAY_CLEARING, ESCROW, 1000)])
    with CaptureQueriesContext(connection) as release:
        ledger_post(
            key=f"{key}:release",
            kind="release",
            moves=[Move(ESCROW, COMMISSION_REVENUE, 900), Move(ESCROW, TAX_WITHHELD, 100)],
        )
    return len(payment), len(release)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--workloads", nargs="+", default=["hot", "cold"], choices=["hot", "cold"])
    parser.add_argument("--entries", type=int, default=1600, help="Per configuration (split over clients).")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a scratch PostgreSQL database: the figure is about row locks there.")
    payment, release = statements_per_entry()
    print(f"SQL statements per entry (autocommit): payment {payment}, release {release}")
    print("| workload | clients | entries | entries/s | p50 (ms) | p95 (ms) |")
    print("|---|---:|---:|---:|---:|---:|")
    for workload in args.workloads:
        for clients in args.clients:
            run_id = secrets.token_hex(3)
            plans = _accounts(run_id, clients)[workload]
            pairs = max(1, args.entries // clients // 2)
            figures = run(run_id=run_id, plans=plans, clients=clients, pairs=pairs)
            print(
                f"| {workload} | {clients} | {figures['entries']} | {figures['per_second']:.0f} | "
                f"{figures['p50']:.1f} | {figures['p95']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
