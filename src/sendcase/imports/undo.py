"""Undoing a batch: the records it created are removed and those it changed put back as they were.

Only while nothing later depends on it: no record it touched has been changed since (updated_at after
the batch wrote it), no other event has been recorded on the children it touched since, and no later
batch has touched the same records. Otherwise the undo is refused with the reasons, since removing the
rows would throw away someone's later work.

The events the batch wrote (tagged with its id) go with it: they described records that no longer exist.
Each child that remains gets an IMPORT_UNDONE event, so their history says what happened.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction, User
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import CaseEvent, Child

from .models import BatchStatus, ImportBatch, ImportedRecord, QuarantinedRow, QuarantineStatus, RecordAction
from .services import _actor, require_importer

MAX_REASONS = 10


def _objects(batch: ImportBatch) -> dict[tuple[int, int], tuple[ImportedRecord, object | None]]:
    """(content type, id) -> (its latest provenance record in the batch, the object if it still exists)."""
    latest: dict[tuple[int, int], ImportedRecord] = {}
    for record in batch.records.select_related("content_type").order_by("id"):
        latest[(record.content_type_id, record.object_id)] = record
    by_type: dict[int, list[int]] = defaultdict(list)
    for ct, pk in latest:
        by_type[ct].append(pk)
    found: dict[tuple[int, int], object] = {}
    for ct_id, pks in by_type.items():
        model = next(r for k, r in latest.items() if k[0] == ct_id).content_type.model_class()
        for start in range(0, len(pks), 5000):
            for obj in model.objects.filter(pk__in=pks[start : start + 5000]):
                found[(ct_id, obj.pk)] = obj
    return {key: (record, found.get(key)) for key, record in latest.items()}


def _child_id(obj) -> int | None:
    if isinstance(obj, Child):
        return obj.pk
    if hasattr(obj, "child_id"):
        return obj.child_id
    for via in ("request", "plan"):
        parent = getattr(obj, via, None)
        if parent is not None and hasattr(parent, "child_id"):
            return parent.child_id
    return None


def undo_blockers(batch: ImportBatch) -> list[str]:
    """Why the batch cannot be undone (empty when it can)."""
    if batch.status != BatchStatus.COMMITTED:
        return ["Only an imported batch can be undone"]
    reasons: list[str] = []
    objects = _objects(batch)
    children: set[int] = set()
    for (_ct, pk), (record, obj) in objects.items():
        name = f"{record.content_type.model} {pk} (row {record.row})"
        if obj is None:
            if record.content_type.model != "caseevent":
                reasons.append(f"The {name} has been removed since")
            continue
        updated = getattr(obj, "updated_at", None)
        if updated is not None and updated > record.created_at:
            reasons.append(f"The {name} has been changed since it was imported")
        child_id = _child_id(obj)
        if child_id is not None:
            children.add(child_id)
    later_batches = set()
    keys = list(objects)
    for start in range(0, len(keys), 2000):
        chunk = keys[start : start + 2000]
        by_ct: dict[int, list[int]] = defaultdict(list)
        for ct, pk in chunk:
            by_ct[ct].append(pk)
        for ct, pks in by_ct.items():
            later_batches |= set(
                ImportedRecord.objects.filter(
                    content_type_id=ct, object_id__in=pks, batch__status=BatchStatus.COMMITTED
                )
                .exclude(batch=batch)
                .filter(created_at__gt=batch.committed_at)
                .values_list("batch_id", flat=True)
            )
    for later_id in sorted(later_batches):
        reasons.append(f"Import {later_id}, made later, changed records this one brought in: undo it first")
    last_written = batch.records.aggregate(last=Max("created_at"))["last"]
    child_list = list(children)
    for start in range(0, len(child_list), 5000):
        newer = (
            CaseEvent.objects.filter(
                child_id__in=child_list[start : start + 5000], recorded_at__gt=last_written
            )
            .exclude(data__import_batch=batch.pk)
            .select_related("child")[:MAX_REASONS]
        )
        for event in newer:
            reasons.append(f"{event.child.full_name}'s case has changed since (“{event.summary}”)")
    return reasons[:MAX_REASONS] + (
        [f"…and {len(reasons) - MAX_REASONS} more"] if len(reasons) > MAX_REASONS else []
    )


@transaction.atomic
def batch_undo(*, acting_user: User | None, batch: ImportBatch) -> ImportBatch:
    require_importer(acting_user)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    blockers = undo_blockers(batch)
    if blockers:
        raise ServiceError("This import cannot be undone: " + "; ".join(blockers), field="batch")
    objects = _objects(batch)
    CaseEvent.objects.filter(data__import_batch=batch.pk).delete()
    surviving_children: set[int] = set()
    created: dict[type, list[int]] = defaultdict(list)
    # Reverse order: a record is removed before the ones it was attached to (a request before its child).
    first_action: dict[tuple[int, int], str] = {}
    earliest_before: dict[tuple[int, int], dict] = {}
    for record in batch.records.order_by("id"):
        key = (record.content_type_id, record.object_id)
        first_action.setdefault(key, record.action)
        if record.action == RecordAction.UPDATED and key not in earliest_before:
            earliest_before[key] = record.before or {}
    for key, (_record, obj) in sorted(objects.items(), key=lambda item: -item[1][0].pk):
        if obj is None:
            continue
        if first_action[key] == RecordAction.CREATED:
            created[type(obj)].append(obj.pk)
            continue
        model = type(obj)
        restore = {}
        for name, value in earliest_before[key].items():
            field = model._meta.get_field(name)
            restore[field.attname] = field.to_python(value) if value is not None else None
        model.objects.filter(pk=obj.pk).update(**restore)
        child_id = _child_id(obj)
        if child_id is not None:
            surviving_children.add(child_id)
    from sendcase.assessments.models import AdviceRequest, AssessmentRequest
    from sendcase.people.models import Contact
    from sendcase.plans.models import AnnualReview, EHCPlan, Placement

    order = [CaseEvent, AdviceRequest, AnnualReview, Placement, EHCPlan, AssessmentRequest, Contact, Child]
    for model in sorted(created, key=lambda m: order.index(m) if m in order else -1):
        pks = created[model]
        for start in range(0, len(pks), 2000):
            model.objects.filter(pk__in=pks[start : start + 2000]).delete()
    surviving_children -= set(created.get(Child, []))
    for child in Child.objects.filter(pk__in=surviving_children):
        case_event_record(
            actor=_actor(acting_user),
            child=child,
            subject=child,
            kind=EventKind.IMPORT_UNDONE,
            occurred_on=timezone.localdate(),
            summary=f"Records brought in from {batch.file_name} removed (import undone)",
            visible_to_family=False,
            data={"undone_batch": batch.pk},
        )
    # A waiting row that a later import met again stays waiting, under the latest such import.
    for row in QuarantinedRow.objects.filter(batch=batch, status=QuarantineStatus.OPEN):
        later = (
            ImportBatch.objects.filter(pk__in=row.seen_in, status=BatchStatus.COMMITTED)
            .order_by("-pk")
            .first()
        )
        if later is not None:
            row.batch = later
            row.save(update_fields=["batch", "updated_at"])
        else:
            row.status = QuarantineStatus.UNDONE
            row.save(update_fields=["status", "updated_at"])
    batch.status = BatchStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.updated_by = _actor(acting_user)
    batch.save()
    audit_record(
        user=acting_user,
        action=AuditAction.DELETE,
        obj=batch,
        summary=f"Undid the import of {batch.file_name}",
    )
    return batch
