"""The demo's family accounts are linked to seeded children, one with a draft plan open for comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sendcase.assessments import services
from sendcase.assessments.models import RequestStatus
from sendcase.core.models import Role
from sendcase.portal import demo
from sendcase.portal.models import FamilyLink

from ..factories import AssessmentRequestFactory

pytestmark = pytest.mark.django_db


def test_demo_family_with_a_draft_to_answer(officer, child):
    today = timezone.localdate()
    request = AssessmentRequestFactory(child=child, received_on=today - dt.timedelta(days=100))
    services.assessment_decision_record(
        acting_user=officer, request=request, assess=True, decided_on=today - dt.timedelta(days=90)
    )
    request.refresh_from_db()
    services.issue_decision_record(
        acting_user=officer, request=request, issue=True, decided_on=today - dt.timedelta(days=5)
    )
    logins = demo.seed_family_portal(password="demo-password-123", as_of=today)
    assert [login.username for login in logins] == [demo.DRAFT_PARENT]
    link = FamilyLink.objects.get(user__username=demo.DRAFT_PARENT)
    assert link.child == child and link.user.role == Role.FAMILY
    assert link.user.check_password("demo-password-123")
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT_SERVED and request.draft_served_on == today


def test_demo_family_usernames_are_listed_with_the_demo_logins():
    from sendcase.demo.staff import DEMO_USERNAMES, FAMILY_DEMO_USERNAMES

    assert {demo.DRAFT_PARENT, demo.PLAN_PARENT, demo.ASSESSING_PARENT} == FAMILY_DEMO_USERNAMES
    assert FAMILY_DEMO_USERNAMES <= DEMO_USERNAMES
