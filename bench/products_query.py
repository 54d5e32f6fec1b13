"""Latency of the public product listing, through Django's full request stack.

Reads the database the settings point at (DATABASE_URL), as `seed_demo` left it; it never
creates a test database. Prints markdown table rows for bench/RESULTS.md.

    DATABASE_URL=sqlite:////tmp/scale100.sqlite3 .venv/bin/python bench/products_query.py

With `--url`, it times a server started on the same database from outside instead (the rows of
bench/RESULTS.md "from outside").
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

LISTING = """query Listing {
  products(first: 20%s) {
    totalCount
    edges { node {
      id name slug priceMin priceMax inStock ocopStars
      thumbnail { url }
      category { name }
      business { name kind }
      variants { name sku price stock unit }
    } }
  }
}"""
NESTED = LISTING.replace(
    "business { name kind }", "business { name kind productCount ocopCertificates { number stars } }"
)
CASES = {
    "products(first: 20)": LISTING % "",
    "+ business { productCount ocopCertificates }": NESTED % "",
    "+ filter ocopStars [4,5], sort PRICE ASC": LISTING
    % ", filter: {ocopStars: [4, 5]}, sortBy: {field: PRICE, direction: ASC}",
}


def _setup(debug: bool) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    # Production-like by default: with DEBUG on, Django keeps every SQL statement and
    # graphene-django adds its SQL-recording debug middleware, both of which cost time.
    os.environ["DEBUG"] = "1" if debug else "0"
    if not debug:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # never serves a request
    import django

    django.setup()


class HttpClient:
    """Posts to a running server (`--url`), so the time includes nothing of this process."""

    def __init__(self, url: str):
        self.url = url

    def post(self, path, *, data, content_type):
        import urllib.request

        request = urllib.request.Request(self.url, data.encode(), {"Content-Type": content_type})
        with urllib.request.urlopen(request) as response:
            body = response.read()
        return type("Response", (), {"status_code": response.status, "json": lambda self: json.loads(body)})()


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client, query: str, *, iterations: int, warmup: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body = json.dumps({"query": query})

    def post():
        response = client.post("/graphql/", data=body, content_type="application/json")
        payload = response.json()
        if response.status_code != 200 or payload.get("errors"):
            raise SystemExit(f"Query failed ({response.status_code}): {payload}")
        return payload

    for _ in range(warmup):
        post()
    with CaptureQueriesContext(connection) as queries:
        payload = post()
    sql_count = len(queries)  # now: the next request's reset_queries empties the log it reads
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        post()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50": statistics.median(samples),
        "p95": _percentile(samples, 0.95),
        "sql": sql_count,
        "total": payload["data"]["products"]["totalCount"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--label", default="", help="First column of the table row, e.g. `scale 100`.")
    parser.add_argument("--debug", action="store_true", help="Measure with DEBUG on (as `runserver` runs).")
    parser.add_argument(
        "--url",
        help="Time a running server from outside, e.g. http://127.0.0.1:8765/graphql/ (no SQL count).",
    )
    args = parser.parse_args()
    _setup(args.debug)

    from django.db import connection
    from django.test import Client

    from catalog.models import Product

    products = Product.objects.count()
    if not products:
        raise SystemExit("Cơ sở dữ liệu chưa có sản phẩm: chạy `python manage.py seed_demo` trước.")
    label = args.label or f"{products:,} products"
    client = HttpClient(args.url) if args.url else Client()
    print(
        f"<!-- {connection.vendor}, DEBUG={'on' if args.debug else 'off'}, {args.iterations} requests after "
        f"{args.warmup} warm-up, {time.strftime('%Y-%m-%d')} -->"
    )
    print("| data | query | p50 (ms) | p95 (ms) | SQL queries | totalCount |")
    print("|---|---|---:|---:|---:|---:|")
    for name, query in CASES.items():
        result = measure(client, query, iterations=args.iterations, warmup=args.warmup)
        print(
            f"| {label} ({connection.vendor}) | `{name}` | {result['p50']:.1f} | {result['p95']:.1f} "
            f"| {'—' if args.url else result['sql']} | {result['total']:,} |"
        )


if __name__ == "__main__":
    main()
