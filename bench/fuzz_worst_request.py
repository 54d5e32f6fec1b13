"""The most expensive requests the GraphQL limits still accept: for each shape, the largest
page size the limits let through, then its time and peak Python memory (tracemalloc) through Django's full
request stack (test client, DEBUG off). Reads the database DATABASE_URL points at (seed it
with `manage.py seed_demo` first), anonymous.

    .venv/bin/python bench/fuzz_worst_request.py --runs 5
"""

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = [
    "mien", "mat ong", "che", "gao", "thit trau", "ruou", "cam", "buoi", "nam", "mang",
    "tra", "banh", "ca", "ga", "dua", "hong", "la", "nep", "sam", "tieu",
]  # fmt: skip
CARD = "name slug priceMin priceMax inStock ocopStars category { name } thumbnail { url }"
SHAPES = {
    "searches with facets": lambda n, k: " ".join(
        f's{i}: search(query: "{w}", first: {n}) {{ totalCount correctedQuery '
        f"facets {{ field buckets {{ key label count }} }} edges {{ highlight {{ name }} node {{ {CARD} }} }} }}"
        for i, w in enumerate(WORDS[:k])
    ),
    "filtered listings with counts": lambda n, k: " ".join(
        f's{i}: products(first: {n}, filter: {{search: "{w}"}}) {{ totalCount edges {{ node {{ {CARD} }} }} }}'
        for i, w in enumerate(WORDS[:k])
    ),
    "listings with sellers and their certificates": lambda n, k: " ".join(
        f"l{i}: products(first: {n}) {{ totalCount edges {{ node {{ {CARD} variants {{ name sku price stock }} "
        "business { name productCount commune { name } ocopCertificates { number stars productName } } } } }"
        for i in range(k)
    ),
    "suggestion lists": lambda n, k: " ".join(
        f's{i}: searchSuggest(prefix: "{w}", first: {min(n, 20)}) {{ name product {{ {CARD} }} }}'
        for i, w in enumerate(WORDS[:k])
    ),
}


def accepted(schema, query: str) -> bool:
    from graphql import parse, validate

    from marketplace.graphql.views import MarketplaceGraphQLView

    return not validate(schema, parse(query), MarketplaceGraphQLView.validation_rules)


def largest_accepted(schema, shape) -> tuple[int, int] | None:
    """(aliases, page size): the most aliases (up to 20) the limits accept at a page of one,
    then the largest page at that many aliases."""
    aliases = next((k for k in range(len(WORDS), 0, -1) if accepted(schema, "{ " + shape(1, k) + " }")), None)
    if aliases is None:
        return None
    low, high = 1, 100
    while low < high:
        middle = (low + high + 1) // 2
        if accepted(schema, "{ " + shape(middle, aliases) + " }"):
            low = middle
        else:
            high = middle - 1
    return aliases, low


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from marketplace.graphql.schema import schema

    client = Client()
    print(f"search backend: {settings.SEARCH_BACKEND}; database: {settings.DATABASES['default']['ENGINE']}")
    print(f"limits: cost {settings.GRAPHQL_MAX_COST:,}, {settings.GRAPHQL_MAX_ROOT_FIELDS} root fields")
    print("| shape | aliases × page accepted | p50 (ms) | max (ms) | peak Python memory (MB) | errors |")
    print("|---|---:|---:|---:|---:|---|")
    for label, shape in SHAPES.items():
        largest = largest_accepted(schema.graphql_schema, shape)
        if largest is None:
            print(f"| {label} | refused at any size | | | | |")
            continue
        aliases, page = largest
        body = json.dumps({"query": "{ " + shape(page, aliases) + " }"})
        timings, codes = [], set()
        for run in range(args.runs + 1):
            started = time.perf_counter()
            response = client.post("/graphql/", data=body, content_type="application/json")
            if run:  # the first run warms caches
                timings.append(time.perf_counter() - started)
            codes |= {e.get("extensions", {}).get("code") for e in response.json().get("errors", [])}
        # Memory in a separate run: tracemalloc slows Python down several times.
        tracemalloc.start()
        client.post("/graphql/", data=body, content_type="application/json")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"| {label} | {aliases} × {page} | {statistics.median(timings) * 1000:.0f} | {max(timings) * 1000:.0f} | "
            f"{peak / 2**20:.1f} | {', '.join(sorted(c for c in codes if c)) or 'none'} |"
        )
    attack = " ".join(
        f's{i}: search(query: "mien", first: 20) {{ facets {{ field buckets {{ key count }} }} }}'
        for i in range(1000)
    )
    body = json.dumps({"query": "{ " + attack + " }"})
    started = time.perf_counter()
    response = client.post("/graphql/", data=body, content_type="application/json")
    elapsed = time.perf_counter() - started
    code = response.json()["errors"][0]["extensions"]["code"]
    print(
        f"\n1,000 aliased searches with facets (issue 8): HTTP {response.status_code} {code} in {elapsed * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
