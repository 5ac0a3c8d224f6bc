"""Merging a duplicate child's record into the survivor, and undoing it.

Everything that hangs off a child (contacts, requests, plans, placements, documents, notes, events,
allocations, portal links and questions) moves from the duplicate to the survivor; the ids that moved are
kept in `MergedRecord.snapshot` with the duplicate's own details, so an undo moves exactly those rows back.

Refused:
- both records have a plan in force (one child has one plan: a person must cease or transfer one first);
- either record is already merged away, or the two are the same record;
- the same family account is linked to both (its link to the duplicate must be ended first);
- an undo when the survivor has since been merged into another record, or a moved row no longer
  belongs to the survivor (something later depends on the merge).

When both records have a current allocation, the duplicate's is ended (the survivor's officer keeps the
case) and reopened by an undo.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from sendcase.assessments.models import AssessmentRequest
from sendcase.caseload.models import Allocation
from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.core.service_checks import actor as _actor
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import CaseEvent, Child, Contact, Document, Note
from sendcase.plans.models import EHCPlan, Placement
from sendcase.plans.models.plan import PlanStatus
from sendcase.portal.models import FamilyLink, Question

from .models import CandidateStatus, MatchCandidate, MergedRecord


@dataclass(frozen=True)
class Moved:
    key: str
    model: type[models.Model]
    label: str


# What moves, in order. Each model has a `child` foreign key to people.Child.
MOVED: tuple[Moved, ...] = (
    Moved("contacts", Contact, "contacts"),
    Moved("requests", AssessmentRequest, "requests for assessment"),
    Moved("plans", EHCPlan, "plans"),
    Moved("placements", Placement, "placements"),
    Moved("documents", Document, "documents"),
    Moved("notes", Note, "notes"),
    Moved("events", CaseEvent, "events in the case history"),
    Moved("allocations", Allocation, "allocations"),
    Moved("family_links", FamilyLink, "online family links"),
    Moved("questions", Question, "questions from the family"),
)


def require_merger(user: User | None) -> None:
    """Data officers and administrators merge; `None` is a command run on the server (the matcher's
    automatic merges)."""
    if user is not None and not permissions.can_import_data(user):
        raise NotPermitted()


def _lock_children(*pks: int) -> dict[int, Child]:
    return {c.pk: c for c in Child.objects.select_for_update().filter(pk__in=sorted(pks)).order_by("pk")}


def merged_away_ids() -> models.QuerySet:
    """Ids of children merged into another record while the merge stands (for lists to leave out)."""
    return MergedRecord.objects.filter(undone_at__isnull=True).values("duplicate_id")


def is_merged_away(child_id: int) -> bool:
    return MergedRecord.objects.filter(undone_at__isnull=True, duplicate_id=child_id).exists()


def merge_refusal(survivor: Child, duplicate: Child) -> str | None:
    """Why these two records cannot be merged now, or None if they can."""
    if survivor.pk == duplicate.pk:
        return "A record cannot be merged into itself."
    for child in (survivor, duplicate):
        if is_merged_away(child.pk):
            return f"{child.reference} has already been merged into another record."
    active = EHCPlan.objects.filter(child_id__in=[survivor.pk, duplicate.pk], status=PlanStatus.ACTIVE)
    if active.values("child_id").distinct().count() == 2:
        return (
            "Both records have an EHC plan in force, and a child can only have one. Cease or correct one "
            "of the plans before merging the records."
        )
    linked = FamilyLink.objects.filter(child_id__in=[survivor.pk, duplicate.pk], ended_at__isnull=True)
    if linked.values("user_id").annotate(n=models.Count("child_id", distinct=True)).filter(n=2).exists():
        return (
            "The same family account is linked to both records. End the link to the duplicate record before "
            "merging them."
        )
    return None


def _own_details(child: Child) -> dict:
    values = model_to_dict(child, exclude=["created_by", "updated_by"])
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in values.items()
    }


def children_merge(
    *,
    acting_user: User | None,
    survivor: Child,
    duplicate: Child,
    candidate: MatchCandidate | None = None,
    reason: str = "",
    automatic: bool = False,
) -> MergedRecord:
    """Merge `duplicate` into `survivor`: move everything recorded against the duplicate to the survivor
    and mark the duplicate as merged away. Returns the MergedRecord, which an undo needs."""
    require_merger(acting_user)
    who = _actor(acting_user)
    with transaction.atomic():
        locked = _lock_children(survivor.pk, duplicate.pk)
        survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
        refusal = merge_refusal(survivor, duplicate)
        if refusal:
            raise ServiceError(refusal, code="merge_refused")
        now = timezone.now()
        ended_allocation = None
        current = Allocation.objects.select_for_update().filter(
            child_id__in=[survivor.pk, duplicate.pk], ended_at__isnull=True
        )
        if current.count() == 2:
            # Keep the survivor's officer; the duplicate's allocation becomes history (reopened by undo).
            ended = current.get(child_id=duplicate.pk)
            ended.ended_at = now
            ended.updated_by = who
            ended.save(update_fields=["ended_at", "updated_by", "updated_at"])
            ended_allocation = ended.pk
        moved: dict[str, list[int]] = {}
        for item in MOVED:
            rows = item.model.objects.filter(child_id=duplicate.pk)
            ids = list(rows.values_list("pk", flat=True))
            if ids:
                item.model.objects.filter(pk__in=ids).update(child_id=survivor.pk)
            moved[item.key] = ids
        record = MergedRecord.objects.create(
            duplicate=duplicate,
            merged_into=survivor,
            candidate=candidate,
            automatic=automatic,
            reason=reason[:500],
            merged_by=who,
            snapshot={
                "duplicate": _own_details(duplicate),
                "moved": moved,
                "ended_allocation": ended_allocation,
            },
        )
        if candidate is not None:
            MatchCandidate.objects.filter(pk=candidate.pk).update(
                status=CandidateStatus.MERGED,
                decided_by=who,
                decided_at=now,
                decision_notes=reason[:500],
                version=models.F("version") + 1,
            )
        counts = ", ".join(f"{len(ids)} {item.label}" for item in MOVED if (ids := moved[item.key]))
        how = "automatically (certain match)" if automatic else "after review"
        summary = f"Merged duplicate record {duplicate.reference} into {survivor.reference} {how}"
        audit_record(
            user=acting_user,
            action=AuditAction.UPDATE,
            obj=survivor,
            summary=f"{summary}: {counts or 'nothing to move'}",
        )
        audit_record(user=acting_user, action=AuditAction.UPDATE, obj=duplicate, summary=summary)
        for child, text in (
            (survivor, f"Duplicate record {duplicate.reference} merged into this record"),
            (duplicate, f"This record was merged into {survivor.reference}"),
        ):
            case_event_record(
                actor=who,
                child=child,
                subject=record,
                kind=EventKind.RECORDS_MERGED,
                occurred_on=timezone.localdate(),
                summary=text,
                reason=reason,
                visible_to_family=False,
                data={"merged_record": record.pk, "survivor": survivor.pk, "duplicate": duplicate.pk},
            )
    return record


def undo_refusal(record: MergedRecord) -> str | None:
    """Why this merge cannot be undone now, or None if it can."""
    if record.undone_at is not None:
        return "This merge has already been undone."
    if is_merged_away(record.merged_into_id):
        return (
            f"SC{record.merged_into_id:07d} has since been merged into another record. Undo that merge first."
        )
    moved = record.snapshot.get("moved", {})
    for item in MOVED:
        ids = moved.get(item.key, [])
        if ids and item.model.objects.filter(pk__in=ids, child_id=record.merged_into_id).count() != len(ids):
            return (
                f"Some of the {item.label} that moved in this merge have been moved or removed since, so it "
                "can no longer be undone automatically."
            )
    return None


def merge_undo(*, acting_user: User | None, merged: MergedRecord, reason: str = "") -> MergedRecord:
    """Undo a merge: move back exactly the rows that moved, reopen the duplicate's allocation if the
    merge ended it, and show the duplicate in lists again."""
    require_merger(acting_user)
    who = _actor(acting_user)
    with transaction.atomic():
        record = MergedRecord.objects.select_for_update().get(pk=merged.pk)
        locked = _lock_children(record.merged_into_id, record.duplicate_id)
        survivor, duplicate = locked[record.merged_into_id], locked[record.duplicate_id]
        refusal = undo_refusal(record)
        if refusal:
            raise ServiceError(refusal, code="undo_refused")
        moved = record.snapshot.get("moved", {})
        for item in MOVED:
            ids = moved.get(item.key, [])
            if ids:
                item.model.objects.filter(pk__in=ids).update(child_id=duplicate.pk)
        if ended := record.snapshot.get("ended_allocation"):
            Allocation.objects.filter(pk=ended, child_id=duplicate.pk).update(ended_at=None, updated_by=who)
        now = timezone.now()
        record.undone_at = now
        record.undone_by = who
        record.undo_reason = reason[:500]
        record.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        if record.candidate_id:
            # Back to the queue: the reviewer decides again (usually "not the same child").
            MatchCandidate.objects.filter(pk=record.candidate_id).update(
                status=CandidateStatus.PENDING,
                decided_by=None,
                decided_at=None,
                version=models.F("version") + 1,
            )
        summary = f"Undid the merge of {duplicate.reference} into {survivor.reference}"
        for child in (survivor, duplicate):
            audit_record(user=acting_user, action=AuditAction.UPDATE, obj=child, summary=summary)
            case_event_record(
                actor=who,
                child=child,
                subject=record,
                kind=EventKind.MERGE_UNDONE,
                occurred_on=timezone.localdate(),
                summary=summary,
                reason=reason,
                visible_to_family=False,
                data={"merged_record": record.pk},
            )
    return record
