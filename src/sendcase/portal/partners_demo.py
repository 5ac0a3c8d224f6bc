"""Demo partners: a SENCO at the busiest school and an educational psychologist, with work waiting.

Called once at the end of `seed_demo`, inside its transaction. The SENCO's school is the one with most
children on its roll; it is consulted on a few open cases (through the consultation service) so its task
list has consultations (sent in the last few weeks, never before the case's latest step) beside its
pupils' annual reviews. The educational psychology
service is sent the open requests for EP advice (through the assignment service), the first few taken by
the EP, so the advice portal shows due, overdue, taken and untaken requests.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q

from sendcase.assessments.models import AdviceRequest, AdviserType, AssessmentRequest, RequestStatus
from sendcase.assessments.services import consultation_send
from sendcase.core.models import Role, User
from sendcase.core.service_checks import today
from sendcase.demo.staff import EMAIL_DOMAIN, Login
from sendcase.people.models import CaseEvent
from sendcase.plans.models import Placement
from sendcase.settings_data.models import Establishment

from .advisers.services import advice_assign
from .models import AdviceAssignment, AdviserMembership, AdviserService, SchoolMembership

SENCO_USERNAME = "senco"
EP_USERNAME = "ep"
CONSULTATIONS = 4  # open consultations of the SENCO's school, sent 1 to 25 days ago
ASSIGNED_ADVICE = 25  # open requests for EP advice sent to the EP service
TAKEN_BY_EP = 3


def _officer() -> User | None:
    return (
        User.objects.filter(username="officer").first()
        or User.objects.filter(role=Role.CASE_OFFICER, is_active=True).order_by("pk").first()
    )


def _busiest_school(as_of: dt.date) -> Establishment | None:
    current = Q(placements__leaving_on__isnull=True) | Q(placements__leaving_on__gte=as_of)
    return (
        Establishment.objects.filter(is_open=True)
        .annotate(on_roll=Count("placements", filter=current))
        .filter(on_roll__gt=0)
        .order_by("-on_roll", "pk")
        .first()
    )


def _partner(username: str, role: str, first: str, last: str, password: str) -> User:
    return User.objects.create_user(
        username=username,
        password=password,
        first_name=first,
        last_name=last,
        email=f"{username}@{EMAIL_DOMAIN}",
        role=role,
    )


def _consult(officer: User, school: Establishment, on_roll: set[int], day: dt.date) -> int:
    """Consult the school on open cases at the draft stage whose child is not already its pupil."""
    requests = (
        AssessmentRequest.objects.filter(status__in=[RequestStatus.ISSUE_DECIDED, RequestStatus.DRAFT_SERVED])
        .exclude(consultations__establishment=school)
        .exclude(child_id__in=on_roll)
        .order_by("issue_decided_on", "pk")[:CONSULTATIONS]
    )
    sent = 0
    for index, request in enumerate(requests):
        # Never before the case's latest event, so each child's history stays in date order.
        latest = CaseEvent.objects.filter(child_id=request.child_id).aggregate(on=Max("occurred_on"))["on"]
        earliest = max(d for d in (request.issue_decided_on, latest, day - dt.timedelta(days=60)) if d)
        sent_on = min(day, max(earliest, day - dt.timedelta(days=[25, 12, 4, 1][index % 4])))
        consultation_send(acting_user=officer, request=request, establishment=school, sent_on=sent_on)
        sent += 1
    return sent


def seed_partners(*, password: str, as_of: dt.date) -> list[Login]:
    """Create the demo SENCO and educational psychologist with their work; return their logins."""
    officer = _officer()
    school = _busiest_school(as_of)
    if officer is None or school is None:
        return []
    day = min(as_of, today())
    logins: list[Login] = []

    senco = _partner(SENCO_USERNAME, Role.SCHOOL, "Priya", "Sencowright", password)
    SchoolMembership.objects.create(user=senco, establishment=school, created_by=officer)
    pupils = Placement.objects.filter(establishment=school, leaving_on__isnull=True)
    on_roll = set(pupils.values_list("child_id", flat=True))
    consulted = _consult(officer, school, on_roll, day)
    logins.append(
        Login(
            SENCO_USERNAME,
            Role.SCHOOL.label,
            "Priya Sencowright",
            password,
            f"SENCO at {school.name}: {consulted} consultations, pupils' reviews",
        )
    )

    service, _ = AdviserService.objects.get_or_create(
        name="Educational Psychology Service",
        defaults={"adviser_type": AdviserType.EDUCATIONAL_PSYCHOLOGY, "email": f"eps@{EMAIL_DOMAIN}"},
    )
    AdviserService.objects.get_or_create(
        name="Community Paediatrics", defaults={"adviser_type": AdviserType.HEALTH}
    )
    ep = _partner(EP_USERNAME, Role.ADVISER, "Dr Owen", "Psychwell", password)
    AdviserMembership.objects.create(user=ep, service=service, created_by=officer)
    waiting = AdviceRequest.objects.filter(
        adviser_type=AdviserType.EDUCATIONAL_PSYCHOLOGY,
        received_on__isnull=True,
        request__status__in=[RequestStatus.ASSESSING, RequestStatus.ISSUE_DECIDED],
        assignment__isnull=True,
    ).order_by("requested_on", "pk")[:ASSIGNED_ADVICE]
    assigned = [advice_assign(acting_user=officer, advice=advice, service=service) for advice in waiting]
    AdviceAssignment.objects.filter(pk__in=[a.pk for a in assigned[:TAKEN_BY_EP]]).update(assignee=ep)
    logins.append(
        Login(
            EP_USERNAME,
            Role.ADVISER.label,
            "Dr Owen Psychwell",
            password,
            f"educational psychologist: {len(assigned)} requests for advice",
        )
    )
    return logins
