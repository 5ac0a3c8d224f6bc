"""Schools, advice services, their portal users, and cases linked to them, built through the real
services wherever the service exists (placements are made directly, as the demo does)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sendcase.assessments import services
from sendcase.assessments.models import AdviceRequest, AdviserType, Consultation, RequestStatus
from sendcase.core.models import Role
from sendcase.plans.models import Placement
from sendcase.portal.models import (
    AdviceAssignment,
    AdviserMembership,
    AdviserService,
    SchoolMembership,
)
from tests.assessments.helpers import Timeline, drive_to
from tests.factories import ChildFactory, EstablishmentFactory, UserFactory

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def school_user(establishment, username: str):
    user = UserFactory(username=username, role=Role.SCHOOL)
    SchoolMembership.objects.create(user=user, establishment=establishment)
    return user


def adviser_user(service: AdviserService, username: str):
    user = UserFactory(username=username, role=Role.ADVISER)
    AdviserMembership.objects.create(user=user, service=service)
    return user


def adviser_service(name: str, adviser_type: str = AdviserType.EDUCATIONAL_PSYCHOLOGY) -> AdviserService:
    return AdviserService.objects.create(name=name, adviser_type=adviser_type)


def pupil_at(establishment, *, entry_days_ago: int = 400, **child_fields):
    child = ChildFactory(**child_fields)
    Placement.objects.create(
        child=child, establishment=establishment, entry_on=today() - entry_days_ago * DAY
    )
    return child


def consultation_with(officer, establishment, *, child=None, sent_days_ago: int = 3) -> Consultation:
    """An open consultation of `establishment` about a request whose plan is being written."""
    tl = Timeline.ago(100, issue_decided=today() - 30 * DAY, consultation_sent=today() - 29 * DAY)
    request = drive_to(
        RequestStatus.ISSUE_DECIDED, user=officer, child=child, timeline=tl, with_consultation=False
    )
    return services.consultation_send(
        acting_user=officer,
        request=request,
        establishment=establishment,
        sent_on=today() - sent_days_ago * DAY,
    )


def advice_for(
    officer, *, child=None, adviser_type=AdviserType.EDUCATIONAL_PSYCHOLOGY, requested_days_ago=10
):
    """A request for advice on an open assessment of `child` (a new child if none)."""
    tl = Timeline.ago(max(60, requested_days_ago + 30))
    request = drive_to(RequestStatus.ASSESSING, user=officer, child=child, timeline=tl, with_advice=False)
    return services.advice_request_record(
        acting_user=officer,
        request=request,
        adviser_type=adviser_type,
        requested_on=today() - requested_days_ago * DAY,
    )


def assigned_advice(officer, service: AdviserService, **kwargs) -> AdviceRequest:
    advice = advice_for(officer, adviser_type=service.adviser_type, **kwargs)
    AdviceAssignment.objects.create(advice_request=advice, service=service)
    return advice


__all__ = ["EstablishmentFactory"]
