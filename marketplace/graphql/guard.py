"""Bounds on how long one GraphQL request may run.

Between resolvers, a middleware refuses to start more work once the request's deadline has
passed; on PostgreSQL a statement_timeout stops a single query that would outlive it. The
middleware also turns a stray BaseException (a panic in a native extension) into an ordinary
error, so it is masked as INTERNAL_ERROR instead of escaping as an HTTP 500.
"""

import logging
import time
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection

from marketplace.graphql.errors import RequestTimedOut, ResolverCrashed

logger = logging.getLogger("marketplace.graphql")
DEADLINE_ATTRIBUTE = "graphql_deadline"


def start_clock(request) -> None:
    seconds = settings.GRAPHQL_REQUEST_TIMEOUT_SECONDS
    setattr(request, DEADLINE_ATTRIBUTE, time.monotonic() + seconds if seconds > 0 else None)


class RequestGuardMiddleware:
    def resolve(self, next, root, info, **args):
        deadline = getattr(info.context, DEADLINE_ATTRIBUTE, None)
        if deadline is not None and time.monotonic() > deadline:
            raise RequestTimedOut()
        try:
            return next(root, info, **args)
        except Exception:
            raise
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:
            raise ResolverCrashed(repr(exc)) from exc


@contextmanager
def statement_timeout():
    """PostgreSQL's statement_timeout for the request's queries, reset afterwards (connections
    are reused across requests)."""
    seconds = settings.GRAPHQL_REQUEST_TIMEOUT_SECONDS
    if connection.vendor != "postgresql" or seconds <= 0:
        yield
        return
    # A session setting, not the request's own work: sent on the driver's connection, past
    # Django's cursor wrapper, so the SQL counts pinned in tests stay the request's queries.
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{int(seconds * 1000)}ms"])
    try:
        yield
    finally:
        try:
            if connection.connection is not None:
                with connection.connection.cursor() as cursor:
                    cursor.execute("RESET statement_timeout")
        except (DatabaseError, psycopg.Error):  # an aborted transaction's rollback undoes the SET too
            logger.info("Could not reset statement_timeout", exc_info=True)
