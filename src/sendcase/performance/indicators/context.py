# SQL here is put together from constants, table names from the models and the ORM's own SQL; every
# value is passed as a parameter.
# ruff: noqa: S608
"""The case record as at a date, as a table the indicators' SQL joins to: for every child, who held
their case, which plan was in force, where they were educated, and their breakdown values (locality,
team, primary need, age group, setting type).

Everything is read from dates on the records (issued, ceased, entry and leaving dates, allocation start
and end), never from a record's current status, so the answer for a past date does not change when the
case moves on. Locality and primary need are read as they were too, from the case's events:

- locality: where the child lived before their first move after the date (a "details changed" event
  names the locality moved from and to), else where they live now;
- primary need: the one in the latest version of the plan issued by the date, else the plan's own (a
  plan loaded without its versions, or not amended since the date: issuing a version sets the plan's
  own need to that version's).

One `CaseContext` is opened per date and shared by every indicator computed for it. It is a temporary
table in the database connection (one row per child), built in one statement: at national scale the
indicators' counting then happens in the database, next to the rows, instead of in Python.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Self
from zoneinfo import ZoneInfo

from django.db import connection

from sendcase.caseload.models import Allocation, Team
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.plans.models import EHCPlan, Placement, PlanVersion
from sendcase.settings_data.codes import EstablishmentType, NeedType
from sendcase.settings_data.models import Establishment, Locality
from sendcase.statutory import age_on

from .sql import (
    case_of,
    date_param,
    datetime_param,
    days_between,
    is_postgresql,
    json_has,
    json_value,
    latest,
)

LONDON = ZoneInfo("Europe/London")
NOT_RECORDED = "Not recorded"
NO_PLACE = "No school or setting place"
SETTING_CODE = "Other arrangements (no URN)"
NOT_ALLOCATED = "Not allocated"

# DfE's age groups in "Education, health and care plans" (under 5, 5-10, 11-15, 16-19, 20-25).
AGE_GROUPS = ((5, "Under 5"), (11, "5 to 10"), (16, "11 to 15"), (20, "16 to 19"), (200, "20 to 25"))

# The DfE's three settings: mainstream includes SEN units and resourced provision in mainstream schools.
SETTING_GROUP = {
    EstablishmentType.MAINSTREAM.value: "mainstream",
    EstablishmentType.RESOURCED_PROVISION.value: "mainstream",
    EstablishmentType.SPECIAL.value: "special",
    EstablishmentType.INDEPENDENT_SPECIAL.value: "special",
}
KIND_LABELS = dict(EstablishmentType.choices)
NEED_LABELS = dict(NeedType.choices)

# The breakdown values every child has, as columns of the table. The table holds codes (ids, need and
# establishment type codes, an age group's number); their words are put on after counting, for the few
# groups there are, rather than on every row.
CHILD_BREAKDOWNS = ("locality", "team", "primary_need", "age_group", "setting_type")
# setting_type codes other than an establishment type.
NO_PLACE_CODE = "~no-place"
NO_URN_CODE = "~no-urn"

_numbers = itertools.count(1)
# Memory for each sort or hash while counting (PostgreSQL), set for the connection while a context is open.
WORK_MEM = "64MB"


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in Europe/London: timestamps before it happened on or before `day`."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)


def born_by(age: int, on: dt.date) -> dt.date:
    """The latest date of birth of someone aged at least `age` on `on`, found with `age_on` itself so
    the SQL's age groups agree with it (29 February birthdays included)."""
    day = dt.date(on.year - age, on.month, min(on.day, 28))
    one = dt.timedelta(days=1)
    while age_on(day, on) < age:
        day -= one
    while age_on(day + one, on) >= age:
        day += one
    return day


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


class CaseContext:
    """The per-child table as at the end of `as_at`. Use it as a context manager: the table is dropped
    when the block ends. Columns:

        child_id
        locality, team    the ids of the child's locality and of the team holding the case (NULL: none)
        primary_need      the need code of the plan in force (NULL: none recorded)
        age_group         the position of the child's age group in AGE_GROUPS (NULL: no date of birth)
        setting_type      the establishment type of the placement covering the day, NO_PLACE_CODE,
                          NO_URN_CODE (a placement with no establishment), or NULL (no placement)
        officer_id        who held the case at the end of the day (NULL: nobody)
        plan_id           the plan in force then (NULL: none)
        setting_group     'mainstream', 'special' or 'other' when a placement covers the day, else ''
        no_place_reason   the placement's reason for having no place ('' when it has a place)
        no_place_days     days since that placement began (with a plan in force and no place)

    `label(name, code)` gives the words shown for a breakdown's code.

    The table is built when it is first used (`table`): a list of cases with no breakdown, for an
    indicator whose query does not read it, never builds it.
    """

    def __init__(self, as_at: dt.date) -> None:
        self.as_at = as_at
        self.cutoff = end_of_day(as_at)
        self._name = f"kpi_children_{next(_numbers)}"
        self._open = False
        self._names: dict[str, dict] = {}

    def __enter__(self) -> Self:
        return self

    @property
    def table(self) -> str:
        """The table's name, building it first if need be."""
        if not self._open:
            self._build()
        return self._name

    def _build(self) -> None:
        sql, params = self._select()
        with connection.cursor() as cursor:
            if is_postgresql():
                # The counting queries are a few large scans, joins and groupings: compiling each one
                # (JIT) costs more than it saves, and hashing them in memory beats sorting on disk.
                cursor.execute(f"SET jit = off; SET work_mem = '{WORK_MEM}'")
            cursor.execute(f"CREATE TEMPORARY TABLE {self._name} AS {sql}", params)
            if is_postgresql():
                cursor.execute(f"ANALYZE {self._name}")  # temporary tables are never analysed for us
        self._open = True

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._open:
            self._open = False
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self._name}")
                if is_postgresql():
                    cursor.execute("RESET jit; RESET work_mem")

    def label(self, name: str, code: object) -> str:
        """The words for a child's breakdown code."""
        if not self._names:
            self._names = {
                "locality": dict(Locality.objects.values_list("id", "name")),
                "team": dict(Team.objects.values_list("id", "name")),
            }
        if name == "locality":
            return self._names["locality"].get(code, NOT_RECORDED) if code is not None else NOT_RECORDED
        if name == "team":
            return self._names["team"].get(code, NOT_ALLOCATED) if code is not None else NOT_ALLOCATED
        if name == "primary_need":
            return NEED_LABELS.get(code, code) if code else NOT_RECORDED
        if name == "age_group":
            return AGE_GROUPS[int(code)][1] if code is not None else NOT_RECORDED
        if name == "setting_type":
            if code is None:
                return NOT_RECORDED
            if code == NO_PLACE_CODE:
                return NO_PLACE
            if code == NO_URN_CODE:
                return SETTING_CODE
            return KIND_LABELS.get(code, code)
        raise ValueError(f"Not a child breakdown: {name}")

    def _select(self) -> tuple[str, list]:
        as_at, cutoff = date_param(self.as_at), datetime_param(self.cutoff)
        group_sql, group_params = case_of("place.kind", SETTING_GROUP, otherwise="'other'")
        ages = " ".join(f"WHEN c.date_of_birth > %s THEN {i}" for i in range(len(AGE_GROUPS) - 1))
        oldest = len(AGE_GROUPS) - 1
        age_params = [date_param(born_by(limit, self.as_at)) for limit, _label in AGE_GROUPS[:-1]]
        # The allocation, plan and placement current at the end of the day: the latest started if more
        # than one.
        allocated = latest(
            "a.child_id AS child_id, a.officer_id AS officer_id, a.team_id AS team_id",
            f"FROM {_table(Allocation)} a "
            "WHERE a.started_at < %s AND (a.ended_at IS NULL OR a.ended_at >= %s)",
            key="a.child_id",
            order="a.started_at DESC, a.id DESC",
        )
        in_force = latest(
            "p.child_id AS child_id, p.id AS id, p.primary_need AS primary_need",
            f"FROM {_table(EHCPlan)} p WHERE p.issued_on <= %s AND (p.ceased_on IS NULL OR p.ceased_on > %s) "
            "AND (p.transferred_out_on IS NULL OR p.transferred_out_on > %s)",
            key="p.child_id",
            order="p.issued_on DESC, p.id DESC",
        )
        placed = latest(
            "pl.child_id AS child_id, e.kind AS kind, pl.no_place_reason AS no_place_reason, "
            "pl.entry_on AS entry_on",
            f"FROM {_table(Placement)} pl LEFT JOIN {_table(Establishment)} e ON e.id = pl.establishment_id "
            "WHERE pl.entry_on <= %s AND (pl.leaving_on IS NULL OR pl.leaving_on > %s)",
            key="pl.child_id",
            order="pl.entry_on DESC, pl.id DESC",
        )
        events = _table(CaseEvent)
        # The first move after the date: the child lived then where that move took them from.
        moved = latest(
            f"e.child_id AS child_id, CAST({json_value('e.data', 'locality', 'from')} AS BIGINT) AS locality",
            f"FROM {events} e WHERE e.kind = %s AND e.subject_type = %s AND e.occurred_on > %s "
            f"AND {json_has('e.data', 'locality')}",
            key="e.child_id",
            order="e.occurred_on ASC, e.id ASC",
        )
        # The need in the plan's latest version issued by the date. Issuing a version sets the plan's own
        # need to that version's, so only a plan with a version issued after the date can have had another
        # need then: only those are looked up (for a recent month, almost none).
        versions = _table(PlanVersion)
        amended_since = (
            f"SELECT lv.plan_id FROM {events} le JOIN {versions} lv ON lv.id = le.subject_id "
            "WHERE le.kind = %s AND le.subject_type = %s AND le.occurred_on > %s"
        )
        need = latest(
            f"v.plan_id AS plan_id, {json_value('e.data', 'primary_need')} AS primary_need",
            f"FROM {events} e JOIN {versions} v ON v.id = e.subject_id "
            "WHERE e.kind = %s AND e.subject_type = %s AND e.occurred_on <= %s "
            f"AND v.plan_id IN ({amended_since})",
            key="v.plan_id",
            order="e.occurred_on DESC, e.id DESC",
        )
        sql = f"""
            SELECT c.id AS child_id,
                CASE WHEN moved.child_id IS NULL THEN c.locality_id ELSE moved.locality END AS locality,
                alloc.officer_id AS officer_id,
                alloc.team_id AS team,
                plan.id AS plan_id,
                NULLIF(COALESCE(need.primary_need, plan.primary_need), '') AS primary_need,
                CASE WHEN c.date_of_birth IS NULL THEN NULL {ages} ELSE {oldest} END AS age_group,
                CASE WHEN place.child_id IS NULL THEN NULL
                    WHEN place.no_place_reason <> '' THEN %s
                    WHEN place.kind IS NULL OR place.kind = '' THEN %s
                    ELSE place.kind END AS setting_type,
                CASE WHEN place.child_id IS NULL THEN '' ELSE {group_sql} END AS setting_group,
                COALESCE(place.no_place_reason, '') AS no_place_reason,
                CASE WHEN plan.id IS NOT NULL AND place.no_place_reason <> ''
                    THEN {days_between("%s", "place.entry_on")} END AS no_place_days,
                place.entry_on AS placed_on
            FROM {_table(Child)} c
            LEFT JOIN ({allocated}) alloc ON alloc.child_id = c.id
            LEFT JOIN ({in_force}) plan ON plan.child_id = c.id
            LEFT JOIN ({placed}) place ON place.child_id = c.id
            LEFT JOIN ({moved}) moved ON moved.child_id = c.id
            LEFT JOIN ({need}) need ON need.plan_id = plan.id
        """
        params = [
            *age_params,
            NO_PLACE_CODE,
            NO_URN_CODE,
            *group_params,
            as_at,
            cutoff,
            cutoff,
            as_at,
            as_at,
            as_at,
            as_at,
            as_at,
            EventKind.CHILD_UPDATED.value,
            Child._meta.model_name,
            as_at,
            EventKind.PLAN_VERSION_ISSUED.value,
            PlanVersion._meta.model_name,
            as_at,
            EventKind.PLAN_VERSION_ISSUED.value,
            PlanVersion._meta.model_name,
            as_at,
        ]
        return sql, params
