"""Every service step on an existing request, as data: what it calls, which states it is allowed
from, the event it writes and the state it moves the request to. Shared by the transition matrix and
the atomicity tests so a new step is covered by both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sendcase.assessments import services
from sendcase.assessments.models import AdviserType, ConsultationOutcome, Step
from sendcase.people.events import EventKind
from tests.factories import EstablishmentFactory

from .helpers import OPEN_STATES, S, ensure_advice, ensure_consultation, today

# Functions defined in the services package (not names it imports from elsewhere).
SERVICE_FUNCTIONS = {
    name
    for name, value in vars(services).items()
    if callable(value)
    and not name.startswith("_")
    and getattr(value, "__module__", "").startswith(services.__name__ + ".")
}


@dataclass(frozen=True)
class Op:
    name: str
    allowed: frozenset[str]
    run: Callable  # (user, request) -> None
    kind: str
    # The state the request moves to, or None when the step leaves the state as it is.
    to: str | None = None

    @property
    def service(self) -> str:
        """The service function the step calls (the only attribute of `services` its code names)."""
        (name,) = {n for n in self.run.__code__.co_names if n in SERVICE_FUNCTIONS}
        return name


OPEN = frozenset(OPEN_STATES)

OPS = [
    Op(
        "decide to assess",
        frozenset({S.RECEIVED}),
        lambda u, r: services.assessment_decision_record(
            acting_user=u, request=r, assess=True, decided_on=today()
        ),
        EventKind.ASSESSMENT_AGREED,
        S.ASSESSING,
    ),
    Op(
        "decide not to assess",
        frozenset({S.RECEIVED}),
        lambda u, r: services.assessment_decision_record(
            acting_user=u, request=r, assess=False, decided_on=today(), reason="Not needed"
        ),
        EventKind.ASSESSMENT_REFUSED,
        S.NOT_ASSESSING,
    ),
    Op(
        "request advice",
        frozenset({S.ASSESSING}),
        lambda u, r: services.advice_request_record(
            acting_user=u, request=r, adviser_type=AdviserType.HEALTH, requested_on=today()
        ),
        EventKind.ADVICE_REQUESTED,
    ),
    Op(
        "receive advice",
        OPEN,
        lambda u, r: services.advice_receipt_record(
            acting_user=u, advice=ensure_advice(r), received_on=today()
        ),
        EventKind.ADVICE_RECEIVED,
    ),
    Op(
        "chase advice",
        OPEN,
        lambda u, r: services.advice_chase_record(acting_user=u, advice=ensure_advice(r), chased_on=today()),
        EventKind.ADVICE_CHASED,
    ),
    Op(
        "advice exception",
        OPEN,
        lambda u, r: services.advice_exception_record(
            acting_user=u, advice=ensure_advice(r), reason="missed_appointment", recorded_on=today()
        ),
        EventKind.ADVICE_EXCEPTION,
    ),
    Op(
        "decide to issue",
        frozenset({S.ASSESSING}),
        lambda u, r: services.issue_decision_record(acting_user=u, request=r, issue=True, decided_on=today()),
        EventKind.ISSUE_AGREED,
        S.ISSUE_DECIDED,
    ),
    Op(
        "decide not to issue",
        frozenset({S.ASSESSING}),
        lambda u, r: services.issue_decision_record(
            acting_user=u, request=r, issue=False, decided_on=today(), reason="Not needed"
        ),
        EventKind.ISSUE_REFUSED,
        S.NOT_ISSUING,
    ),
    Op(
        "serve draft",
        frozenset({S.ISSUE_DECIDED}),
        lambda u, r: services.draft_plan_serve(acting_user=u, request=r, served_on=today()),
        EventKind.DRAFT_SERVED,
        S.DRAFT_SERVED,
    ),
    Op(
        "record draft response",
        frozenset({S.DRAFT_SERVED}),
        lambda u, r: services.draft_response_record(acting_user=u, request=r, received_on=today()),
        EventKind.DRAFT_RESPONSE,
    ),
    Op(
        "consult school",
        frozenset({S.ISSUE_DECIDED, S.DRAFT_SERVED}),
        lambda u, r: services.consultation_send(
            acting_user=u, request=r, establishment=EstablishmentFactory(), sent_on=today()
        ),
        EventKind.CONSULTATION_SENT,
    ),
    Op(
        "record consultation answer",
        OPEN,
        lambda u, r: services.consultation_answer_record(
            acting_user=u,
            consultation=ensure_consultation(r),
            answered_on=today(),
            outcome=ConsultationOutcome.CAN_MEET,
        ),
        EventKind.CONSULTATION_ANSWERED,
    ),
    Op(
        "issue final plan",
        frozenset({S.DRAFT_SERVED}),
        lambda u, r: services.final_plan_issue(acting_user=u, request=r, issued_on=today()),
        EventKind.FINAL_PLAN_ISSUED,
        S.FINAL_ISSUED,
    ),
    Op(
        "withdraw",
        OPEN,
        lambda u, r: services.request_withdraw(
            acting_user=u, request=r, withdrawn_on=today(), reason="Withdrawn"
        ),
        EventKind.REQUEST_WITHDRAWN,
        S.WITHDRAWN,
    ),
    Op(
        "move out",
        OPEN,
        lambda u, r: services.request_move_out(acting_user=u, request=r, moved_on=today()),
        EventKind.MOVED_OUT,
        S.MOVED_OUT,
    ),
    Op(
        "exception to the decision to assess",
        frozenset({S.RECEIVED}),
        lambda u, r: services.exception_record(
            acting_user=u,
            request=r,
            step=Step.DECISION_TO_ASSESS,
            reason="absence_from_area",
            starts_on=today(),
        ),
        EventKind.EXCEPTION_RECORDED,
    ),
    Op(
        "exception to the decision not to issue",
        frozenset({S.ASSESSING}),
        lambda u, r: services.exception_record(
            acting_user=u,
            request=r,
            step=Step.DECISION_NOT_TO_ISSUE,
            reason="absence_from_area",
            starts_on=today(),
        ),
        EventKind.EXCEPTION_RECORDED,
    ),
    Op(
        "exception to the final plan",
        OPEN,
        lambda u, r: services.exception_record(
            acting_user=u, request=r, step=Step.FINAL_PLAN, reason="absence_from_area", starts_on=today()
        ),
        EventKind.EXCEPTION_RECORDED,
    ),
]
