"""The case record as at a date: who held each case, which plan was in force, where each child was
educated, and the breakdown values (locality, team, primary need, age group, setting type) of each child.

Everything is read from dates on the records (issued, ceased, entry and leaving dates, allocation start
and end), never from a record's current status, so the answer for a past date does not change when the
case moves on. Locality and primary need are the values recorded now: the record keeps no history of them.
One `CaseContext` is built per date and shared by every indicator computed for it.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import Q, QuerySet

from sendcase.caseload.models import Allocation
from sendcase.people.models import Child
from sendcase.plans.models import EHCPlan, Placement
from sendcase.settings_data.codes import EstablishmentType, NeedType
from sendcase.statutory import age_on

LONDON = ZoneInfo("Europe/London")
NOT_RECORDED = "Not recorded"
NO_PLACE = "No school or setting place"
SETTING_CODE = "Other arrangements (no URN)"
NOT_ALLOCATED = "Not allocated"
NO_ATTRS: dict[str, str] = {}

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


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in Europe/London: timestamps before it happened on or before `day`."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)


def fetch(queryset: QuerySet) -> list[tuple]:
    """The rows of a `values_list` queryset as plain tuples, read in one go.

    On PostgreSQL the SQL the ORM writes is run on a plain cursor: at national scale (hundreds of
    thousands of rows per indicator) the ORM's work per row costs more than the query itself. Other
    databases (SQLite in development) go through the ORM, which also turns their dates into dates."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def age_group(date_of_birth: dt.date, on: dt.date) -> str:
    age = age_on(date_of_birth, on)
    return next(label for limit, label in AGE_GROUPS if age < limit)


def in_force_q(as_at: dt.date, prefix: str = "") -> Q:
    """Plans made on or before `as_at` and neither ceased nor transferred out by then."""
    p = prefix
    return (
        Q(**{f"{p}issued_on__lte": as_at})
        & (Q(**{f"{p}ceased_on__isnull": True}) | Q(**{f"{p}ceased_on__gt": as_at}))
        & (Q(**{f"{p}transferred_out_on__isnull": True}) | Q(**{f"{p}transferred_out_on__gt": as_at}))
    )


class CaseContext:
    def __init__(self, as_at: dt.date, *, with_attrs: bool = True, details: bool = True) -> None:
        # Without attrs (a list of cases with no breakdown chosen), the children's breakdown values are
        # never read, which saves loading every child, allocation and placement for a short list.
        self.with_attrs = with_attrs
        # Without details (storing figures), rows carry no label or detail text: nobody reads them, and
        # writing them is most of the work per row at national scale.
        self.details = details
        self.as_at = as_at
        self.cutoff = end_of_day(as_at)
        self._attrs: dict[int, dict[str, str]] = {}
        self._age_groups: dict[dt.date, str] = {}

    @cached_property
    def children(self) -> dict[int, tuple[dt.date, str]]:
        """Child id -> (date of birth, locality name)."""
        rows = Child.objects.order_by().values_list("id", "date_of_birth", "locality__name")
        return {pk: (dob, locality or NOT_RECORDED) for pk, dob, locality in fetch(rows)}

    @cached_property
    def allocations(self) -> dict[int, tuple[int, str]]:
        """Child id -> (officer id, team name) for the allocation open at the end of the day."""
        rows = (
            Allocation.objects.filter(started_at__lt=self.cutoff)
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=self.cutoff))
            .order_by("started_at")
            .values_list("child_id", "officer_id", "team__name")
        )
        return {child: (officer, team) for child, officer, team in fetch(rows)}

    @cached_property
    def plans(self) -> dict[int, tuple[int, str]]:
        """Child id -> (plan id, primary need code) of the plan in force at the end of the day."""
        rows = (
            EHCPlan.objects.filter(in_force_q(self.as_at))
            .order_by("issued_on", "id")
            .values_list("child_id", "id", "primary_need")
        )
        return {child: (plan, need) for child, plan, need in fetch(rows)}

    @cached_property
    def placements(self) -> dict[int, dict]:
        """Child id -> the placement covering the day (the latest started, if more than one)."""
        rows = (
            Placement.objects.filter(entry_on__lte=self.as_at)
            .filter(Q(leaving_on__isnull=True) | Q(leaving_on__gt=self.as_at))
            .order_by("entry_on", "id")
            .values_list("child_id", "establishment__kind", "no_place_reason", "entry_on")
        )
        return {
            child: {"establishment__kind": kind, "no_place_reason": reason, "entry_on": entry}
            for child, kind, reason, entry in fetch(rows)
        }

    def setting_type(self, child_id: int) -> str:
        placement = self.placements.get(child_id)
        if placement is None:
            return NOT_RECORDED
        if placement["no_place_reason"]:
            return NO_PLACE
        if placement["establishment__kind"]:
            return KIND_LABELS.get(placement["establishment__kind"], placement["establishment__kind"])
        return SETTING_CODE

    def setting_group(self, child_id: int) -> str:
        """'mainstream', 'special' or 'other' (DfE's three groups), or '' with no placement recorded."""
        placement = self.placements.get(child_id)
        if placement is None:
            return ""
        return SETTING_GROUP.get(placement["establishment__kind"] or "", "other")

    @cached_property
    def setting_groups(self) -> list[tuple[int, str]]:
        """(child id, setting group) for each child with a plan in force and a placement recorded, worked
        out once for the three settings indicators."""
        found = ((child_id, self.setting_group(child_id)) for child_id in self.plans)
        return [(child_id, group) for child_id, group in found if group]

    def team(self, child_id: int) -> str:
        allocation = self.allocations.get(child_id)
        return allocation[1] if allocation else NOT_ALLOCATED

    def attrs(self, child_id: int) -> dict[str, str]:
        """The child's breakdown values as at the day (worked out once per child: callers must not change
        the dict they get)."""
        if not self.with_attrs:
            return NO_ATTRS
        found = self._attrs.get(child_id)
        if found is None:
            found = self._attrs[child_id] = self._attrs_of(child_id)
        return found

    def _age_group(self, date_of_birth: dt.date) -> str:
        found = self._age_groups.get(date_of_birth)
        if found is None:
            found = self._age_groups[date_of_birth] = age_group(date_of_birth, self.as_at)
        return found

    def _attrs_of(self, child_id: int) -> dict[str, str]:
        dob, locality = self.children.get(child_id, (None, NOT_RECORDED))
        plan = self.plans.get(child_id)
        need = plan[1] if plan and plan[1] else ""
        return {
            "locality": locality,
            "team": self.team(child_id),
            "primary_need": NEED_LABELS.get(need, need) or NOT_RECORDED,
            "age_group": self._age_group(dob) if dob else NOT_RECORDED,
            "setting_type": self.setting_type(child_id),
        }
