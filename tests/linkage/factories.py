"""Records for linkage tests: pairs of children that are (or are not) the same child, and the things
recorded against a child that a merge moves."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sendcase.core.identifiers import make_nhs_number, make_upn
from sendcase.core.models import Role
from sendcase.linkage.models import MatchCandidate
from sendcase.people.models import CaseEvent, Note
from sendcase.plans.models import EHCPlan, Placement, PlanStatus
from tests.factories import AllocationFactory, ChildFactory, ContactFactory, UserFactory

BORN = dt.date(2015, 3, 7)


def data_officer(username: str = "dataofficer"):
    return UserFactory(username=username, role=Role.DATA_OFFICER)


def child(**values):
    defaults = {
        "legal_first_name": "Katherine",
        "legal_last_name": "Okafor",
        "date_of_birth": BORN,
        "sex": "F",
        "postcode": "B23 6QT",
        "upn": make_upn(330, 2001, 15, 101),
        "nhs_number": make_nhs_number(4242),
    }
    defaults.update(values)
    return ChildFactory(**defaults)


def plan(of_child, *, status: str = PlanStatus.ACTIVE, **values) -> EHCPlan:
    values.setdefault("issued_on", dt.date(2023, 5, 1))
    values.setdefault("primary_need", "ASD")
    return EHCPlan.objects.create(child=of_child, status=status, transferred_in_from_la="330", **values)


def placement(of_child, **values) -> Placement:
    values.setdefault("entry_on", dt.date(2023, 9, 1))
    values.setdefault("setting_code", "OTH")
    return Placement.objects.create(child=of_child, **values)


def note(of_child, text: str = "Spoke to mum") -> Note:
    return Note.objects.create(child=of_child, text=text)


def event(of_child, **values) -> CaseEvent:
    values.setdefault("occurred_on", timezone.localdate())
    values.setdefault("kind", "note_added")
    values.setdefault("summary", "Note added")
    return CaseEvent.objects.create(child=of_child, subject_type="child", subject_id=of_child.pk, **values)


def allocation(of_child, officer=None, **values):
    return AllocationFactory(child=of_child, **({"officer": officer} if officer else {}), **values)


def contact(of_child):
    return ContactFactory(child=of_child)


def candidate(a, b, *, probability: float = 0.97) -> MatchCandidate:
    first, second = sorted((a, b), key=lambda c: c.pk)
    return MatchCandidate.objects.create(
        child_a=first,
        child_b=second,
        match_probability=probability,
        match_weight=5.0,
        comparison={"dob": {"level": "Same", "weight": 12.1}, "last_name": {"level": "Same", "weight": 7.5}},
    )
