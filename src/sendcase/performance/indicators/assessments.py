"""Rows for the assessment indicators: timeliness of decisions, advice and final plans; open requests;
refusals. Each function reads the record as at `period.as_at` only (dates on or before it)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db.models import Q

from sendcase.assessments.models import AdviceRequest, AdviserType, AssessmentRequest, Step, StepException
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.statutory import advice_due, assessment_deadlines

from .base import Period, Row
from .context import CaseContext, fetch

ADVISER_LABELS = dict(AdviserType.choices)


@lru_cache(maxsize=16384)
def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# Due dates depend only on the day a request or request for advice was made: worked out once per day.
@lru_cache(maxsize=16384)
def _final_plan_due(received: dt.date) -> dt.date:
    return assessment_deadlines(received).final_plan_due  # Regs 13(2)


@lru_cache(maxsize=16384)
def _decision_due(received: dt.date) -> dt.date:
    return assessment_deadlines(received).decision_due  # Regs 5(1)


@lru_cache(maxsize=16384)
def _advice_due(requested: dt.date) -> dt.date:
    return advice_due(requested)  # Regs 8(1)


def _weeks_and_days(days: int) -> str:
    weeks, rest = divmod(days, 7)
    text = f"{weeks} week{'s' if weeks != 1 else ''}"
    return text + (f" {rest} day{'s' if rest != 1 else ''}" if rest else "")


def _excepted_requests(as_at: dt.date, step: str) -> set[int]:
    """Requests with an exception to `step` recorded as starting on or before `as_at`."""
    return set(
        StepException.objects.filter(step=step, starts_on__lte=as_at)
        .order_by()
        .values_list("request_id", flat=True)
    )


def final_plans(period: Period, ctx: CaseContext, *, exclude_exceptions: bool) -> list[Row]:
    """New plans (final plans after an assessment) issued in the period; hit if within 20 weeks."""
    excepted = _excepted_requests(period.as_at, Step.FINAL_PLAN)
    requests = AssessmentRequest.objects.filter(
        final_issued_on__gte=period.start, final_issued_on__lte=period.as_at, received_on__lte=period.as_at
    ).values_list("id", "child_id", "received_on", "final_issued_on")
    rows = []
    details = ctx.details
    for pk, child_id, received, issued in fetch(requests):
        has_exception = pk in excepted
        if exclude_exceptions and has_exception:
            continue
        due = _final_plan_due(received)
        rows.append(
            Row(
                label=f"Request received {_long(received)}" if details else "",
                child_id=child_id,
                hit=issued <= due,
                detail=(
                    f"Final plan issued {_long(issued)}, after {_weeks_and_days((issued - received).days)}"
                    + (" (exception recorded)" if has_exception else "")
                )
                if details
                else "",
                attrs=ctx.attrs(child_id),
            )
        )
    return rows


def decisions_to_assess(period: Period, ctx: CaseContext) -> list[Row]:
    """Decisions whether to assess made in the period; hit if within 6 weeks of the request."""
    requests = AssessmentRequest.objects.filter(
        assessment_decided_on__gte=period.start, assessment_decided_on__lte=period.as_at
    ).values_list("id", "child_id", "received_on", "assessment_decided_on")
    rows = []
    details = ctx.details
    for _pk, child_id, received, decided in fetch(requests):
        due = _decision_due(received)
        rows.append(
            Row(
                label=f"Request received {_long(received)}" if details else "",
                child_id=child_id,
                hit=decided <= due,
                detail=f"Decided {_long(decided)}, after {_weeks_and_days((decided - received).days)}"
                if details
                else "",
                attrs=ctx.attrs(child_id),
            )
        )
    return rows


def refusals(period: Period, ctx: CaseContext) -> list[Row]:
    """Decisions whether to assess made in the period; hit if the decision was not to assess.

    The refusal is read from the case history (the 'decided not to assess' event), so it is known as at
    the day it happened."""
    refused = set(
        CaseEvent.objects.filter(
            kind=EventKind.ASSESSMENT_REFUSED, subject_type="assessmentrequest", occurred_on__lte=period.as_at
        )
        .order_by()
        .values_list("subject_id", flat=True)
    )
    requests = AssessmentRequest.objects.filter(
        assessment_decided_on__gte=period.start, assessment_decided_on__lte=period.as_at
    ).values_list("id", "child_id", "received_on", "assessment_decided_on")
    details = ctx.details
    return [
        Row(
            label=f"Request received {_long(received)}" if details else "",
            child_id=child_id,
            hit=pk in refused,
            detail=("Decided not to assess" if pk in refused else "Decided to assess")
            + f" on {_long(decided)}"
            if details
            else "",
            attrs=ctx.attrs(child_id),
        )
        for pk, child_id, received, decided in fetch(requests)
    ]


def advice_returned(period: Period, ctx: CaseContext) -> list[Row]:
    """Advice received in the period; hit if within 6 weeks of the request for advice (Regs 8(1))."""
    advice = AdviceRequest.objects.filter(
        received_on__gte=period.start, received_on__lte=period.as_at, requested_on__lte=period.as_at
    ).values_list("request__child_id", "adviser_type", "requested_on", "received_on")
    rows = []
    details = ctx.details
    with_adviser: dict[tuple[int, str], dict[str, str]] = {}
    for child_id, adviser_type, requested, received in fetch(advice):
        label = ADVISER_LABELS.get(adviser_type, adviser_type)
        # One attrs dict per child and adviser type, shared by its rows.
        attrs = with_adviser.get((child_id, label))
        if attrs is None:
            attrs = with_adviser[child_id, label] = {**ctx.attrs(child_id), "adviser_type": label}
        rows.append(
            Row(
                label=f"{label} advice requested {_long(requested)}" if details else "",
                child_id=child_id,
                hit=received <= _advice_due(requested),
                detail=f"Received {_long(received)}, after {_weeks_and_days((received - requested).days)}"
                if details
                else "",
                attrs=attrs,
            )
        )
    return rows


STAGES = (
    ("draft_served_on", "Draft plan with the family"),
    ("issue_decided_on", "Writing the draft plan"),
    ("assessment_decided_on", "Assessing needs"),
)
WEEK_BANDS = (
    (6, "Under 6 weeks"),
    (16, "6 to 15 weeks"),
    (20, "16 to 19 weeks"),
    (10_000, "20 weeks or more"),
)


def open_requests(period: Period, ctx: CaseContext) -> list[Row]:
    """Requests open at the end of the day: received by then and not closed (final plan, refusal,
    withdrawal or move) by then. The stage is the last step recorded on or before that day."""
    as_at = period.as_at
    requests = (
        AssessmentRequest.objects.filter(received_on__lte=as_at)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_at))
        .values_list("child_id", "received_on", *(field for field, _label in STAGES))
    )
    rows = []
    details = ctx.details
    for child_id, received_on, *steps in fetch(requests):
        stage = next(
            (label for day, (_field, label) in zip(steps, STAGES, strict=True) if day and day <= as_at),
            "Request received",
        )
        weeks = (as_at - received_on).days // 7
        band = next(label for limit, label in WEEK_BANDS if weeks < limit)
        rows.append(
            Row(
                label=f"Request received {_long(received_on)}" if details else "",
                child_id=child_id,
                detail=f"{stage}; open {weeks} week{'s' if weeks != 1 else ''}" if details else "",
                attrs={**ctx.attrs(child_id), "stage": stage, "weeks_open": band},
            )
        )
    return rows


def open_request_children(as_at: dt.date) -> set[int]:
    return set(
        AssessmentRequest.objects.filter(received_on__lte=as_at)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_at))
        .values_list("child_id", flat=True)
    )
