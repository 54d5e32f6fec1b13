"""The periodic jobs' one loop: act on every row that is due, one short transaction each."""

import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet

from marketplace.errors import DomainError

logger = logging.getLogger(__name__)


def sweep_due(due: QuerySet, *, order_by: str, apply: Callable[[object], None]) -> int:
    """Applies `apply` to each row of `due`, each in its own transaction under its row lock and
    re-checked against `due` there. A row another transaction holds right now (a buyer acting,
    a payment arriving) is left to the next run (SKIP LOCKED) rather than waited for. A row
    whose step is refused (a provider's hook raising a domain error, say the ledger refusing a
    release) is rolled back, logged and left for the next run, so it does not hold up the rest.
    Returns how many rows it acted on."""
    acted = 0
    for pk in list(due.order_by(order_by).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                row = due.select_for_update(skip_locked=True).filter(pk=pk).first()
                if row is not None:
                    apply(row)
                    acted += 1
        except DomainError as error:
            logger.error(
                "%s #%s was left for the next run: %s (%s)", due.model.__name__, pk, error.code, error
            )
    return acted
