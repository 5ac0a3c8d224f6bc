"""Demo data for data quality and record linkage: plants a few duplicate children (see linkage.demo),
makes the demo's case history look recorded on time or late as a real service's would, and stores the
data-confidence scores for the last six months, so the overview has a trend.

The demo writer stores every event as recorded at seeding time, which would make every past event look
recorded months late. Here each event's `recorded_at` is set to the day it happened, a day or two later,
or (about 1 in 20) 31 to 90 days later, so the timeliness rules measure something. Only the demo does
this: in a real service `recorded_at` is when the event was entered and is never changed.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from sendcase.linkage.demo import plant_duplicates
from sendcase.people.models import CaseEvent

from .scoring import month_end, scores_record

MONTHS = 6


# Days between an event and its recording: mostly 0-2, and 31-90 for one event in 20.
_DELAY = "CASE WHEN id % 20 = 0 THEN 31 + id % 60 ELSE id % 3 END"
_UPDATE = {
    "postgresql": (
        "UPDATE {table} SET recorded_at = (occurred_on + ({delay}) * INTERVAL '1 day'"  # noqa: S608
        " + INTERVAL '13 hours') AT TIME ZONE 'Europe/London'"
    ),
    "sqlite": (
        "UPDATE {table} SET recorded_at = "  # noqa: S608
        "datetime(occurred_on, '+' || ({delay}) || ' days', '+12 hours')"
    ),
}


def _spread_recorded_times() -> None:
    # The table name is Django's own (quoted), never user input; the statement has no parameters.
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    sql = _UPDATE[connection.vendor].format(table=table, delay=_DELAY)
    with connection.cursor() as cursor:
        cursor.execute(sql)


def seed_linkage_and_quality(*, seed: int, as_of: dt.date) -> None:
    """Called at the end of the demo seeding, inside its transaction."""
    plant_duplicates(seed=seed)
    _spread_recorded_times()
    month = as_of.replace(day=1)
    for _ in range(MONTHS):
        scores_record(month=month, as_of=min(month_end(month), as_of))
        month = (month - dt.timedelta(days=1)).replace(day=1)
