"""Reads for the plan pages and API, with the permission filter inside."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sendcase.core import permissions
from sendcase.core.models import User

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
