"""Every statutory deadline on a request, computed from the dates recorded on it.

Pure functions of plain values: the caller passes `as_of`, so a page, the API, the daily sweep and a
past-date recomputation all get the same answer from the same inputs. The rules themselves live in
`sendcase.statutory`; this module only decides which of them apply at each stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sendcase import statutory

from .models import AdviceRequest, AssessmentRequest, Consultation, RequestStatus, Step, StepException

# Stages at which each kind of step is the one the officer acts on.
_ACTIVE = {
    RequestStatus.RECEIVED,
    RequestStatus.ASSESSING,
    RequestStatus.ISSUE_DECIDED,
    RequestStatus.DRAFT_SERVED,
}
_NO_PLAN_ENDINGS = {RequestStatus.NOT_ASSESSING, RequestStatus.NOT_ISSUING}


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: dt.date
    done: dt.date | None
    source: str
    # None for a period that is information only (the family's comment period): nothing is "late".
    status: str | None
    days_left: int | None
    is_open: bool
    excepted: bool = False

    @property
    def is_overdue(self) -> bool:
        return self.status == statutory.StepStatus.OVERDUE


@dataclass(frozen=True)
class Tracking:
    """What worklists need, kept on the request row: the nearest open deadline and how many are overdue."""

    next_step: str
    next_due: dt.date | None
    overdue_steps: int


def _deadline(
    key: str,
    label: str,
    due: dt.date,
    done: dt.date | None,
    source: str,
    as_of: dt.date,
    *,
    open_: bool,
    excepted: bool = False,
) -> Deadline:
    status = statutory.step_status(due, done, as_of, excepted)
    days_left = None if done else statutory.days_between(as_of, due)
    return Deadline(key, label, due, done, source, status, days_left, open_ and done is None, excepted)


def request_deadlines(
    request: AssessmentRequest,
    advice: Sequence[AdviceRequest],
    consultations: Sequence[Consultation],
    exceptions: Iterable[StepException],
    as_of: dt.date,
) -> list[Deadline]:
    """All deadlines that apply to the request at its current stage, in date order."""
    status = request.status
    is_active = status in _ACTIVE
    excepted_steps = {e.step for e in exceptions if e.starts_on <= as_of}
    limits = statutory.assessment_deadlines(request.received_on)
    out: list[Deadline] = [
        _deadline(
            "decision",
            "Decide whether to assess",
            limits.decision_due,
            request.assessment_decided_on,
            "Regs 5(1)",
            as_of,
            open_=status == RequestStatus.RECEIVED,
            excepted=Step.DECISION_TO_ASSESS in excepted_steps,
        )
    ]
    for item in advice:
        out.append(
            _deadline(
                f"advice:{item.pk}",
                f"{item.get_adviser_type_display()} advice"
                + (f" from {item.adviser_name}" if item.adviser_name else ""),
                statutory.advice_due(item.requested_on),
                item.received_on,
                "Regs 8(1)",
                as_of,
                open_=is_active,
                excepted=bool(item.exception_reason),
            )
        )
    if status == RequestStatus.ASSESSING or (
        status == RequestStatus.NOT_ISSUING and request.issue_decided_on is not None
    ):
        out.append(
            _deadline(
                "not_issue",
                "Decide whether to issue a plan (a decision not to issue is due by this date)",
                limits.not_issue_due,
                request.issue_decided_on if status == RequestStatus.NOT_ISSUING else None,
                "Regs 10(1)",
                as_of,
                open_=status == RequestStatus.ASSESSING,
                excepted=Step.DECISION_NOT_TO_ISSUE in excepted_steps,
            )
        )
    if request.issue_decided_on and status not in _NO_PLAN_ENDINGS:
        # No limit of its own: the latest day that still leaves the family's 15 days before week 20.
        latest_draft = limits.final_plan_due - dt.timedelta(days=statutory.assessment.DRAFT_COMMENT_DAYS)
        out.append(
            _deadline(
                "draft",
                "Send the draft plan to the family",
                latest_draft,
                request.draft_served_on,
                "Regs 13(1)-(2)",
                as_of,
                open_=status == RequestStatus.ISSUE_DECIDED,
                excepted=Step.FINAL_PLAN in excepted_steps,
            )
        )
    if request.draft_served_on:
        ends = statutory.draft_comment_period_ends(request.draft_served_on)
        out.append(
            Deadline(
                "comments",
                "The family's 15 days to comment on the draft plan end",
                ends,
                request.family_comments_received_on,
                "Regs 13(1)",
                None,
                statutory.days_between(as_of, ends) if as_of <= ends else None,
                False,
            )
        )
    for consultation in consultations:
        out.append(
            _deadline(
                f"consultation:{consultation.pk}",
                f"Answer from {consultation.establishment.name}",
                statutory.consultation_response_due(consultation.sent_on),
                consultation.answered_on,
                "CoP 9.83 (guidance)",
                as_of,
                open_=is_active,
            )
        )
    if status not in _NO_PLAN_ENDINGS:
        out.append(
            _deadline(
                "final_plan",
                "Issue the final EHC plan",
                limits.final_plan_due,
                request.final_issued_on,
                "Regs 13(2)",
                as_of,
                open_=is_active,
                excepted=Step.FINAL_PLAN in excepted_steps,
            )
        )
    out.sort(key=lambda d: (d.due, d.key))
    return out


def tracking(deadlines: Sequence[Deadline]) -> Tracking:
    open_ = [d for d in deadlines if d.is_open]
    if not open_:
        return Tracking("", None, 0)
    nearest = min(open_, key=lambda d: d.due)
    overdue = sum(1 for d in open_ if d.is_overdue)
    return Tracking(nearest.label[:120], nearest.due, overdue)
