"""Inserts for the seeder: rows as dicts straight to SQL, no model instances.

Django's `bulk_create` spends almost all of a large seed in per-object and per-value Python
(model `__init__`, `pre_save`, `get_db_prep_save`, SQL compilation): about 1 ms per product
with its variants and picture, six minutes at `--scale 100`. Here only dates go through
Django's conversion, and a column a row leaves out gets its model default, as `bulk_create`
would give it, so a field added to a model later needs no change here. What a model's `save()`
derives (`Product.search_text`) the caller must set, as with `bulk_create`; a test re-saves
seeded rows and fails if that would change them.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from itertools import islice

from django.db import connection, models
from django.utils import timezone

_CONVERTED = (
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.DecimalField,
    models.JSONField,
)


def chunks(items: Iterable, size: int):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _converter(field):
    # The backend's adapters directly: Field.get_db_prep_save adds layers of checks that cost
    # more than the insert itself for the ~700,000 timestamps of --scale 100.
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, _CONVERTED):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


@contextmanager
def _cursor():
    """The backend's own cursor, without Django's debug wrapper: with DEBUG on (development)
    that wrapper renders every statement with its parameters into `connection.queries`, on
    SQLite through an extra `SELECT QUOTE(?)` query, which costs a third of the seed's time
    and hundreds of megabytes at --scale 100. Errors still become Django's exceptions."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.create_cursor()
        try:
            yield cursor
        finally:
            cursor.close()


class BulkInserter:
    def __init__(self, model: type[models.Model]):
        meta = model._meta
        self.model = model
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
        self.one_row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.returning = f" RETURNING {quote(meta.pk.column)}"
        max_params = connection.features.max_query_params or 65_535
        self.rows_per_statement = max(1, max_params // len(self.fields))

    def _prepare(self, rows: list[dict]) -> list[list]:
        now = timezone.now()
        plan = []  # (attname, convert or None, default) per column
        for field in self.fields:
            convert = _converter(field)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = now
            else:
                default = field.get_default()
            plan.append((field.attname, convert, convert(default) if convert else default))
        prepared = []
        for row in rows:
            values = []
            for attname, convert, default in plan:
                if attname in row:
                    value = row[attname]
                    values.append(convert(value) if convert and value is not None else value)
                else:
                    values.append(default)
            prepared.append(values)
        unknown = set(rows[0]) - {attname for attname, _, _ in plan} if rows else set()
        if unknown:  # a typo would otherwise silently insert the default
            raise ValueError(f"{self.model.__name__} has no column(s) {sorted(unknown)}")
        return prepared

    def insert(self, rows: list[dict]) -> None:
        # Multi-row VALUES, as many rows as the backend takes parameters (SQLite: 999).
        with _cursor() as cursor:
            for chunk in chunks(self._prepare(rows), self.rows_per_statement):
                cursor.execute(
                    self.head + ", ".join([self.one_row] * len(chunk)),
                    [v for row in chunk for v in row],
                )

    def insert_returning_ids(self, rows: list[dict]) -> list[int]:
        """Primary keys in the order of `rows` (as Django's own bulk_create relies on)."""
        if not connection.features.can_return_rows_from_bulk_insert:
            raise RuntimeError("The demo seeder needs INSERT … RETURNING (SQLite ≥ 3.35 or PostgreSQL).")
        ids: list[int] = []
        with _cursor() as cursor:
            for chunk in chunks(self._prepare(rows), self.rows_per_statement):
                sql = self.head + ", ".join([self.one_row] * len(chunk)) + self.returning
                cursor.execute(sql, [v for row in chunk for v in row])
                ids.extend(row[0] for row in cursor.fetchall())
        if len(ids) != len(rows):
            raise RuntimeError(f"{self.model.__name__}: {len(rows)} rows inserted, {len(ids)} ids returned")
        return ids


def analyze(tables: Iterable[type[models.Model]]) -> None:
    """Fresh planner statistics after a bulk load. Without them, at --scale 100, PostgreSQL
    estimated 46 approved sellers out of 80,100 and SQLite joined the product listing's count
    the slow way round (0.9 s instead of 0.16 s)."""
    with _cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
