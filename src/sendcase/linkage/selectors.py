"""Reading the review queue and merge history, for users who may merge records (data officers and
administrators); anyone else gets nothing."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sendcase.core import permissions
from sendcase.core.models import User

from .models import CandidateStatus, LinkageRun, MatchCandidate, MergedRecord


def _allowed(user: User) -> bool:
    return permissions.can_import_data(user)


def candidates_for(user: User, *, status: str = CandidateStatus.PENDING) -> QuerySet[MatchCandidate]:
    if not _allowed(user):
        return MatchCandidate.objects.none()
    return MatchCandidate.objects.filter(status=status).select_related("child_a", "child_b", "decided_by")


def candidate_for(user: User, pk: int) -> MatchCandidate:
    queryset = (
        MatchCandidate.objects.select_related("child_a", "child_b")
        if _allowed(user)
        else MatchCandidate.objects.none()
    )
    return get_object_or_404(queryset, pk=pk)


def merges_for(user: User) -> QuerySet[MergedRecord]:
    if not _allowed(user):
        return MergedRecord.objects.none()
    return MergedRecord.objects.select_related("duplicate", "merged_into", "merged_by", "undone_by")


def merge_for(user: User, pk: int) -> MergedRecord:
    return get_object_or_404(merges_for(user), pk=pk)


def latest_run(user: User) -> LinkageRun | None:
    return LinkageRun.objects.first() if _allowed(user) else None


def child_summary(child) -> dict:
    """What a reviewer compares for one record, side by side with the other."""
    from sendcase.assessments.models import AssessmentRequest
    from sendcase.plans.models import EHCPlan, PlanStatus

    allocation = child.allocations.filter(ended_at__isnull=True).select_related("officer").first()
    return {
        "child": child,
        "active_plan": EHCPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists(),
        "plans": EHCPlan.objects.filter(child=child).count(),
        "requests": AssessmentRequest.objects.filter(child=child).count(),
        "contacts": child.contacts.count(),
        "documents": child.documents.count(),
        "officer": allocation.officer if allocation else None,
    }
