"""Inserting many rows at once: PostgreSQL's COPY (about five times faster than bulk_create there, as
measured for the demo seed in demo/writer.py), bulk_create elsewhere. Primary keys are taken from the
table's sequence first, so the records, their events and their provenance can name each other."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import JSONField, Model
from django.utils import timezone

BATCH = 2000


def _reserve(model: type[Model], count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert(model: type[Model], rows: list[Model]) -> None:
    """Insert `rows`, setting their primary keys, as bulk_create would (auto_now times included)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=BATCH)
        return
    missing = [obj for obj in rows if obj.pk is None]
    for obj, pk in zip(missing, _reserve(model, len(missing)), strict=True):
        obj.pk = pk
    now = timezone.now()
    fields = model._meta.concrete_fields
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in rows:
                setattr(obj, f.attname, now)
    getters = []
    for f in fields:
        if isinstance(f, JSONField):
            getters.append(lambda obj, f=f: f.get_db_prep_save(getattr(obj, f.attname), connection))
        else:
            getters.append(lambda obj, name=f.attname: getattr(obj, name))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in rows:
            copy.write_row([get(obj) for get in getters])
    for obj in rows:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_values(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Insert rows given as {attname: value} (their primary keys left to the database): COPY on
    PostgreSQL straight from the values, bulk_create elsewhere. Unnamed fields take their defaults."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(lambda row, now=now: now)
        elif isinstance(f, JSONField):
            getters.append(
                lambda row, f=f: f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection)
            )
        else:
            getters.append(lambda row, name=f.attname: row.get(name, defaults[name]))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([get(row) for get in getters])
