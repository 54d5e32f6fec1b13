"""One index writer at a time, across every process of the site.

tantivy refuses a second writer (LockBusy), and two Elasticsearch workers applying changes for
the same product out of order could leave the older state in the index. PostgreSQL gives a lock
every host sees (advisory lock); SQLite deployments are single-host, so a file lock will do."""

import fcntl
import zlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

_ADVISORY_KEY = zlib.crc32(b"choso.search.writer")


@contextmanager
def writer_lock(*, wait: bool):
    """Yields True when this process holds the lock; with `wait=False`, False when another does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if wait:
                cursor.execute("SELECT pg_advisory_lock(%s)", [_ADVISORY_KEY])
                acquired = True
            else:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [_ADVISORY_KEY])
                acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_ADVISORY_KEY])
        return
    directory = Path(settings.SEARCH_INDEX_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "writer.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
