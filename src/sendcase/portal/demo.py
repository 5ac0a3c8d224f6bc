"""Demo family accounts: a few parents (and a young person) linked to seeded children, so the family
portal can be tried straight after `seed_demo`. They have the demo password and no authenticator app yet:
the first sign-in asks them to set one up, as it would a real family.

One family has a draft plan with them, inside its 15-day comment period (a draft is served on the demo's
date through the assessment service if the seeded histories have none open).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sendcase import statutory
from sendcase.assessments.models import OPEN_STATUSES, AssessmentRequest, RequestStatus
from sendcase.assessments.services import draft_plan_serve
from sendcase.core.models import Role, User
from sendcase.demo.staff import OFFICER_USERNAME, Login
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child, Contact
from sendcase.plans.models import EHCPlan, PlanStatus

from .models import FamilyLink, FamilyRole

# The usernames are listed in sendcase.demo.staff too, with the other demo logins.
DRAFT_PARENT = "parent.draft@example.org"
PLAN_PARENT = "parent.plan@example.org"
ASSESSING_PARENT = "parent.assessment@example.org"


def _draft_child(officer: User, as_of: dt.date) -> Child | None:
    earliest = as_of - dt.timedelta(days=statutory.assessment.DRAFT_COMMENT_DAYS - 1)
    open_draft = (
        AssessmentRequest.objects.filter(
            status=RequestStatus.DRAFT_SERVED,
            family_comments_received_on__isnull=True,
            draft_served_on__gte=earliest,
        )
        .order_by("pk")
        .first()
    )
    if open_draft is not None:
        return open_draft.child
    request = (
        AssessmentRequest.objects.filter(status=RequestStatus.ISSUE_DECIDED, issue_decided_on__lte=as_of)
        .order_by("pk")
        .first()
    )
    if request is None:
        return None
    draft_plan_serve(acting_user=officer, request=request, served_on=as_of)
    return request.child


def _plan_child(exclude: set[int]) -> Child | None:
    plan = (
        EHCPlan.objects.filter(status=PlanStatus.ACTIVE, review_due__isnull=False)
        .exclude(child_id__in=exclude)
        .order_by("pk")
        .first()
    )
    return plan.child if plan else None


def _assessing_child(exclude: set[int]) -> Child | None:
    request = (
        AssessmentRequest.objects.filter(status__in=OPEN_STATUSES - {RequestStatus.DRAFT_SERVED})
        .exclude(child_id__in=exclude)
        .order_by("pk")
        .first()
    )
    return request.child if request else None


def _link(*, username: str, child: Child, officer: User, password: str, as_of: dt.date) -> User:
    contact: Contact | None = child.contacts.order_by("-is_main_contact", "pk").first()
    young_person = child.acts_for_self
    first = (
        (child.preferred_name or child.legal_first_name)
        if young_person
        else getattr(contact, "first_name", "")
    )
    last = child.legal_last_name if young_person else getattr(contact, "last_name", child.legal_last_name)
    user = User.objects.create(
        username=username,
        email=username,
        first_name=first or "Demo",
        last_name=last,
        role=Role.FAMILY,
        password=make_password(password),
    )
    link = FamilyLink.objects.create(
        user=user,
        child=child,
        contact=None if young_person else contact,
        acts_as=FamilyRole.YOUNG_PERSON if young_person else FamilyRole.PARENT_CARER,
        verified_by=officer,
        verified_at=timezone.now(),
        verification_notes="Demo: relationship checked against the records we hold.",
        created_by=officer,
    )
    case_event_record(
        actor=officer,
        child=child,
        subject=link,
        kind=EventKind.FAMILY_LINKED,
        occurred_on=as_of,
        summary=f"{user.display_name} can now see the case online",
        reason=link.verification_notes,
        visible_to_family=False,
    )
    return user


def seed_family_portal(*, password: str, as_of: dt.date) -> list[Login]:
    """Create the demo family accounts; return their logins for the command to print."""
    officer = User.objects.filter(username=OFFICER_USERNAME).first()
    if officer is None:
        return []
    logins: list[Login] = []
    used: set[int] = set()
    for username, pick, note in (
        (DRAFT_PARENT, lambda: _draft_child(officer, as_of), "draft plan waiting for comments"),
        (PLAN_PARENT, lambda: _plan_child(used), "EHC plan in force, annual review coming"),
        (ASSESSING_PARENT, lambda: _assessing_child(used), "assessment under way"),
    ):
        child = pick()
        if child is None or child.pk in used:
            continue
        used.add(child.pk)
        user = _link(username=username, child=child, officer=officer, password=password, as_of=as_of)
        logins.append(
            Login(
                username,
                Role.FAMILY.label,
                user.display_name,
                password,
                f"{note}; sign in at /portal/account/sign-in/ and set up an authenticator app",
            )
        )
    return logins
