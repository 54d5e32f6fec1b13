"""Real parallel clients for the PostgreSQL race tests: threads, each with its own connection."""

import threading

from django.db import connections


def run_in_parallel(*calls):
    """Starts every call at the same moment on its own thread and DB connection; returns
    each call's result or the exception it raised (a deadlock shows up as an OperationalError)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
