import threading

import pytest
from django.db import connection

from marketplace.accounts.throttle_store import DatabaseCounterStore


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_failures_on_separate_connections_are_all_counted():
    """Each thread is a server process of its own: none of their increments may be lost."""
    workers = 8
    barrier = threading.Barrier(workers)
    returned: list[int] = []

    def fail_once():
        try:
            barrier.wait()
            returned.append(DatabaseCounterStore().incr("pair:user:1:203.0.113.66", 900))
        finally:
            connection.close()

    threads = [threading.Thread(target=fail_once) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(returned) == list(range(1, workers + 1))
    assert DatabaseCounterStore().get("pair:user:1:203.0.113.66") == workers
