"""Drive a seeded request's recorded history through the real services, on a fresh child.

If the seed writes exactly what the services write, the rows the services produce from the same steps,
dates and actors are the same as the seeded ones (apart from primary keys, which are mapped).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sendcase.assessments import services
from sendcase.assessments.models import AdviceRequest, AssessmentRequest, Consultation, StepException
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.settings_data.models import Establishment

K = EventKind

REQUEST_FIELDS = (
    "status",
    "received_on",
    "source",
    "requester_name",
    "requesting_establishment_id",
    "summary",
    "assessment_decided_on",
    "issue_decided_on",
    "decision_reason",
    "draft_served_on",
    "family_comments_received_on",
    "family_preferred_establishment_id",
    "family_preference_notes",
    "meeting_requested",
    "meeting_held_on",
    "final_issued_on",
    "closed_on",
    "next_step",
    "next_due",
    "overdue_steps",
    "version",
    "created_by_id",
    "updated_by_id",
)
ADVICE_FIELDS = (
    "adviser_type",
    "adviser_name",
    "requested_on",
    "received_on",
    "last_chased_on",
    "times_chased",
    "exception_reason",
    "exception_notes",
    "created_by_id",
    "updated_by_id",
)
CONSULTATION_FIELDS = (
    "establishment_id",
    "sent_on",
    "answered_on",
    "outcome",
    "notes",
    "created_by_id",
    "updated_by_id",
)
EXCEPTION_FIELDS = (
    "step",
    "reason",
    "starts_on",
    "ends_on",
    "family_told_on",
    "notes",
    "created_by_id",
    "updated_by_id",
)
PLAN_FIELDS = ("status", "issued_on", "named_establishment_id", "created_by_id", "updated_by_id")
EVENT_FIELDS = (
    "kind",
    "subject_type",
    "old_state",
    "new_state",
    "occurred_on",
    "actor_id",
    "reason",
    "summary",
)
ID_KEYS = {
    "request_id": "assessmentrequest",
    "advice_id": "advicerequest",
    "consultation_id": "consultation",
    "exception_id": "stepexception",
    "plan_id": "ehcplan",
}


@dataclass
class Replayed:
    request: AssessmentRequest
    # seeded pk -> replayed pk, by model name (the same names CaseEvent.subject_type uses)
    ids: dict[str, dict[int, int]] = field(default_factory=dict)

    def map(self, model_name: str, pk: int | None) -> int | None:
        return None if pk is None else self.ids.get(model_name, {}).get(pk, pk)


def request_events(request: AssessmentRequest) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(child_id=request.child_id, data__request_id=request.pk).order_by("id")
    )


def replay(seeded: AssessmentRequest, child: Child) -> Replayed:
    """Call the service for each of the seeded request's events, in the order they were written."""
    result: Replayed | None = None
    ids: dict[str, dict[int, int]] = {}
    advice: dict[int, AdviceRequest] = {}
    consultations: dict[int, Consultation] = {}

    def remember(name: str, old: int, new: int) -> None:
        ids.setdefault(name, {})[old] = new

    request = None
    for event in request_events(seeded):
        user, on, data, kind = event.actor, event.occurred_on, event.data, event.kind
        if kind == K.REQUEST_RECEIVED:
            request = services.request_record(
                acting_user=user,
                child=child,
                received_on=on,
                source=data["source"],
                requester_name=seeded.requester_name,
                requesting_establishment=seeded.requesting_establishment,
                summary=seeded.summary,
            )
            remember("assessmentrequest", seeded.pk, request.pk)
        elif kind in (K.ASSESSMENT_AGREED, K.ASSESSMENT_REFUSED):
            services.assessment_decision_record(
                acting_user=user,
                request=request,
                assess=kind == K.ASSESSMENT_AGREED,
                decided_on=on,
                reason=event.reason,
            )
        elif kind == K.ADVICE_REQUESTED:
            old = AdviceRequest.objects.get(pk=data["advice_id"])
            new = services.advice_request_record(
                acting_user=user,
                request=request,
                adviser_type=data["adviser_type"],
                requested_on=on,
                adviser_name=old.adviser_name,
            )
            advice[old.pk] = new
            remember("advicerequest", old.pk, new.pk)
        elif kind == K.ADVICE_RECEIVED:
            services.advice_receipt_record(acting_user=user, advice=advice[data["advice_id"]], received_on=on)
        elif kind == K.ADVICE_CHASED:
            services.advice_chase_record(acting_user=user, advice=advice[data["advice_id"]], chased_on=on)
        elif kind == K.ADVICE_EXCEPTION:
            services.advice_exception_record(
                acting_user=user,
                advice=advice[data["advice_id"]],
                reason=data["reason"],
                recorded_on=on,
                notes=event.reason,
            )
        elif kind in (K.ISSUE_AGREED, K.ISSUE_REFUSED):
            services.issue_decision_record(
                acting_user=user,
                request=request,
                issue=kind == K.ISSUE_AGREED,
                decided_on=on,
                reason=event.reason,
            )
        elif kind == K.DRAFT_SERVED:
            services.draft_plan_serve(acting_user=user, request=request, served_on=on)
        elif kind == K.DRAFT_RESPONSE:
            preferred = data["preferred_establishment_id"]
            services.draft_response_record(
                acting_user=user,
                request=request,
                received_on=on,
                preferred_establishment=Establishment.objects.get(pk=preferred) if preferred else None,
                preference_notes=seeded.family_preference_notes,
                meeting_requested=data["meeting_requested"],
                comments=event.reason,
            )
        elif kind == K.CONSULTATION_SENT:
            new = services.consultation_send(
                acting_user=user,
                request=request,
                establishment=Establishment.objects.get(pk=data["establishment_id"]),
                sent_on=on,
            )
            consultations[data["consultation_id"]] = new
            remember("consultation", data["consultation_id"], new.pk)
        elif kind == K.CONSULTATION_ANSWERED:
            old = Consultation.objects.get(pk=data["consultation_id"])
            services.consultation_answer_record(
                acting_user=user,
                consultation=consultations[old.pk],
                answered_on=on,
                outcome=data["outcome"],
                notes=old.notes,
            )
        elif kind == K.FINAL_PLAN_ISSUED:
            named = data["named_establishment_id"]
            plan = services.final_plan_issue(
                acting_user=user,
                request=request,
                issued_on=on,
                named_establishment=Establishment.objects.get(pk=named) if named else None,
            )
            remember("ehcplan", data["plan_id"], plan.pk)
        elif kind == K.REQUEST_WITHDRAWN:
            services.request_withdraw(acting_user=user, request=request, withdrawn_on=on, reason=event.reason)
        elif kind == K.MOVED_OUT:
            services.request_move_out(acting_user=user, request=request, moved_on=on, reason=event.reason)
        elif kind == K.EXCEPTION_RECORDED:
            old = StepException.objects.get(pk=data["exception_id"])
            new = services.exception_record(
                acting_user=user,
                request=request,
                step=old.step,
                reason=old.reason,
                starts_on=on,
                ends_on=old.ends_on,
                family_told_on=old.family_told_on,
                notes=old.notes,
            )
            remember("stepexception", old.pk, new.pk)
        else:
            raise AssertionError(f"no service for event kind {kind}")
    assert request is not None, "the seeded request has no request_received event"
    result = Replayed(request=AssessmentRequest.objects.get(pk=request.pk), ids=ids)
    return result


def event_rows(events: list[CaseEvent], mapping: Replayed | None) -> list[tuple]:
    """Events as comparable tuples, with seeded ids mapped to the replayed ones."""
    rows = []
    for event in events:
        data = dict(event.data)
        subject_id = event.subject_id
        if mapping is not None:
            for key, model_name in ID_KEYS.items():
                if key in data:
                    data[key] = mapping.map(model_name, data[key])
            subject_id = mapping.map(event.subject_type, subject_id)
        rows.append(
            (*(getattr(event, name) for name in EVENT_FIELDS), event.visible_to_family, subject_id, data)
        )
    return rows


def values(obj, names: tuple[str, ...]) -> dict:
    return {name: getattr(obj, name) for name in names}


# --- The plan's life after it was issued ---------------------------------------------------------------

PLAN_EVENT_KINDS = frozenset(
    {
        K.PLAN_TRANSFERRED_IN,
        K.PLAN_DRAFT_STARTED,
        K.PLAN_DRAFT_SAVED,
        K.PLAN_VERSION_ISSUED,
        K.PLACEMENT_STARTED,
        K.PLACEMENT_ENDED,
        K.NO_PLACE_STARTED,
        K.REVIEW_OPENED,
        K.REVIEW_SCHEDULED,
        K.REVIEW_MEETING_HELD,
        K.REVIEW_REPORT_RECEIVED,
        K.REVIEW_DECIDED,
        K.AMENDMENT_NOTICE_SENT,
        K.AMENDED_PLAN_ISSUED,
        K.PHASE_TRANSFER_RECORDED,
        K.PHASE_TRANSFER_NAMED,
        K.CESSATION_PROPOSED,
        K.CESSATION_DECIDED,
        K.PLAN_CEASED,
    }
)
PLAN_ROW_FIELDS = (
    "status",
    "issued_on",
    "primary_need",
    "named_establishment_id",
    "transferred_in_from_la",
    "transferred_in_on",
    "ceased_on",
    "cease_reason",
    "last_review_on",
    "created_by_id",
    "updated_by_id",
)
VERSION_FIELDS = (
    "number",
    "status",
    "kind",
    "content",
    "issued_on",
    "lock_version",
    "created_by_id",
    "updated_by_id",
)
REVIEW_FIELDS = (
    "status",
    "due_on",
    "is_phase_transfer",
    "meeting_on",
    "invitees",
    "notice_sent_on",
    "advice_circulated_on",
    "report_received_on",
    "decision",
    "decision_on",
    "amendment_notice_on",
    "amended_plan_issued_on",
    "lock_version",
    "created_by_id",
    "updated_by_id",
)
CESSATION_FIELDS = (
    "status",
    "reason",
    "consultation_started_on",
    "decided_on",
    "notice_sent_on",
    "appeal_by",
    "ceased_on",
    "notes",
    "created_by_id",
    "updated_by_id",
)
PLACEMENT_FIELDS = (
    "establishment_id",
    "setting_code",
    "no_place_reason",
    "entry_on",
    "leaving_on",
    "notes",
    "created_by_id",
    "updated_by_id",
)
PHASE_FIELDS = (
    "transfer",
    "transfer_year",
    "deadline",
    "named_establishment_id",
    "named_on",
    "created_by_id",
)
PLAN_ID_KEYS = {
    "plan_id": "ehcplan",
    "version_id": "planversion",
    "based_on_id": "planversion",
    "review_id": "annualreview",
    "cessation_id": "cessation",
    "placement_id": "placement",
    "phase_transfer_id": "phasetransfer",
}


def plan_events(child_id: int) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(child_id=child_id, kind__in=PLAN_EVENT_KINDS).order_by("id"))


def replay_plan(seeded, child: Child, plan, monkeypatch) -> Replayed:
    """Drive the seeded plan's events through the plan services on `child` (whose replayed request made
    `plan`, or None for a plan transferred in). The services' "today" is each event's date."""
    from sendcase.plans.models import AnnualReview, Cessation, PhaseTransfer, Placement, PlanVersion
    from sendcase.plans.services import cessation, placements, reviews, transfers, versions

    day = [None]
    for module, name in ((versions, "_today"), (reviews, "today"), (transfers, "today")):
        monkeypatch.setattr(module, name, lambda: day[0])
    ids: dict[str, dict[int, int]] = {}
    if plan is not None:
        ids["ehcplan"] = {seeded.pk: plan.pk}

    def remember(name: str, old: int, new: int) -> None:
        ids.setdefault(name, {})[old] = new

    events = plan_events(seeded.child_id)
    seeded_cessations = {x.pk: x for x in Cessation.objects.filter(plan=seeded)}
    after_cease_decision = False
    for event in events:
        user, on, data, kind = event.actor, event.occurred_on, event.data, event.kind
        day[0] = on
        review = reviews.open_review(plan) if plan is not None else None
        if kind == K.PLAN_TRANSFERRED_IN:
            first = AnnualReview.objects.filter(plan=seeded).order_by("id").first()
            last = None
            if first is not None and first.due_on != reviews.statutory.review_due(seeded.issued_on):
                last = reviews.statutory.add_months(first.due_on, -12)
            elif first is None:
                last = seeded.last_review_on
            plan = transfers.plan_transfer_in(
                acting_user=user,
                child=child,
                from_la=data["from_la"],
                received_on=on,
                issued_on=seeded.issued_on,
                last_review_on=last,
            )
            remember("ehcplan", seeded.pk, plan.pk)
        elif kind == K.PLAN_DRAFT_STARTED:
            version = versions.draft_start(acting_user=user, plan=plan, kind=data["kind"])
            remember("planversion", data["version_id"], version.pk)
        elif kind == K.PLAN_DRAFT_SAVED:
            draft = PlanVersion.objects.get(plan=plan, status="draft")
            versions.draft_save(
                acting_user=user,
                version=draft,
                expected_lock_version=draft.lock_version,
                content=PlanVersion.objects.get(pk=data["version_id"]).content,
            )
        elif kind == K.PLAN_VERSION_ISSUED:
            if data["kind"] == "amendment":
                continue  # issued by amended_plan_issue, the next event
            versions.version_issue(
                acting_user=user, version=PlanVersion.objects.get(plan=plan, status="draft"), issued_on=on
            )
        elif kind == K.PLACEMENT_ENDED:
            continue  # written by the next placement_start or no_place_start
        elif kind in (K.PLACEMENT_STARTED, K.NO_PLACE_STARTED):
            old = Placement.objects.get(pk=data["placement_id"])
            if kind == K.PLACEMENT_STARTED:
                new = placements.placement_start(
                    acting_user=user,
                    child=child,
                    entry_on=on,
                    establishment=old.establishment,
                    setting_code=old.setting_code,
                )
            else:
                new = placements.no_place_start(
                    acting_user=user, child=child, reason=old.no_place_reason, from_on=on, notes=old.notes
                )
            remember("placement", old.pk, new.pk)
        elif kind == K.REVIEW_OPENED:
            new = reviews.review_open(acting_user=user, plan=plan)
            remember("annualreview", data["review_id"], new.pk)
        elif kind == K.REVIEW_SCHEDULED:
            old = AnnualReview.objects.get(pk=data["review_id"])
            reviews.review_schedule(
                acting_user=user,
                review=review,
                meeting_on=dt.date.fromisoformat(data["meeting_on"]),
                invitees=old.invitees,
                notice_sent_on=on,
            )
        elif kind == K.REVIEW_MEETING_HELD:
            reviews.review_meeting_held(acting_user=user, review=review, held_on=on)
        elif kind == K.REVIEW_REPORT_RECEIVED:
            reviews.review_report_received(acting_user=user, review=review, received_on=on)
        elif kind == K.REVIEW_DECIDED:
            cease_reason = None
            if data["decision"] == "cease":
                cease_reason = next(
                    x.reason for x in seeded_cessations.values() if x.consultation_started_on == on
                )
                after_cease_decision = True
            reviews.review_decide(
                acting_user=user,
                review=review,
                decision=data["decision"],
                decided_on=on,
                reason=event.reason,
                cease_reason=cease_reason,
            )
        elif kind == K.AMENDMENT_NOTICE_SENT:
            reviews.amendment_notice_send(acting_user=user, review=review, sent_on=on)
        elif kind == K.AMENDED_PLAN_ISSUED:
            reviews.amended_plan_issue(acting_user=user, review=review, issued_on=on)
        elif kind == K.PHASE_TRANSFER_RECORDED:
            old = PhaseTransfer.objects.get(pk=data["phase_transfer_id"])
            new = transfers.phase_transfer_record(
                acting_user=user, plan=plan, transfer=old.transfer, transfer_year=old.transfer_year
            )
            remember("phasetransfer", old.pk, new.pk)
        elif kind == K.PHASE_TRANSFER_NAMED:
            old = PhaseTransfer.objects.get(pk=data["phase_transfer_id"])
            transfers.phase_transfer_name_school(
                acting_user=user,
                phase_transfer=PhaseTransfer.objects.get(pk=ids["phasetransfer"][old.pk]),
                establishment=old.named_establishment,
                named_on=on,
            )
        elif kind == K.CESSATION_PROPOSED:
            old = seeded_cessations[data["cessation_id"]]
            if after_cease_decision:
                new = cessation.open_cessation(plan)
                after_cease_decision = False
            else:
                new = cessation.cessation_propose(
                    acting_user=user,
                    plan=plan,
                    reason=old.reason,
                    consultation_started_on=on,
                    notes=old.notes,
                )
            remember("cessation", old.pk, new.pk)
        elif kind == K.CESSATION_DECIDED:
            old = seeded_cessations[data["cessation_id"]]
            day[0] = max(on, old.decided_on)
            cessation.cessation_decide(
                acting_user=user,
                cessation=cessation.open_cessation(plan),
                decided_on=old.decided_on,
                notice_sent_on=old.notice_sent_on,
            )
        elif kind == K.PLAN_CEASED:
            cessation.cessation_complete(
                acting_user=user, cessation=cessation.open_cessation(plan), ceased_on=on
            )
        else:
            raise AssertionError(f"no service for event kind {kind}")
    # Ids of the versions and reviews the services made inside other calls (amendment drafts are
    # started by their own call here, so every version has been mapped already).
    return Replayed(request=None, ids=ids)


def plan_event_rows(events: list[CaseEvent], mapping: Replayed | None) -> list[tuple]:
    rows = []
    for event in events:
        data = dict(event.data)
        subject_id = event.subject_id
        if mapping is not None:
            for key, model_name in PLAN_ID_KEYS.items():
                if data.get(key) is not None:
                    data[key] = mapping.map(model_name, data[key])
            subject_id = mapping.map(event.subject_type, subject_id)
        rows.append(
            (*(getattr(event, name) for name in EVENT_FIELDS), event.visible_to_family, subject_id, data)
        )
    return rows
