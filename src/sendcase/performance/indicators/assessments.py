# SQL here is put together from constants, table names from the models and the ORM's own SQL; every
# value is passed as a parameter.
# ruff: noqa: S608
"""Counting queries for the assessment indicators: timeliness of decisions, advice and final plans; open
requests; refusals. Each reads the record as at `period.as_at` only (dates on or before it).

Each indicator has a `source` (its SQL, see `sql.Source`) and a `describe` (the words for one row on
the list of cases behind a figure)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db.models import Case, DateField, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import LessThanOrEqual

from sendcase.assessments.models import AdviceRequest, AdviserType, AssessmentRequest, Step, StepException
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.statutory.assessment import (
    ADVICE_WEEKS,
    DAYS_PER_WEEK,
    DECISION_TO_ASSESS_WEEKS,
    FINAL_PLAN_WEEKS,
)

from .base import Period, window_start
from .context import CaseContext
from .sql import DaysBetween, Source, case_of, source_of

ADVISER_LABELS = dict(AdviserType.choices)
# NULL typed as a number: PostgreSQL reads a bare NULL column as text, which it cannot add up.
NO_AMOUNT = Cast(Value(None), IntegerField())

# The statutory limits in days: the clock's limits are whole weeks (`statutory.assessment`).
FINAL_PLAN_DAYS = FINAL_PLAN_WEEKS * DAYS_PER_WEEK  # Regs 13(2)
DECISION_DAYS = DECISION_TO_ASSESS_WEEKS * DAYS_PER_WEEK  # Regs 5(1)
ADVICE_DAYS = ADVICE_WEEKS * DAYS_PER_WEEK  # Regs 8(1)


@lru_cache(maxsize=16384)
def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _weeks_and_days(days: int) -> str:
    weeks, rest = divmod(days, 7)
    text = f"{weeks} week{'s' if weeks != 1 else ''}"
    return text + (f" {rest} day{'s' if rest != 1 else ''}" if rest else "")


def within(later: str, earlier: str, days: int) -> Case:
    """1 when the date `later` is no more than `days` days after the date `earlier`, else 0."""
    return flag(LessThanOrEqual(DaysBetween(F(later), F(earlier)), days))


def flag(condition) -> Case:  # noqa: ANN001 - a Q or a boolean expression
    """1 when `condition` holds, else 0: figures add hits up the same way on every database."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def final_plans(period: Period, ctx: CaseContext) -> Source:
    """New plans (final plans after an assessment) issued in the 12 months to the period end; hit if
    within 20 weeks. One source for the four 20-week indicators: `in_year` marks the plans issued in the
    calendar year to date (always within the 12 months), `no_exception` those with no exception to the
    limit recorded by the period end."""
    as_at = period.as_at
    excepted = Exists(
        StepException.objects.filter(request=OuterRef("pk"), step=Step.FINAL_PLAN, starts_on__lte=as_at)
    )
    rows = (
        AssessmentRequest.objects.filter(
            final_issued_on__gte=window_start(as_at, "rolling_12"),
            final_issued_on__lte=as_at,
            received_on__lte=as_at,
        )
        .order_by()
        .values(
            child_ref=F("child_id"),
            hit=within("final_issued_on", "received_on", FINAL_PLAN_DAYS),
            amount=NO_AMOUNT,
            received=F("received_on"),
            issued=F("final_issued_on"),
            in_year=flag(Q(final_issued_on__gte=window_start(as_at, "calendar_year"))),
            no_exception=flag(~excepted),
        )
    )
    return source_of(rows, ("received", "issued", "in_year", "no_exception"))


def describe_final_plan(row: dict, period: Period) -> tuple[str, str]:
    received, issued = row["received"], row["issued"]
    detail = f"Final plan issued {_long(issued)}, after {_weeks_and_days((issued - received).days)}"
    return f"Request received {_long(received)}", detail + (
        "" if row["no_exception"] else " (exception recorded)"
    )


def decisions(period: Period, ctx: CaseContext) -> Source:
    """Decisions whether to assess made in the period. One source for two indicators: `on_time` marks
    a decision within 6 weeks of the request, `refused` a decision not to assess. The refusal is read from
    the case history (the 'decided not to assess' event), so it is known as at the day it happened."""
    refused = Exists(
        CaseEvent.objects.filter(
            kind=EventKind.ASSESSMENT_REFUSED,
            subject_type="assessmentrequest",
            subject_id=OuterRef("pk"),
            occurred_on__lte=period.as_at,
        )
    )
    rows = (
        AssessmentRequest.objects.filter(
            assessment_decided_on__gte=period.start, assessment_decided_on__lte=period.as_at
        )
        .order_by()
        .values(
            child_ref=F("child_id"),
            amount=NO_AMOUNT,
            received=F("received_on"),
            decided=F("assessment_decided_on"),
            on_time=within("assessment_decided_on", "received_on", DECISION_DAYS),
            refused=flag(refused),
        )
    )
    return source_of(rows, ("received", "decided", "on_time", "refused"))


def describe_decision(row: dict, period: Period) -> tuple[str, str]:
    received, decided = row["received"], row["decided"]
    return (
        f"Request received {_long(received)}",
        f"Decided {_long(decided)}, after {_weeks_and_days((decided - received).days)}",
    )


def describe_refusal(row: dict, period: Period) -> tuple[str, str]:
    outcome = "Decided not to assess" if row["refused"] else "Decided to assess"
    return f"Request received {_long(row['received'])}", f"{outcome} on {_long(row['decided'])}"


def advice_returned(period: Period, ctx: CaseContext) -> Source:
    """Advice received in the period; hit if within 6 weeks of the request for advice (Regs 8(1))."""
    rows = (
        AdviceRequest.objects.filter(
            received_on__gte=period.start, received_on__lte=period.as_at, requested_on__lte=period.as_at
        )
        .order_by()
        .values(
            child_ref=F("request__child_id"),
            hit=within("received_on", "requested_on", ADVICE_DAYS),
            amount=NO_AMOUNT,
            adviser=F("adviser_type"),
            requested=F("requested_on"),
            received=F("received_on"),
        )
    )
    sql, params = rows.query.sql_with_params()
    label, label_params = case_of("r.adviser", ADVISER_LABELS, otherwise="r.adviser")
    return Source(
        f"SELECT r.*, {label} AS adviser_type FROM ({sql}) r",
        (*label_params, *params),
        ("adviser", "requested", "received", "adviser_type"),
    )


def describe_advice(row: dict, period: Period) -> tuple[str, str]:
    requested, received = row["requested"], row["received"]
    return (
        f"{row['adviser_type']} advice requested {_long(requested)}",
        f"Received {_long(received)}, after {_weeks_and_days((received - requested).days)}",
    )


# The stage of an open request is its last step recorded by the day (latest first).
STAGES = (
    ("draft_served_on", "Draft plan with the family"),
    ("issue_decided_on", "Writing the draft plan"),
    ("assessment_decided_on", "Assessing needs"),
)
FIRST_STAGE = "Request received"
WEEK_BANDS = (
    (6, "Under 6 weeks"),
    (16, "6 to 15 weeks"),
    (20, "16 to 19 weeks"),
    (10_000, "20 weeks or more"),
)


def open_requests_q(as_at: dt.date) -> Q:
    """Requests open at the end of the day: received by then and not closed (final plan, refusal,
    withdrawal or move) by then."""
    return Q(received_on__lte=as_at) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_at))


def open_requests(period: Period, ctx: CaseContext) -> Source:
    """Requests open at the end of the day, by stage (the last step recorded on or before the day) and
    by whole weeks since the request."""
    as_at = period.as_at
    stage = Case(
        *(When(**{f"{field}__lte": as_at}, then=Value(label)) for field, label in STAGES),
        default=Value(FIRST_STAGE),
    )
    weeks = DaysBetween(Value(as_at, output_field=DateField()), F("received_on"))
    band = Case(
        *(When(LessThanOrEqual(weeks, limit * 7 - 1), then=Value(label)) for limit, label in WEEK_BANDS[:-1]),
        default=Value(WEEK_BANDS[-1][1]),
    )
    rows = (
        AssessmentRequest.objects.filter(open_requests_q(as_at))
        .order_by()
        .values(
            child_ref=F("child_id"),
            hit=Value(1),
            amount=NO_AMOUNT,
            received=F("received_on"),
            stage=stage,
            weeks_open=band,
        )
    )
    return source_of(rows, ("received", "stage", "weeks_open"))


def describe_open_request(row: dict, period: Period) -> tuple[str, str]:
    weeks = (period.as_at - row["received"]).days // 7
    return (
        f"Request received {_long(row['received'])}",
        f"{row['stage']}; open {weeks} week{'s' if weeks != 1 else ''}",
    )
