"""Checkout completions per second on PostgreSQL, with 1, 4 and 16 concurrent clients.

Each client is a separate process with its own database connection, posting `checkoutComplete`
through Django's full request stack (test client, DEBUG off, cash on delivery). Every cart holds
the same 1 or 3 products (one per seller), the worst case: all clients queue on the same stock
rows. Carts are prepared before the clock starts. Needs a seeded database (`seed_demo`) that it
may write to: it raises the chosen variants' stock and leaves the orders behind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/choso_bench .venv/bin/python bench/checkout_complete.py
"""

import argparse
import json
import multiprocessing
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

COMPLETE = """mutation($id: ID!) { checkoutComplete(token: $id, paymentMethod: COD) {
  paymentGroup { number amount } orders { number total } errors { code message } } }"""


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # never serves a real request
    os.environ.setdefault("ORDER_NOTIFICATION_BACKENDS", "orders.notifications.MemoryBackend")
    import django

    django.setup()
    # Build the schema and URL table once, before forking, so no client's first request pays it.
    from django.urls import get_resolver

    import marketplace.graphql.schema  # noqa: F401

    get_resolver().resolve("/graphql/")


def _hot_variants(sellers: int) -> list[int]:
    """One public variant from each of `sellers` sellers, with stock no run can exhaust."""
    from catalog.models import ProductVariant

    chosen, seen = [], set()
    for variant in ProductVariant.objects.filter(product__is_public=True).order_by("pk").iterator():
        if variant.business_id not in seen:
            seen.add(variant.business_id)
            chosen.append(variant.pk)
        if len(chosen) == sellers:
            break
    ProductVariant.objects.filter(pk__in=chosen).update(stock=1_000_000)
    return chosen


def _prepare_carts(count: int, variant_ids: list[int]) -> list[tuple[str, str]]:
    """(bearer token, checkout token) for `count` new buyers, each with a ready cart."""
    from marketplace.accounts.models import User
    from marketplace.accounts.tokens import ACCESS, issue_token
    from marketplace.regions.models import Commune
    from orders.services.checkout import checkout_create, checkout_shipping_address_update

    commune = Commune.objects.filter(province_id="08").first()
    run = secrets.token_hex(3)
    carts = []
    for i in range(count):
        buyer = User.objects.create_user(
            phone=f"+8498{int(run, 16) % 1000:03d}{i:04d}", full_name=f"Bench {i}"
        )
        checkout = checkout_create(user=buyer, lines=[(pk, 1) for pk in variant_ids])
        checkout_shipping_address_update(
            user=buyer,
            token=str(checkout.token),
            recipient_name="Người mua thử",
            recipient_phone="0912345678",
            province_code=commune.province_id,
            commune_code=commune.code,
            street_line="Tổ 1",
        )
        carts.append((issue_token(buyer, ACCESS), str(checkout.token)))
    return carts


def _client(carts, start_at, results):
    """One client process: its own connection, waits for the common start, completes its carts."""
    from django.db import connections
    from django.test import Client

    connections.close_all()  # never share the parent's socket
    client = Client()
    latencies, failures = [], 0
    while time.time() < start_at:
        time.sleep(0.001)
    for bearer, token in carts:
        began = time.perf_counter()
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": COMPLETE, "variables": {"id": token}}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {bearer}",
        )
        latencies.append((time.perf_counter() - began) * 1000)
        body = response.json()
        if "errors" in body or body["data"]["checkoutComplete"]["errors"]:
            failures += 1
    results.put((latencies, failures, time.time()))
    connections.close_all()


def run(*, clients: int, sellers: int, per_client: int) -> dict:
    from django.db import connections

    carts = _prepare_carts(clients * per_client, _hot_variants(sellers))
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1.0  # every process is forked and connected by then
    processes = [
        context.Process(target=_client, args=(carts[i::clients], start_at, results)) for i in range(clients)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(ms for outcome in outcomes for ms in outcome[0])
    wall = max(outcome[2] for outcome in outcomes) - start_at
    return {
        "completions": len(latencies),
        "failures": sum(outcome[1] for outcome in outcomes),
        "per_second": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--sellers", type=int, nargs="+", default=[1, 3])
    parser.add_argument(
        "--completions", type=int, default=320, help="Per configuration (split over clients)."
    )
    args = parser.parse_args()
    _setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a seeded PostgreSQL database: the figure is about row locks there.")
    print("| sellers per cart | clients | completions | failed | completions/s | p50 (ms) | p95 (ms) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for sellers in args.sellers:
        for clients in args.clients:
            figures = run(clients=clients, sellers=sellers, per_client=max(1, args.completions // clients))
            print(
                f"| {sellers} | {clients} | {figures['completions']} | {figures['failures']} | "
                f"{figures['per_second']:.0f} | {figures['p50']:.1f} | {figures['p95']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
