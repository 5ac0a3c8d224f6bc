"""Locality and primary need as they were at the period end, not as they are now: a past month's
breakdown does not change when a family moves or a plan is amended."""

from __future__ import annotations

import copy

import pytest
from django.utils import timezone

from sendcase.people import services as people
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.plans.models import VersionKind
from sendcase.plans.services import versions
from sendcase.settings_data.codes import EstablishmentType
from tests.factories import ChildFactory, LocalityFactory
from tests.plans.test_versions_support import first_version

from . import factories as f
from .helpers import run

D = f.D
pytestmark = pytest.mark.django_db


def _localities(as_at) -> dict[str, int]:
    return {k: int(v.denominator) for k, v in run("plans_special", as_at).breakdowns["locality"].items()}


def _needs(as_at) -> dict[str, int]:
    return {k: int(v.denominator) for k, v in run("plans_special", as_at).breakdowns["primary_need"].items()}


def _with_plan(child, *, need: str = "ASD"):
    """A plan from January 2024 and a special school place (what the settings shares count)."""
    made = f.plan(child, issued=D(2024, 1, 1), need=need)
    f.placement(child, entry=D(2024, 1, 1), kind=EstablishmentType.SPECIAL)
    return made


def _moved(child, on, *, was, now) -> None:
    """A move recorded as the child's details service records one."""
    CaseEvent.objects.create(
        child=child,
        subject_type="child",
        subject_id=child.pk,
        kind=EventKind.CHILD_UPDATED,
        occurred_on=on,
        summary="Details changed",
        data={"fields": ["locality"], "locality": {"from": was.pk if was else None, "to": now.pk}},
    )


def test_a_move_recorded_today_leaves_earlier_months_where_they_were(officer) -> None:
    east, west = LocalityFactory(name="East"), LocalityFactory(name="West")
    child = ChildFactory(locality=east)
    _with_plan(child)
    people.child_update(
        acting_user=officer, child=child, expected_version=child.version, data={"locality": west}
    )
    event = CaseEvent.objects.get(kind=EventKind.CHILD_UPDATED, child=child)
    assert event.data["locality"] == {"from": east.pk, "to": west.pk}

    today = timezone.localdate()
    last_month_end = today.replace(day=1) - timezone.timedelta(days=1)
    assert _localities(last_month_end) == {"East": 1}
    assert _localities(today) == {"West": 1}


def test_each_month_counts_the_child_where_they_lived_at_its_end() -> None:
    east, west, north = (LocalityFactory(name=n) for n in ("East", "West", "North"))
    child = ChildFactory(locality=north)  # where they live now
    _with_plan(child)
    _moved(child, D(2024, 6, 1), was=None, now=east)  # no locality recorded before
    _moved(child, D(2025, 3, 10), was=east, now=west)
    _moved(child, D(2025, 8, 1), was=west, now=north)
    assert _localities(D(2024, 5, 31)) == {"Not recorded": 1}
    assert _localities(D(2025, 2, 28)) == {"East": 1}
    assert _localities(D(2025, 3, 10)) == {"West": 1}  # moved that day
    assert _localities(D(2025, 7, 31)) == {"West": 1}
    assert _localities(D(2025, 8, 31)) == {"North": 1}
    other = ChildFactory(locality=east)  # never moved: where they live now, in every month
    _with_plan(other)
    assert _localities(D(2025, 2, 28)) == {"East": 2}


def test_the_need_is_the_one_in_the_plan_version_in_force(officer) -> None:
    plan = _with_plan(ChildFactory(), need="")
    first_version(officer, plan)  # issued 1 January 2024 with autism (ASD) first
    amendment = versions.draft_start(acting_user=officer, plan=plan, kind=VersionKind.AMENDMENT)
    content = copy.deepcopy(amendment.content)
    content["B"]["needs"][0]["code"] = "SEMH"
    amendment = versions.draft_save(
        acting_user=officer, version=amendment, expected_lock_version=amendment.lock_version, content=content
    )
    versions.version_issue(acting_user=officer, version=amendment, issued_on=D(2025, 7, 15))
    plan.refresh_from_db()
    assert plan.primary_need == "SEMH"  # what the plan says now

    assert _needs(D(2025, 6, 30)) == {"Autistic spectrum disorder": 1}
    assert _needs(D(2025, 7, 31)) == {"Social, emotional and mental health": 1}


def test_a_plan_loaded_without_versions_keeps_its_own_need() -> None:
    _with_plan(ChildFactory(), need="HI")
    assert _needs(D(2025, 6, 30)) == {"Hearing impairment": 1}
