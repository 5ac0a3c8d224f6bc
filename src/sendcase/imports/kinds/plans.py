"""An EHC plan register (one row per plan) and an annual review tracker (one row per review)."""

from __future__ import annotations

from typing import Any

from sendcase import statutory
from sendcase.assessments.models import AssessmentRequest
from sendcase.people.events import EventKind
from sendcase.people.models import Child
from sendcase.plans.models import AnnualReview, EHCPlan, PlanStatus
from sendcase.plans.models.review import ReviewDecision, ReviewStatus

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

PLAN_FIELDS = (
    FieldSpec(
        "issued_on",
        "Date plan issued",
        "date",
        required=True,
        aliases=("date issued", "issue date", "plan issued", "date of plan", "final plan issued"),
    ),
    FieldSpec(
        "primary_need",
        "Primary need",
        "code",
        code_set="NeedType",
        aliases=("primary need", "need", "primary sen need", "need type"),
    ),
    FieldSpec(
        "named_establishment_urn",
        "Named school URN",
        "urn",
        aliases=("urn", "school urn", "named school urn", "setting urn"),
    ),
    FieldSpec(
        "last_review_on",
        "Date of last annual review",
        "date",
        aliases=("last review", "last annual review", "date of last review"),
    ),
    FieldSpec(
        "ceased_on", "Date plan ceased", "date", aliases=("ceased", "date ceased", "ceased on", "end date")
    ),
)


class PlansKind(DatasetKind):
    name = "plans"
    label = "EHC plan register"
    description = (
        "One row per EHC plan: when it was issued, the primary need, the named school, and if it ceased."
    )
    fields = CHILD_REF_FIELDS + PLAN_FIELDS
    table = "plans"

    def source_key(self, values: dict[str, Any]) -> str:
        return f"legacy:{self.table}:{values['legacy_id']}" if values.get("legacy_id") else ""

    def check(self, ctx: ImportContext, values: dict[str, Any]) -> dict[str, list[str]]:
        return order_problems(
            values,
            [
                ("issued_on", "Date plan issued"),
                ("last_review_on", "Date of last annual review"),
                ("ceased_on", "Date plan ceased"),
            ],
        )

    def find(self, ctx: ImportContext, values: dict[str, Any], child_id: int) -> EHCPlan | None:
        key = self.source_key(values)
        if key and (pk := ctx.keyed(EHCPlan, key)) is not None:
            return EHCPlan.objects.get(pk=pk)
        return EHCPlan.objects.filter(child_id=child_id, issued_on=values["issued_on"]).first()

    def write(self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]) -> str:
        child = Child.objects.get(pk=self.child_id(ctx, values))
        if values["issued_on"] < child.date_of_birth:
            raise refuse("issued_on", "Date plan issued is before the child's date of birth")
        urn = values.get("named_establishment_urn")
        wanted = {
            "issued_on": values["issued_on"],
            "primary_need": values.get("primary_need") or "",
            "named_establishment_id": ctx.establishment_id(urn) if urn else None,
            "last_review_on": values.get("last_review_on"),
            "ceased_on": values.get("ceased_on"),
        }
        plan = self.find(ctx, values, child.pk)
        active_elsewhere = EHCPlan.objects.filter(child=child, status=PlanStatus.ACTIVE)
        if plan is None:
            if not wanted["ceased_on"] and active_elsewhere.exists():
                raise refuse(
                    "issued_on",
                    f"{child.full_name} already has an EHC plan in force, issued on "
                    f"{active_elsewhere.first().issued_on:%d/%m/%Y}: record when it ceased first",
                )
            request = AssessmentRequest.objects.filter(
                child=child, final_issued_on=values["issued_on"], plan__isnull=True
            ).first()
            plan = EHCPlan(
                child=child,
                request=request,
                created_by=ctx.user,
                updated_by=ctx.user,
                **{k: v for k, v in wanted.items() if v is not None},
            )
            self._derive(plan)
            plan.save()
            ctx.record(ref, plan, RecordAction.CREATED, key=self.source_key(values))
            if request is None:
                ctx.event(
                    ref,
                    child_id=child.pk,
                    subject=plan,
                    kind=EventKind.FINAL_PLAN_ISSUED,
                    occurred_on=plan.issued_on,
                    summary="Final EHC plan issued",
                    new_state=PlanStatus.ACTIVE,
                    data={"plan_id": plan.pk},
                )
            new_fields = set(wanted)
            action = RecordAction.CREATED
        else:
            fills = fill_blanks(plan, wanted, "plan")
            if not fills:
                return Outcome.UNCHANGED
            before = {n: json_value(getattr(plan, n)) for n in (*fills, "status", "review_due")}
            for name in fills:
                setattr(plan, name, wanted[name])
            self._derive(plan)
            plan.updated_by = ctx.user
            plan.save()
            ctx.record(ref, plan, RecordAction.UPDATED, before=before, key=self.source_key(values))
            new_fields = set(fills)
            action = RecordAction.UPDATED
        if "ceased_on" in new_fields and plan.ceased_on:
            ctx.event(
                ref,
                child_id=child.pk,
                subject=plan,
                kind=EventKind.PLAN_CEASED,
                occurred_on=plan.ceased_on,
                summary="EHC plan ceased",
                old_state=PlanStatus.ACTIVE,
                new_state=PlanStatus.CEASED,
                data={"plan_id": plan.pk},
            )
        ctx.imported_event(ref, child_id=child.pk, subject=plan, action=action, what="EHC plan")
        ctx.flush()
        return Outcome.CREATED if action == RecordAction.CREATED else Outcome.UPDATED

    @staticmethod
    def _derive(plan: EHCPlan) -> None:
        plan.status = PlanStatus.CEASED if plan.ceased_on else PlanStatus.ACTIVE
        plan.review_due = (
            None if plan.ceased_on else statutory.review_due(plan.last_review_on or plan.issued_on)
        )


REVIEW_FIELDS = (
    FieldSpec(
        "plan_issued_on", "Date plan issued", "date", aliases=("plan issued", "date plan issued", "plan date")
    ),
    FieldSpec(
        "due_on",
        "Date review due",
        "date",
        past_only=False,
        aliases=("due", "review due", "due date", "date due"),
    ),
    FieldSpec(
        "meeting_on",
        "Date of review meeting",
        "date",
        past_only=False,
        aliases=("meeting", "meeting date", "review meeting", "review date", "date of review"),
    ),
    FieldSpec(
        "decision",
        "Review decision",
        "code",
        code_set="ReviewDecision",
        aliases=("decision", "outcome", "review outcome"),
    ),
    FieldSpec(
        "decision_on",
        "Date of decision",
        "date",
        aliases=("decision date", "date of decision", "outcome date"),
    ),
)


class ReviewsKind(DatasetKind):
    name = "reviews"
    label = "Annual review tracker"
    description = "One row per annual review of a plan: when it was due, the meeting, and the decision."
    fields = CHILD_REF_FIELDS + REVIEW_FIELDS
    table = "reviews"

    def source_key(self, values: dict[str, Any]) -> str:
        return f"legacy:{self.table}:{values['legacy_id']}" if values.get("legacy_id") else ""

    def check(self, ctx: ImportContext, values: dict[str, Any]) -> dict[str, list[str]]:
        reasons = order_problems(
            values, [("meeting_on", "Date of review meeting"), ("decision_on", "Date of decision")]
        )
        if not values.get("due_on") and not values.get("meeting_on"):
            reasons.setdefault("due_on", []).append(
                "Enter the date the review was due or the date of its meeting"
            )
        if values.get("decision") and not values.get("decision_on"):
            reasons.setdefault("decision_on", []).append("Enter the date of the decision")
        if values.get("decision_on") and not values.get("decision"):
            reasons.setdefault("decision", []).append("Enter the decision: maintain, amend or cease")
        if values.get("decision") and not values.get("meeting_on"):
            reasons.setdefault("meeting_on", []).append(
                "Enter the date of the review meeting: a decision is recorded"
            )
        for name in ("decision_on",):
            if values.get(name) and values[name] > ctx.today:
                reasons.setdefault(name, []).append("The date of the decision is in the future")
        return reasons

    def plan(self, ctx: ImportContext, values: dict[str, Any]) -> EHCPlan:
        if values.get("plan_legacy_id"):
            pk = ctx.keyed(EHCPlan, f"legacy:plans:{values['plan_legacy_id']}")
            if pk is None:
                raise refuse(
                    "plan_legacy_id",
                    f"No plan with legacy id {values['plan_legacy_id']} was brought in (plans.csv)",
                )
            return EHCPlan.objects.get(pk=pk)
        child_id = self.child_id(ctx, values)
        plans = EHCPlan.objects.filter(child_id=child_id)
        if values.get("plan_issued_on"):
            plan = plans.filter(issued_on=values["plan_issued_on"]).first()
            if plan is None:
                raise refuse(
                    "plan_issued_on",
                    f"The child has no EHC plan issued on {values['plan_issued_on']:%d/%m/%Y}",
                )
            return plan
        plan = plans.filter(status=PlanStatus.ACTIVE).first()
        if plan is None:
            raise refuse(
                "plan_issued_on",
                "The child has no EHC plan in force: enter the date the plan reviewed was issued",
            )
        return plan

    def write(self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]) -> str:
        plan = self.plan(ctx, values)
        held = (
            values.get("meeting_on")
            if values.get("meeting_on") and values["meeting_on"] <= ctx.today
            else None
        )
        due_on = values.get("due_on") or values["meeting_on"]
        if values.get("meeting_on") and values["meeting_on"] < plan.issued_on:
            raise refuse(
                "meeting_on",
                f"Date of review meeting is before the plan was issued ({plan.issued_on:%d/%m/%Y})",
            )
        decision = values.get("decision") or ""
        wanted = {
            "due_on": due_on,
            "meeting_on": values.get("meeting_on"),
            "decision": decision,
            "decision_on": values.get("decision_on"),
        }
        key = self.source_key(values)
        review = None
        if key and (pk := ctx.keyed(AnnualReview, key)) is not None:
            review = AnnualReview.objects.get(pk=pk)
        if review is None:
            found = AnnualReview.objects.filter(plan=plan)
            review = (
                found.filter(meeting_on=values["meeting_on"]).first() if values.get("meeting_on") else None
            ) or found.filter(due_on=due_on).first()
        status = (
            (ReviewStatus.COMPLETED if decision == ReviewDecision.MAINTAIN else ReviewStatus.DECIDED)
            if decision
            else ReviewStatus.HELD
            if held
            else ReviewStatus.SCHEDULED
            if values.get("meeting_on")
            else ReviewStatus.DUE
        )
        if review is None:
            review = AnnualReview(
                plan=plan,
                status=status,
                created_by=ctx.user,
                updated_by=ctx.user,
                **{k: v for k, v in wanted.items() if v is not None},
            )
            review.save()
            ctx.record(ref, review, RecordAction.CREATED, key=key)
            new_fields, action = set(wanted), RecordAction.CREATED
        else:
            fills = fill_blanks(review, {k: v for k, v in wanted.items() if k != "due_on"}, "review")
            if not fills:
                return Outcome.UNCHANGED
            before = {n: json_value(getattr(review, n)) for n in (*fills, "status")}
            for name in fills:
                setattr(review, name, wanted[name])
            review.status, review.updated_by = status, ctx.user
            review.save()
            ctx.record(ref, review, RecordAction.UPDATED, before=before, key=key)
            new_fields, action = set(fills), RecordAction.UPDATED
        if held and "meeting_on" in new_fields:
            ctx.event(
                ref,
                child_id=plan.child_id,
                subject=review,
                kind=EventKind.REVIEW_MEETING_HELD,
                occurred_on=held,
                summary="Annual review meeting held",
                new_state=ReviewStatus.HELD,
                data={"plan_id": plan.pk, "review_id": review.pk},
            )
            if plan.status == PlanStatus.ACTIVE and (
                plan.last_review_on is None or held > plan.last_review_on
            ):
                before = {
                    "last_review_on": json_value(plan.last_review_on),
                    "review_due": json_value(plan.review_due),
                }
                plan.last_review_on = held
                plan.review_due = statutory.review_due(held)
                plan.updated_by = ctx.user
                plan.save(update_fields=["last_review_on", "review_due", "updated_by", "updated_at"])
                ctx.record(ref, plan, RecordAction.UPDATED, before=before)
        if decision and "decision" in new_fields:
            ctx.event(
                ref,
                child_id=plan.child_id,
                subject=review,
                kind=EventKind.REVIEW_DECIDED,
                occurred_on=values["decision_on"],
                summary=f"Annual review decision: {ReviewDecision(decision).label.lower()}",
                new_state=status,
                data={"plan_id": plan.pk, "review_id": review.pk, "decision": decision},
            )
        ctx.imported_event(ref, child_id=plan.child_id, subject=review, action=action, what="Annual review")
        ctx.flush()
        return Outcome.CREATED if action == RecordAction.CREATED else Outcome.UPDATED
