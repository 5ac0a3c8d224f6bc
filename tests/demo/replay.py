"""Drive a seeded request's recorded history through the real services, on a fresh child.

If the seed writes exactly what the services write, the rows the services produce from the same steps,
dates and actors are the same as the seeded ones (apart from primary keys, which are mapped).
"""

from __future__ import annotations

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
