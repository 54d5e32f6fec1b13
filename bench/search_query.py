"""Search latency and full-reindex time on the seeded catalogue.

Reads the database and engine the settings point at (DATABASE_URL, SEARCH_BACKEND,
SEARCH_INDEX_DIR, ELASTICSEARCH_URL), as `seed_demo` left them. Rebuilds the index first
(timed), then measures the engine in-process (`backend.search`, facets included) and the
GraphQL `search` end to end. Prints markdown for bench/RESULTS.md.

    DATABASE_URL=sqlite:////tmp/scale100.sqlite3 SEARCH_INDEX_DIR=/tmp/scale100-search \\
        .venv/bin/python bench/search_query.py --label "scale 100"
"""

import argparse
import json
import statistics
import time

from products_query import _percentile, _setup

# What buyers type: accented, unaccented, Telex, VNI, typos, prefixes, filters, browsing.
QUERIES = [
    ("Miến dong", {}),
    ("mien dong", {}),
    ("mieen dong", {}),
    ("mie6n dong", {}),
    ("mein dong", {}),
    ("mat ong rung", {}),
    ("cam sanhf", {}),
    ("che shan tuyet", {}),
    ("tra hoa vang", {}),
    ("mat o", {}),
    ("thit trau gac bep", {}),
    ("na hang", {}),
    ("cam", {"ocop_stars": [4, 5]}),
    ("", {"in_stock": True}),
]
FUZZY_ONLY = ["mein dong", "maat ongg", "tuyeet shan", "banh chung gu"]

GRAPHQL = """query ($q: String!) { search(query: $q, first: 20) {
  totalCount correctedQuery
  edges { highlight { name description } node { id name slug priceMin priceMax inStock ocopStars
    thumbnail { url } category { name } business { name kind } } }
  facets { field buckets { key label count } } } }"""


def _timed(fn, iterations: int, warmup: int) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), _percentile(samples, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--iterations", type=int, default=50, help="Per query.")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--label", default="")
    parser.add_argument("--no-reindex", action="store_true", help="Measure the index as it is.")
    args = parser.parse_args()
    _setup(debug=False)

    from django.db import connection
    from django.test import Client

    from search import services
    from search.backends import get_backend
    from search.query import SearchFilters, SearchRequest

    backend = get_backend()
    reindex_seconds = None
    if not args.no_reindex:
        started = time.perf_counter()
        indexed = services.search_reindex(backend=backend)
        reindex_seconds = time.perf_counter() - started
    else:
        indexed = backend.count()

    def engine_samples(queries) -> list[float]:
        samples = []
        for text, filters in queries:
            request = SearchRequest(text=text, filters=SearchFilters(**filters), limit=20, facets=True)
            for _ in range(args.warmup):
                backend.search(request)
            for _ in range(args.iterations):
                started = time.perf_counter()
                backend.search(request)
                samples.append((time.perf_counter() - started) * 1000)
        return samples

    every = engine_samples(QUERIES)
    fuzzy = engine_samples([(q, {}) for q in FUZZY_ONLY])
    client = Client()

    def graphql_samples() -> list[float]:
        samples = []
        for text, _filters in QUERIES:
            body = json.dumps({"query": GRAPHQL, "variables": {"q": text}})
            for i in range(args.warmup + args.iterations):
                started = time.perf_counter()
                response = client.post("/graphql/", data=body, content_type="application/json")
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200 or "errors" in response.json():
                    raise SystemExit(f"search failed: {response.content[:300]!r}")
                if i >= args.warmup:
                    samples.append(elapsed)
        return samples

    api = graphql_samples()
    label = args.label or f"{indexed:,} documents"
    print(
        f"<!-- {backend.name} on {connection.vendor}, {len(QUERIES)} queries × {args.iterations} after "
        f"{args.warmup} warm-up, {time.strftime('%Y-%m-%d')} -->"
    )
    print(
        "| data | engine | documents | reindex (s) | in-process p50 / p95 (ms) | fuzzy-only p50 / p95 (ms) | GraphQL p50 / p95 (ms) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    print(
        f"| {label} | {backend.name} | {indexed:,} | {reindex_seconds:.1f} | "
        f"{statistics.median(every):.2f} / {_percentile(every, 0.95):.2f} | "
        f"{statistics.median(fuzzy):.2f} / {_percentile(fuzzy, 0.95):.2f} | "
        f"{statistics.median(api):.1f} / {_percentile(api, 0.95):.1f} |"
        if reindex_seconds is not None
        else f"| {label} | {backend.name} | {indexed:,} | – | "
        f"{statistics.median(every):.2f} / {_percentile(every, 0.95):.2f} | "
        f"{statistics.median(fuzzy):.2f} / {_percentile(fuzzy, 0.95):.2f} | "
        f"{statistics.median(api):.1f} / {_percentile(api, 0.95):.1f} |"
    )


if __name__ == "__main__":
    main()
