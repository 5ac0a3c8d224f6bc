"""The tables of a legacy case-management export (one CSV per table, linked by the old system's ids).

Each table is read by the matching spreadsheet kind, with the old system's ids in place of the child's
name: `id` is the row's own id and `person_id`, `request_id`, `plan_id` point at rows of other tables.
Every record keeps its old id as its source key ("legacy:people:1042"), so links resolve across tables
and a second import of the same export finds what the first brought in. A row whose link does not
resolve is quarantined with the reason. The layout is in docs/imports.md.
"""

from __future__ import annotations

from typing import Any

from sendcase import statutory
from sendcase.assessments.models import AdviceRequest, AssessmentRequest
from sendcase.assessments.services import refresh_tracking
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child

from .base import (
    CHILD_REF_FIELDS,
    DatasetKind,
    FieldSpec,
    ImportContext,
    Outcome,
    RecordAction,
    RowRef,
    fill_blanks,
    json_value,
    order_problems,
    refuse,
)
from .children import ChildrenKind
from .placements import PlacementsKind
from .plans import PlansKind, ReviewsKind
from .requests import RequestsKind

LEGACY_ID = FieldSpec("legacy_id", "Legacy id", required=True, max_length=50)
PERSON_ID = FieldSpec("person_legacy_id", "Legacy person id", required=True, max_length=50)
REQUEST_ID = FieldSpec("request_legacy_id", "Legacy request id", required=True, max_length=50)
PLAN_ID = FieldSpec("plan_legacy_id", "Legacy plan id", required=True, max_length=50)
# Column names in the export that differ from the field names; every other column is a field name.
COLUMN_ALIASES = {
    "id": "legacy_id",
    "person_id": "person_legacy_id",
    "request_id": "request_legacy_id",
    "plan_id": "plan_legacy_id",
}


def _without_child_ref(fields: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
    return tuple(f for f in fields if f not in CHILD_REF_FIELDS)


class LegacyPeople(ChildrenKind):
    name = "legacy_people"
    label = "Legacy export: people"
    table = "people"
    fields = (LEGACY_ID, *ChildrenKind.fields)

    def key(self, values: dict[str, Any]) -> tuple:
        return ("legacy", values["legacy_id"])

    def source_key(self, values: dict[str, Any]) -> str:
        return f"legacy:people:{values['legacy_id']}"


class LegacyRequests(RequestsKind):
    name = "legacy_requests"
    label = "Legacy export: requests"
    finds_child = False
    fields = (LEGACY_ID, PERSON_ID, *_without_child_ref(RequestsKind.fields))


class LegacyPlans(PlansKind):
    name = "legacy_plans"
    label = "Legacy export: plans"
    finds_child = False
    fields = (LEGACY_ID, PERSON_ID, *_without_child_ref(PlansKind.fields))


class LegacyReviews(ReviewsKind):
    name = "legacy_reviews"
    label = "Legacy export: reviews"
    finds_child = False
    fields = (
        LEGACY_ID,
        PLAN_ID,
        *[f for f in _without_child_ref(ReviewsKind.fields) if f.name != "plan_issued_on"],
    )


class LegacyPlacements(PlacementsKind):
    name = "legacy_placements"
    label = "Legacy export: placements"
    finds_child = False
    fields = (LEGACY_ID, PERSON_ID, *_without_child_ref(PlacementsKind.fields))


class LegacyAdvice(DatasetKind):
    """Requests for advice on an assessment (Regs 6), each with its 6-week limit (Regs 8)."""

    name = "legacy_advice"
    label = "Legacy export: advice"
    table = "advice"
    finds_child = False
    fields = (
        LEGACY_ID,
        REQUEST_ID,
        FieldSpec("adviser_type", "Type of adviser", "code", required=True, code_set="AdviserType"),
        FieldSpec("adviser_name", "Adviser", max_length=200),
        FieldSpec("requested_on", "Date advice requested", "date", required=True),
        FieldSpec("received_on", "Date advice received", "date"),
    )

    def check(self, ctx: ImportContext, values: dict[str, Any]) -> dict[str, list[str]]:
        return order_problems(
            values, [("requested_on", "Date advice requested"), ("received_on", "Date advice received")]
        )

    def write(self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]) -> str:
        request_pk = ctx.keyed(AssessmentRequest, f"legacy:requests:{values['request_legacy_id']}")
        if request_pk is None:
            raise refuse(
                "request_legacy_id",
                f"No request with legacy id {values['request_legacy_id']} was brought in (requests.csv)",
            )
        request = AssessmentRequest.objects.select_related("child").get(pk=request_pk)
        if request.assessment_decided_on and values["requested_on"] < request.assessment_decided_on:
            raise refuse(
                "requested_on",
                "Date advice requested is before the decision to assess "
                f"({request.assessment_decided_on:%d/%m/%Y})",
            )
        key = f"legacy:advice:{values['legacy_id']}"
        wanted = {k: values.get(k) for k in ("adviser_type", "adviser_name", "requested_on", "received_on")}
        advice = None
        if (pk := ctx.keyed(AdviceRequest, key)) is not None:
            advice = AdviceRequest.objects.get(pk=pk)
        if advice is None:
            advice = AdviceRequest(
                request=request,
                created_by=ctx.user,
                updated_by=ctx.user,
                **{k: v for k, v in wanted.items() if v is not None},
            )
            advice.save()
            ctx.record(ref, advice, RecordAction.CREATED, key=key)
            new_fields, action = set(wanted), RecordAction.CREATED
        else:
            fills = fill_blanks(advice, wanted, "advice request")
            if not fills:
                return Outcome.UNCHANGED
            before = {n: json_value(getattr(advice, n)) for n in fills}
            for name in fills:
                setattr(advice, name, wanted[name])
            advice.save()
            ctx.record(ref, advice, RecordAction.UPDATED, before=before, key=key)
            new_fields, action = set(fills), RecordAction.UPDATED
        data = {"request_id": request.pk, "advice_id": advice.pk, "adviser_type": advice.adviser_type}
        label = advice.get_adviser_type_display()
        if "requested_on" in new_fields:
            due = statutory.advice_due(advice.requested_on)
            ctx.event(
                ref,
                child_id=request.child_id,
                subject=advice,
                kind=EventKind.ADVICE_REQUESTED,
                occurred_on=advice.requested_on,
                summary=f"{label} advice requested, due {due:%-d %B %Y}",
                data=data,
            )
        if "received_on" in new_fields and advice.received_on:
            ctx.event(
                ref,
                child_id=request.child_id,
                subject=advice,
                kind=EventKind.ADVICE_RECEIVED,
                occurred_on=advice.received_on,
                summary=f"{label} advice received",
                data=data,
            )
        before_tracking = {
            n: json_value(getattr(request, n)) for n in ("next_step", "next_due", "overdue_steps")
        }
        refresh_tracking(request)
        request.save(update_fields=["next_step", "next_due", "overdue_steps", "updated_at"])
        ctx.record(ref, request, RecordAction.UPDATED, before=before_tracking)
        ctx.imported_event(
            ref, child_id=request.child_id, subject=advice, action=action, what="Advice request"
        )
        ctx.flush()
        return Outcome.CREATED if action == RecordAction.CREATED else Outcome.UPDATED


class LegacyEvents(DatasetKind):
    """The rest of the old system's history (letters, calls, notes) as events on the child's timeline,
    dated when they happened. Statutory steps come from the other tables, never from here, so they are
    not counted twice."""

    name = "legacy_events"
    label = "Legacy export: events"
    table = "events"
    finds_child = False
    fields = (
        LEGACY_ID,
        PERSON_ID,
        FieldSpec("occurred_on", "Date", "date", required=True),
        FieldSpec("kind", "Kind of event", max_length=60),
        FieldSpec("summary", "What happened", required=True, max_length=280),
    )

    def write(self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]) -> str:
        child_id = self.child_id(ctx, values)
        key = f"legacy:events:{values['legacy_id']}"
        if ctx.keyed(CaseEvent, key) is not None:
            return Outcome.UNCHANGED
        child = Child.objects.get(pk=child_id)
        event = CaseEvent.objects.create(
            child=child,
            subject_type="child",
            subject_id=child.pk,
            kind=EventKind.RECORD_IMPORTED,
            occurred_on=values["occurred_on"],
            actor=ctx.user,
            summary=f"Earlier system: {values['summary']}"[:300],
            visible_to_family=False,
            data={
                "legacy_kind": values.get("kind") or "",
                "legacy_id": values["legacy_id"],
                **ctx.provenance(ref),
            },
        )
        ctx.record(ref, event, RecordAction.CREATED, key=key)
        ctx.flush()
        return Outcome.CREATED


# The order tables are read in: a row's links point at tables read before it.
LEGACY_TABLES: tuple[type[DatasetKind], ...] = (
    LegacyPeople,
    LegacyRequests,
    LegacyAdvice,
    LegacyPlans,
    LegacyReviews,
    LegacyPlacements,
    LegacyEvents,
)
