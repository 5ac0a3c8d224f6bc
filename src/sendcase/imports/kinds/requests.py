"""A requests and assessments tracker: one row per request for an EHC needs assessment, with the dates
of the steps taken. Each step becomes the case event the service would have written, dated when it
happened, so the statutory clock and the indicators count imported requests like any other."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendcase import statutory
from sendcase.assessments.models import OPEN_STATUSES, AssessmentRequest, RequestStatus
from sendcase.assessments.services import refresh_tracking
from sendcase.people.events import EventKind
from sendcase.people.models import Child
from sendcase.plans.models import EHCPlan, PlanStatus

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

S = RequestStatus
HISTORIC_REASON = "Recorded before this system; brought in by an import"

REQUEST_FIELDS = (
    FieldSpec(
        "received_on",
        "Date request received",
        "date",
        required=True,
        aliases=("date received", "request date", "received", "date of request", "request received"),
    ),
    FieldSpec(
        "source",
        "Who made the request",
        "code",
        required=True,
        code_set="RequestSource",
        aliases=("source", "request source", "requested by", "referrer", "who made the request"),
    ),
    FieldSpec(
        "requester_name",
        "Requester's name",
        max_length=200,
        aliases=("requester", "requester name", "referrer name"),
    ),
    FieldSpec(
        "assessment_agreed",
        "Decided to assess",
        "bool",
        aliases=("decision to assess", "assess", "agreed to assess", "assessment agreed"),
    ),
    FieldSpec(
        "assessment_decided_on",
        "Date of decision to assess",
        "date",
        aliases=("decision date", "date of decision to assess", "assessment decision date"),
    ),
    FieldSpec(
        "issue_agreed",
        "Decided to issue a plan",
        "bool",
        aliases=("decision to issue", "issue", "agreed to issue"),
    ),
    FieldSpec(
        "issue_decided_on",
        "Date of decision to issue",
        "date",
        aliases=("date of decision to issue", "issue decision date"),
    ),
    FieldSpec(
        "draft_served_on",
        "Date draft plan sent",
        "date",
        aliases=("draft sent", "draft issued", "draft plan date", "date draft sent"),
    ),
    FieldSpec(
        "final_issued_on",
        "Date final plan issued",
        "date",
        aliases=("final plan issued", "final issued", "date final issued", "final plan date"),
    ),
    FieldSpec("withdrawn_on", "Date request withdrawn", "date", aliases=("withdrawn", "date withdrawn")),
)
_STEPS = [
    ("received_on", "Date request received"),
    ("assessment_decided_on", "Date of decision to assess"),
    ("issue_decided_on", "Date of decision to issue"),
    ("draft_served_on", "Date draft plan sent"),
    ("final_issued_on", "Date final plan issued"),
]


def _status(v: dict[str, Any]) -> tuple[str, dt.date | None]:
    """The stage the recorded steps put the request at, and the day it closed (if it has)."""
    if v.get("withdrawn_on"):
        return S.WITHDRAWN, v["withdrawn_on"]
    if v.get("final_issued_on"):
        return S.FINAL_ISSUED, v["final_issued_on"]
    if v.get("draft_served_on"):
        return S.DRAFT_SERVED, None
    if v.get("issue_decided_on"):
        return (S.ISSUE_DECIDED, None) if v.get("issue_agreed") else (S.NOT_ISSUING, v["issue_decided_on"])
    if v.get("assessment_decided_on"):
        if v.get("assessment_agreed"):
            return S.ASSESSING, None
        return S.NOT_ASSESSING, v["assessment_decided_on"]
    return S.RECEIVED, None


def _steps(v: dict[str, Any]) -> list[tuple[str, str, dt.date, str, str, str]]:
    """(field, event kind, date, old state, new state, summary) for each step recorded in `v`."""
    out = [
        (
            "received_on",
            EventKind.REQUEST_RECEIVED,
            v["received_on"],
            "",
            S.RECEIVED,
            "Request for an EHC needs assessment received",
        )
    ]
    state = S.RECEIVED
    if v.get("assessment_decided_on"):
        new = S.ASSESSING if v.get("assessment_agreed") else S.NOT_ASSESSING
        kind = EventKind.ASSESSMENT_AGREED if v.get("assessment_agreed") else EventKind.ASSESSMENT_REFUSED
        text = (
            "Decided to carry out an EHC needs assessment"
            if v.get("assessment_agreed")
            else "Decided not to carry out an EHC needs assessment"
        )
        out.append(("assessment_decided_on", kind, v["assessment_decided_on"], state, new, text))
        state = new
    if v.get("issue_decided_on"):
        new = S.ISSUE_DECIDED if v.get("issue_agreed") else S.NOT_ISSUING
        kind = EventKind.ISSUE_AGREED if v.get("issue_agreed") else EventKind.ISSUE_REFUSED
        text = "Decided to issue an EHC plan" if v.get("issue_agreed") else "Decided not to issue an EHC plan"
        out.append(("issue_decided_on", kind, v["issue_decided_on"], state, new, text))
        state = new
    if v.get("draft_served_on"):
        out.append(
            (
                "draft_served_on",
                EventKind.DRAFT_SERVED,
                v["draft_served_on"],
                state,
                S.DRAFT_SERVED,
                "Draft EHC plan sent to the family",
            )
        )
        state = S.DRAFT_SERVED
    if v.get("final_issued_on"):
        weeks = (v["final_issued_on"] - v["received_on"]).days // 7
        out.append(
            (
                "final_issued_on",
                EventKind.FINAL_PLAN_ISSUED,
                v["final_issued_on"],
                state,
                S.FINAL_ISSUED,
                f"Final EHC plan issued after {weeks} weeks",
            )
        )
        state = S.FINAL_ISSUED
    if v.get("withdrawn_on"):
        out.append(
            (
                "withdrawn_on",
                EventKind.REQUEST_WITHDRAWN,
                v["withdrawn_on"],
                state,
                S.WITHDRAWN,
                "Request withdrawn",
            )
        )
    return out


class RequestsKind(DatasetKind):
    name = "requests"
    label = "Requests and assessments tracker"
    description = "One row per request for an EHC needs assessment, with the dates of each step taken."
    fields = CHILD_REF_FIELDS + REQUEST_FIELDS
    table = "requests"

    def source_key(self, values: dict[str, Any]) -> str:
        return f"legacy:{self.table}:{values['legacy_id']}" if values.get("legacy_id") else ""

    def check(self, ctx: ImportContext, values: dict[str, Any]) -> dict[str, list[str]]:
        reasons = order_problems(values, _STEPS)
        if (
            values.get("withdrawn_on")
            and values.get("received_on")
            and values["withdrawn_on"] < values["received_on"]
        ):
            reasons.setdefault("withdrawn_on", []).append(
                "Date request withdrawn is before the request was received"
            )
        needs = [
            ("issue_decided_on", "assessment_decided_on", "the date of the decision to assess"),
            ("draft_served_on", "issue_decided_on", "the date of the decision to issue"),
            ("final_issued_on", "draft_served_on", "the date the draft plan was sent"),
        ]
        for later, earlier, label in needs:
            if values.get(later) and not values.get(earlier):
                reasons.setdefault(earlier, []).append(f"Enter {label}: a later step is recorded")
        for flag, on, label in (
            ("assessment_agreed", "assessment_decided_on", "assess"),
            ("issue_agreed", "issue_decided_on", "issue a plan"),
        ):
            if values.get(on) and values.get(flag) is None:
                later = any(values.get(f) for f, _ in _STEPS[_STEPS.index((on, dict(_STEPS)[on])) + 1 :])
                if later:
                    values[flag] = True
                else:
                    reasons.setdefault(flag, []).append(
                        f"Say whether the authority decided to {label} (yes or no)"
                    )
            if values.get(flag) is not None and not values.get(on):
                reasons.setdefault(on, []).append(f"Enter the date of the decision to {label}")
            if values.get(flag) is False and any(
                values.get(f) for f, _ in _STEPS[_STEPS.index((on, dict(_STEPS)[on])) + 1 :]
            ):
                reasons.setdefault(flag, []).append(
                    f"The decision was not to {label}, but later steps are recorded"
                )
        if values.get("final_issued_on") and values.get("draft_served_on"):
            earliest = statutory.earliest_final_plan_after_draft(values["draft_served_on"])
            if values["final_issued_on"] < earliest:
                reasons.setdefault("final_issued_on", []).append(
                    "The final plan cannot be issued before the family's 15 days to comment end "
                    f"({earliest:%d/%m/%Y})"
                )
        return reasons

    def find(self, ctx: ImportContext, values: dict[str, Any], child_id: int) -> AssessmentRequest | None:
        key = self.source_key(values)
        if key:
            pk = ctx.keyed(AssessmentRequest, key)
            if pk is not None:
                return AssessmentRequest.objects.get(pk=pk)
        return AssessmentRequest.objects.filter(child_id=child_id, received_on=values["received_on"]).first()

    def write(self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]) -> str:
        child_id = self.child_id(ctx, values)
        child = Child.objects.get(pk=child_id)
        if values["received_on"] < child.date_of_birth:
            raise refuse("received_on", "Date request received is before the child's date of birth")
        wanted = {
            n: values.get(n)
            for n in (
                "received_on",
                "source",
                "requester_name",
                "assessment_decided_on",
                "issue_decided_on",
                "draft_served_on",
                "final_issued_on",
            )
        }
        request = self.find(ctx, values, child_id)
        if request is None:
            status, closed_on = _status(values)
            self._refuse_second_open(child, status, None)
            request = AssessmentRequest(
                child=child,
                status=status,
                closed_on=closed_on,
                created_by=ctx.user,
                updated_by=ctx.user,
                decision_reason=HISTORIC_REASON if status in (S.NOT_ASSESSING, S.NOT_ISSUING) else "",
                **{k: v for k, v in wanted.items() if v not in (None,)},
            )
            request.save()
            new_steps = {s[0] for s in _steps(values)}
            before, action = None, RecordAction.CREATED
        else:
            recorded = {n: getattr(request, n) for n in wanted}
            recorded["withdrawn_on"] = request.closed_on if request.status == S.WITHDRAWN else None
            recorded["assessment_agreed"] = (
                None if not request.assessment_decided_on else request.status != S.NOT_ASSESSING
            )
            recorded["issue_agreed"] = (
                None if not request.issue_decided_on else request.status != S.NOT_ISSUING
            )
            fills = fill_blanks(request, wanted, "request")
            if values.get("withdrawn_on") and request.status != S.WITHDRAWN:
                fills["withdrawn_on"] = None
            if not fills:
                return Outcome.UNCHANGED
            combined = {
                **recorded,
                **{
                    k: v
                    for k, v in values.items()
                    if v not in (None, "")
                    and k in {*wanted, "withdrawn_on", "assessment_agreed", "issue_agreed"}
                },
            }
            status, closed_on = _status(combined)
            self._refuse_second_open(child, status, request.pk)
            before = {
                n: json_value(getattr(request, n))
                for n in (
                    *[f for f in fills if f != "withdrawn_on"],
                    "status",
                    "closed_on",
                    "next_step",
                    "next_due",
                    "overdue_steps",
                    "version",
                )
            }
            for name in fills:
                if name != "withdrawn_on":
                    setattr(request, name, wanted[name])
            request.status, request.closed_on = status, closed_on
            request.version += 1
            request.updated_by = ctx.user
            new_steps = set(fills)
            values = combined
            action = RecordAction.UPDATED
        refresh_tracking(request)
        request.save()
        ctx.record(ref, request, action, before=before, key=self.source_key(values))
        plan = self._plan_for_final(ctx, ref, request, child)
        for field_name, kind, on, old, new, summary in _steps(values):
            if field_name in new_steps:
                data = {"request_id": request.pk, "source": request.source}
                if kind == EventKind.FINAL_PLAN_ISSUED:
                    # As the service writes it, so the 20-week indicator counts imported plans.
                    limit = statutory.assessment_deadlines(request.received_on).final_plan_due
                    data["within_20_weeks"] = on <= limit
                    data["plan_id"] = plan.pk if plan is not None else None
                ctx.event(
                    ref,
                    child_id=child.pk,
                    subject=request,
                    kind=kind,
                    occurred_on=on,
                    summary=summary,
                    old_state=old,
                    new_state=new,
                    data=data,
                )
        ctx.imported_event(
            ref, child_id=child.pk, subject=request, action=action, what="Request for assessment"
        )
        ctx.flush()
        return Outcome.CREATED if action == RecordAction.CREATED else Outcome.UPDATED

    def _refuse_second_open(self, child: Child, status: str, pk: int | None) -> None:
        if status not in OPEN_STATUSES:
            return
        other = child.assessment_requests.filter(status__in=OPEN_STATUSES).exclude(pk=pk).first()
        if other is not None:
            raise refuse(
                "received_on",
                f"{child.full_name} already has an open request, received on {other.received_on:%d/%m/%Y}: "
                "one request can be open at a time",
            )

    def _plan_for_final(
        self, ctx: ImportContext, ref: RowRef, request: AssessmentRequest, child: Child
    ) -> EHCPlan | None:
        """A final plan issued on the request is the child's EHC plan: find it, or create it as the
        service does when it issues one."""
        if not request.final_issued_on:
            return None
        plan = EHCPlan.objects.filter(child=child, issued_on=request.final_issued_on).first()
        if plan is not None:
            if plan.request_id is None:
                EHCPlan.objects.filter(pk=plan.pk).update(request=request)
            return plan
        if EHCPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists():
            return None
        plan = EHCPlan.objects.create(
            child=child,
            request=request,
            issued_on=request.final_issued_on,
            review_due=statutory.review_due(request.final_issued_on),
            created_by=ctx.user,
            updated_by=ctx.user,
        )
        ctx.record(ref, plan, RecordAction.CREATED)
        return plan
