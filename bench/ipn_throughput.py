"""VNPay IPN callbacks verified and applied per second on PostgreSQL, with parallel clients.

Each client is a separate process with its own database connection, sending signed "paid" IPNs
(GET /payments/vnpay/ipn/) through Django's full request stack (test client, DEBUG off). Every
callback is sent twice, by two different clients, so half the traffic are repeats racing the
first delivery, as when VNPay retries. Groups (one order each, all from one seller: the escrow
and clearing accounts are hot rows for every IPN) and their attempts are prepared before the
clock starts. Afterwards the ledger is checked: one `pay:<reference>` entry per attempt, escrow
credited exactly once per group, every group paid, exactly one `00` per attempt.

Needs a seeded PostgreSQL database it may write to (it leaves its groups behind):

    createdb -h 127.0.0.1 -U postgres choso_bench_ipn
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/choso_bench_ipn
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python bench/ipn_throughput.py
"""

import argparse
import multiprocessing
import os
import secrets
import sys
import time
from collections import Counter
from pathlib import Path

SECRET = "BENCH-SECRET-0123456789ABCDEFGHIJ"


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # never serves a real request
    os.environ.setdefault("ORDER_NOTIFICATION_BACKENDS", "orders.notifications.MemoryBackend")
    # The "paid" notifications go to the outbox in the IPN's transaction either way; at this
    # volume `orders_worker` sends them, not the request that answers VNPay (set 1 to compare).
    os.environ.setdefault("ORDER_OUTBOX_INLINE", "0")
    os.environ["VNPAY_TMN_CODE"], os.environ["VNPAY_HASH_SECRET"] = "BENCH001", SECRET
    import django

    django.setup()
    from django.urls import get_resolver

    get_resolver().resolve("/payments/vnpay/ipn/")


def _prepare(count: int) -> list[dict]:
    """`count` awaiting VNPay groups of one buyer and one seller, and each one's signed IPN."""
    from catalog.models import ProductVariant
    from marketplace.accounts.models import User
    from marketplace.businesses.models import Business
    from marketplace.regions.models import Commune
    from orders.services.checkout import checkout_create, checkout_shipping_address_update
    from orders.services.complete import checkout_complete
    from payments.attempts import PaymentAttempt
    from payments.vnpay.client import canonical_query, hmac_sha512

    variant = (
        ProductVariant.objects.filter(product__is_public=True, business__status=Business.Status.APPROVED)
        .order_by("pk")
        .first()
    )
    if variant is None:
        sys.exit("No public product: run `manage.py seed_demo` on this database first.")
    ProductVariant.objects.filter(pk=variant.pk).update(stock=10_000_000)
    commune = Commune.objects.filter(province_id="08").first()
    run = secrets.token_hex(3)
    buyer = User.objects.create_user(phone=f"+8497{int(run, 16) % 10_000_000:07d}", full_name="Bench IPN")
    callbacks = []
    for i in range(count):
        checkout = checkout_create(user=buyer, lines=[(variant.pk, 1)])
        checkout_shipping_address_update(
            user=buyer,
            token=str(checkout.token),
            recipient_name="Người mua thử",
            recipient_phone="0912345678",
            province_code=commune.province_id,
            commune_code=commune.code,
            street_line="Tổ 1",
        )
        group = checkout_complete(user=buyer, token=str(checkout.token), payment_method="vnpay")
        attempt = PaymentAttempt.objects.get(group=group)
        params = {
            "vnp_Amount": str(attempt.amount * 100),
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{i}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": f"Thanh toan don hang {group.number}",
            "vnp_PayDate": "20261201093000",
            "vnp_ResponseCode": "00",
            "vnp_TmnCode": "BENCH001",
            "vnp_TransactionNo": str(20_000_000 + i),
            "vnp_TransactionStatus": "00",
            "vnp_TxnRef": attempt.reference,
        }
        params["vnp_SecureHash"] = hmac_sha512(SECRET, canonical_query(params))
        callbacks.append(params)
        if (i + 1) % 200 == 0:
            print(f"  prepared {i + 1}/{count} groups", file=sys.stderr, flush=True)
    return callbacks


def _client(callbacks, start_at, results):
    from django.db import connections
    from django.test import Client

    connections.close_all()  # never share the parent's socket
    client = Client()
    answers = Counter()
    while time.time() < start_at:
        time.sleep(0.001)
    for params in callbacks:
        answers[client.get("/payments/vnpay/ipn/", params).json()["RspCode"]] += 1
    results.put((answers, time.time()))
    connections.close_all()


def _escrow() -> int:
    from payments.ledger.models import LedgerAccount

    return LedgerAccount.objects.get(code="escrow").balance


def run(*, clients: int, callbacks: list[dict]) -> dict:
    from django.db import connections
    from django.db.models import Count

    from payments.attempts import PaymentAttempt
    from payments.ledger.models import JournalEntry

    escrow_before = _escrow()
    connections.close_all()
    # Every callback twice, the second copy on the next client: repeats race the first.
    shares = [callbacks[i::clients] for i in range(clients)]
    work = [shares[i] + shares[(i - 1) % clients] if clients > 1 else shares[i] * 2 for i in range(clients)]
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1.0
    processes = [context.Process(target=_client, args=(work[i], start_at, results)) for i in range(clients)]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    wall = max(finished for _, finished in outcomes) - start_at
    answers = sum((counts for counts, _ in outcomes), Counter())
    references = [params["vnp_TxnRef"] for params in callbacks]
    entries = (
        JournalEntry.objects.filter(key__in=[f"pay:{ref}" for ref in references])
        .values("key")
        .annotate(n=Count("pk"))
    )
    double = sum(1 for row in entries if row["n"] != 1) + (len(callbacks) - len(entries))
    amounts = sum(int(params["vnp_Amount"]) // 100 for params in callbacks)
    paid = PaymentAttempt.objects.filter(reference__in=references, status=PaymentAttempt.Status.PAID).count()
    return {
        "callbacks": sum(answers.values()),
        "per_second": sum(answers.values()) / wall,
        "applied_per_second": answers["00"] / wall,
        "answers": dict(answers),
        "ledger_ok": double == 0 and _escrow() - escrow_before == amounts and paid == len(callbacks),
        "double": double,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--groups", type=int, default=600, help="Per configuration (each IPN sent twice).")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a seeded PostgreSQL database: the figure is about row locks there.")
    print(
        "| clients | callbacks (half repeats) | callbacks/s | first deliveries applied/s | answers | ledger |"
    )
    print("|---:|---:|---:|---:|---|---|")
    for clients in args.clients:
        callbacks = _prepare(args.groups)
        figures = run(clients=clients, callbacks=callbacks)
        ledger = "one credit each" if figures["ledger_ok"] else f"**{figures['double']} wrong**"
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(figures["answers"].items()))
        print(
            f"| {clients} | {figures['callbacks']} | {figures['per_second']:.0f} | "
            f"{figures['applied_per_second']:.0f} | {answers} | {ledger} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
