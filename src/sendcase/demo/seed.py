"""Build the synthetic authority in one transaction: reference data, staff, children and histories."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from sendcase.caseload.selectors import threshold_for
from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction, User
from sendcase.people.models import Child

from . import allocations, population, proportions, staff, writer
from .allocations import Staffing
from .staff import Login

SOURCE = "seed_demo"


@dataclass
class SeedResult:
    children: int
    seed: int
    as_of: dt.date
    authority: str
    rows: dict[str, int] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    logins: list[Login] = field(default_factory=list)
    staffing: Staffing | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def has_demo_data() -> bool:
    return Child.objects.exists()


def clashing_usernames() -> list[str]:
    return sorted(User.objects.filter(username__in=staff.DEMO_USERNAMES).values_list("username", flat=True))


def seed_demo(
    *,
    children: int,
    seed: int,
    as_of: dt.date,
    password: str,
    progress: Callable[[int, int], None] | None = None,
    method: str = "auto",
) -> SeedResult:
    """Create the demo authority. The caller decides whether the database may take it (see the command)."""
    props = proportions.load()
    result = SeedResult(children=children, seed=seed, as_of=as_of, authority=props.authority)
    timings = result.timings
    with transaction.atomic():
        clock = time.perf_counter()
        reference = staff.load_reference()
        timings["reference data"] = time.perf_counter() - clock

        clock = time.perf_counter()
        plans = population.generate(
            children=children, seed=seed, as_of=as_of, props=props, reference=reference
        )
        staffing = allocations.plan_allocations(
            plans, teams=len(reference.localities), threshold=threshold_for(None), as_of=as_of, seed=seed
        )
        timings["generate histories"] = time.perf_counter() - clock

        clock = time.perf_counter()
        staff_ids, logins = staff.create_staff(
            reference=reference, staffing=staffing, password=password, seed=seed
        )
        timings["staff accounts"] = time.perf_counter() - clock

        clock = time.perf_counter()
        written = writer.write(plans, staff=staff_ids, as_of=as_of, progress=progress, method=method)
        audit_record(
            user=None,
            username=SOURCE,
            action=AuditAction.CREATE,
            summary=f"Synthetic demo data: {children} children, seed {seed}, as of {as_of.isoformat()}",
        )
        timings["write rows"] = time.perf_counter() - clock
        clock = time.perf_counter()
    # Deferred foreign-key checks run here, on PostgreSQL: part of the cost of the write.
    timings["commit"] = time.perf_counter() - clock
    if connection.vendor == "postgresql":
        # Fresh statistics, so the first pages after a bulk load are planned for the real table sizes
        # rather than for empty tables (autovacuum would get there, but minutes later).
        clock = time.perf_counter()
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in writer.MODELS)
            cursor.execute(f"ANALYZE {tables}")
        timings["analyze"] = time.perf_counter() - clock
    result.rows = dict(written.rows)
    result.statuses = Counter(plan.main.status for plan in plans)
    result.logins = logins
    result.staffing = staffing
    return result
