"""Reads for the plan pages and API, with the permission filter inside."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent

from .models import EHCPlan, PlanVersion, VersionStatus

# versions


def plans_visible_to(user: User) -> QuerySet[EHCPlan]:
    """Plans of the children the user may see (staff: all of the authority's)."""
    if permissions.can_read_records(user):
        return EHCPlan.objects.all()
    return EHCPlan.objects.none()


def plan_for_user(user: User, pk: int) -> EHCPlan:
    """The plan, if this user may see it; otherwise 404, so its existence is not revealed."""
    try:
        return plans_visible_to(user).select_related("child", "named_establishment", "request").get(pk=pk)
    except EHCPlan.DoesNotExist:
        raise Http404("No such plan") from None


def versions_of(plan: EHCPlan) -> QuerySet[PlanVersion]:
    """Every version of the plan, newest first, withdrawn drafts included (they are part of the record)."""
    return plan.versions.select_related("created_by", "updated_by").order_by("-number")


def version_of(plan: EHCPlan, version_pk: int) -> PlanVersion:
    """A version of this plan (404 for another plan's version, so ids cannot be mixed up)."""
    try:
        return versions_of(plan).get(pk=version_pk)
    except PlanVersion.DoesNotExist:
        raise Http404("No such version") from None


def latest_issued(plan: EHCPlan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.ISSUED).order_by("-number").first()


def current_draft(plan: EHCPlan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.DRAFT).first()


def primary_needs_on(plans: QuerySet, day: dt.date) -> dict[int, str]:
    """The primary need each plan in `plans` (a queryset of ids) had on `day`, where it differs from the
    plan's own: the need recorded by the latest version issued by then. Issuing a version sets the plan's
    own need to that version's, so only plans with a version issued after `day` are looked up (the rule
    `performance.indicators.context` applies in SQL); a plan absent from the answer has its own need.
    One query."""
    issued = CaseEvent.objects.filter(
        kind=EventKind.PLAN_VERSION_ISSUED, subject_type=PlanVersion._meta.model_name
    )
    amended_since = PlanVersion.objects.filter(
        plan_id__in=plans, pk__in=issued.filter(occurred_on__gt=day).values("subject_id")
    ).values("plan_id")
    by_then = (
        issued.filter(
            occurred_on__lte=day,
            subject_id__in=PlanVersion.objects.filter(plan_id__in=amended_since).values("id"),
        )
        .annotate(plan_id=Subquery(PlanVersion.objects.filter(pk=OuterRef("subject_id")).values("plan_id")))
        .order_by("occurred_on", "id")
    )
    needs: dict[int, str] = {}
    for plan_id, data in by_then.values_list("plan_id", "data"):
        need = (data or {}).get("primary_need")
        if need is not None:
            needs[plan_id] = need  # later versions replace earlier ones
    return needs
