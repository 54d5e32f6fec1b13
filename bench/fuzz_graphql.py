"""Schema-driven fuzzing of /graphql/ at scale: the suite's fuzz test (tests/fuzz) with many
more examples, every failure collected instead of stopping at the first.

Runs in a fresh SQLite database (or DATABASE_URL) seeded with the fuzz dataset; search uses
the database backend unless SEARCH_BACKEND is set.

    .venv/bin/python bench/fuzz_graphql.py --examples 5000
"""

import argparse
import collections
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=5000, help="operations in all, split over the roles")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="choso-fuzz-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/fuzz.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("SEARCH_BACKEND", "database")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("LOG_LEVEL", "ERROR")  # the harness reads logged tracebacks
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # 400s are expected by the thousand
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings

    from tests.fuzz import harness

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    data = harness.seed()
    per_role = max(1, args.examples // len(harness.ROLES))
    tried = collections.Counter()
    failures: list[str] = []
    outcomes = collections.Counter()
    timings: list[float] = []
    client = Client()
    started = time.perf_counter()
    for role in harness.ROLES:
        token = harness.token_for(data, role)

        @hypothesis_settings(
            max_examples=per_role, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(query=harness.operations(data))
        def one(query):
            tried[role] += 1
            t0 = time.perf_counter()
            failure = harness.run(client, token, query, outcomes)
            timings.append(time.perf_counter() - t0)
            if failure:
                failures.append(f"--- as {role} ---\n{query}\n{failure}")
            response = client.post(
                "/graphql/", data=json.dumps({"query": "{ __typename }"}), content_type="application/json"
            )  # keeps the connection honest: a broken transaction would show here
            assert response.status_code == 200

        one()
    elapsed = time.perf_counter() - started
    timings.sort()
    print(f"operations tried: {sum(tried.values())} ({', '.join(f'{r} {n}' for r, n in tried.items())})")
    print(f"failures (HTTP 500, INTERNAL_ERROR, > {harness.SLOW_REQUEST_SECONDS:.0f} s): {len(failures)}")
    print(
        f"per request: p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p99 {timings[int(len(timings) * 0.99)] * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms; "
        f"wall {elapsed:.0f} s"
    )
    print("answers (error codes at top level, mutation: the codes in mutation payloads):")
    print(", ".join(f"{code} {n}" for code, n in outcomes.most_common()))
    for failure in failures[:10]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
