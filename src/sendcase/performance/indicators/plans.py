# SQL here is put together from constants, table names from the models and the ORM's own SQL; every
# value is passed as a parameter.
# ruff: noqa: S608
"""Counting queries for the plan indicators: annual reviews, review decisions, amendments, phase
transfers, children with no school place, and where children with plans are educated."""

from __future__ import annotations

from django.db.models import Exists, F, Min, OuterRef, Q

from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.plans.models import AnnualReview, NoPlaceReason, PhaseTransfer
from sendcase.statutory.reviews import AMENDED_PLAN_DAYS, REVIEW_DECISION_DAYS

from .assessments import NO_AMOUNT, _long, flag, within
from .base import Period
from .context import CHILD_BREAKDOWNS, CaseContext
from .sql import Source, case_of, source_of

NO_PLACE_LABELS = dict(NoPlaceReason.choices)
# Sources read from the children's table itself carry their breakdown values (no join back to it).
CHILD_COLUMNS = ", ".join(CHILD_BREAKDOWNS)
SETTING_GROUP_LABELS = {"mainstream": "Mainstream", "special": "Special", "other": "Other"}


def _not_ended_by(prefix: str, day_field: str) -> Q:
    """The plan was still in force on the row's own date (`day_field`): not ceased or transferred out."""
    return (Q(**{f"{prefix}ceased_on__isnull": True}) | Q(**{f"{prefix}ceased_on__gt": F(day_field)})) & (
        Q(**{f"{prefix}transferred_out_on__isnull": True})
        | Q(**{f"{prefix}transferred_out_on__gt": F(day_field)})
    )


def reviews_on_time(period: Period, ctx: CaseContext) -> Source:
    """Annual reviews whose due date fell in the period, on a plan still in force then and not cancelled
    by the period end; hit if the meeting was held on or before the due date (CFA s.44(1)). Whether and
    when a meeting was held comes from the case history."""
    as_at = period.as_at
    events = CaseEvent.objects.filter(subject_type="annualreview", occurred_on__lte=as_at).order_by()
    due = (
        AnnualReview.objects.filter(due_on__gte=period.start, due_on__lte=as_at)
        .filter(_not_ended_by("plan__", "due_on"))
        .exclude(Exists(events.filter(kind=EventKind.REVIEW_CANCELLED, subject_id=OuterRef("pk"))))
        .order_by()
        .values(review=F("id"), child=F("plan__child_id"), due=F("due_on"))
    )
    # The first meeting recorded as held for each review by the period end: grouped once and joined,
    # rather than looked up review by review.
    held = (
        events.filter(kind=EventKind.REVIEW_MEETING_HELD)
        .values("subject_id")
        .annotate(first_held=Min("occurred_on"))
        .values("subject_id", "first_held")
    )
    due_sql, due_params = due.query.sql_with_params()
    held_sql, held_params = held.query.sql_with_params()
    return Source(
        "SELECT d.child AS child_ref, CASE WHEN h.first_held <= d.due THEN 1 ELSE 0 END AS hit, "
        "CAST(NULL AS integer) AS amount, d.due AS due, h.first_held AS held_on "
        f"FROM ({due_sql}) d LEFT JOIN ({held_sql}) h ON h.subject_id = d.review",
        (*due_params, *held_params),
        ("due", "held_on"),
        frozenset({"due", "held_on"}),
    )


def describe_review(row: dict, period: Period) -> tuple[str, str]:
    held = row["held_on"]
    return (
        f"Annual review due {_long(row['due'])}",
        f"Meeting held {_long(held)}" if held else "No meeting recorded by the period end",
    )


def review_decisions(period: Period, ctx: CaseContext) -> Source:
    """Review decisions made in the period; hit if within 4 weeks of the meeting (Regs 20(10))."""
    rows = (
        AnnualReview.objects.filter(
            decision_on__gte=period.start, decision_on__lte=period.as_at, meeting_on__isnull=False
        )
        .order_by()
        .values(
            child_ref=F("plan__child_id"),
            hit=within("decision_on", "meeting_on", REVIEW_DECISION_DAYS),
            amount=NO_AMOUNT,
            meeting=F("meeting_on"),
            decided=F("decision_on"),
        )
    )
    return source_of(rows, ("meeting", "decided"))


def describe_review_decision(row: dict, period: Period) -> tuple[str, str]:
    meeting, decided = row["meeting"], row["decided"]
    return (
        f"Review meeting {_long(meeting)}",
        f"Decision {_long(decided)}, {(decided - meeting).days} days after the meeting",
    )


def amended_plans(period: Period, ctx: CaseContext) -> Source:
    """Amended plans issued in the period; hit if within 8 weeks of the amendment notice (Regs 22(3))."""
    rows = (
        AnnualReview.objects.filter(
            amended_plan_issued_on__gte=period.start,
            amended_plan_issued_on__lte=period.as_at,
            amendment_notice_on__isnull=False,
        )
        .order_by()
        .values(
            child_ref=F("plan__child_id"),
            hit=within("amended_plan_issued_on", "amendment_notice_on", AMENDED_PLAN_DAYS),
            amount=NO_AMOUNT,
            notice=F("amendment_notice_on"),
            issued=F("amended_plan_issued_on"),
        )
    )
    return source_of(rows, ("notice", "issued"))


def describe_amendment(row: dict, period: Period) -> tuple[str, str]:
    notice, issued = row["notice"], row["issued"]
    return (
        f"Amendment notice {_long(notice)}",
        f"Amended plan issued {_long(issued)}, {(issued - notice).days} days after the notice",
    )


def phase_transfers(period: Period, ctx: CaseContext) -> Source:
    """Phase transfers whose legal deadline fell in the period, on plans in force then; hit if the new
    school or college was named by the deadline (Regs 18), as known at the period end."""
    rows = (
        PhaseTransfer.objects.filter(deadline__gte=period.start, deadline__lte=period.as_at)
        .filter(_not_ended_by("plan__", "deadline"))
        .order_by()
        .values(
            child_ref=F("plan__child_id"),
            hit=flag(Q(named_on__lte=period.as_at) & Q(named_on__lte=F("deadline"))),
            amount=NO_AMOUNT,
            move=F("transfer"),
            due_by=F("deadline"),
            named=F("named_on"),
        )
    )
    return source_of(rows, ("move", "due_by", "named"))


def describe_transfer(row: dict, period: Period) -> tuple[str, str]:
    named = row["named"] if row["named"] is not None and row["named"] <= period.as_at else None
    return (
        f"Transfer ({row['move'].replace('_', ' ')}) due by {_long(row['due_by'])}",
        f"Named {_long(named)}" if named else "Not named by the period end",
    )


def no_place(period: Period, ctx: CaseContext) -> Source:
    """Children with a plan in force and, at the end of the day, no school or setting place; the amount
    is the days since the episode began."""
    reason, params = case_of("no_place_reason", NO_PLACE_LABELS, otherwise="no_place_reason")
    return Source(
        f"SELECT child_id AS child_ref, 1 AS hit, no_place_days AS amount, placed_on AS since, "
        f"{reason} AS no_place_reason, {CHILD_COLUMNS} FROM {ctx.table} "
        "WHERE plan_id IS NOT NULL AND no_place_reason <> ''",
        tuple(params),
        ("since", "no_place_reason", *CHILD_BREAKDOWNS),
        frozenset({"since"}),
    )


def describe_no_place(row: dict, period: Period) -> tuple[str, str]:
    return f"No place since {_long(row['since'])}", f"{row['no_place_reason']}; {row['amount']} days"


def settings(period: Period, ctx: CaseContext) -> Source:
    """Children with a plan in force and a placement recorded at the end of the day. One source for the
    three settings indicators: `mainstream`, `special` and `other` mark where each child is educated."""
    groups = ", ".join(
        f"CASE WHEN setting_group = '{group}' THEN 1 ELSE 0 END AS {group}" for group in SETTING_GROUP_LABELS
    )
    return Source(
        "SELECT child_id AS child_ref, CAST(NULL AS integer) AS amount, setting_group AS grp, "
        f"{groups}, {CHILD_COLUMNS} FROM {ctx.table} WHERE plan_id IS NOT NULL AND setting_group <> ''",
        (),
        ("grp", *SETTING_GROUP_LABELS, *CHILD_BREAKDOWNS),
    )


def describe_setting(row: dict, period: Period) -> tuple[str, str]:
    return SETTING_GROUP_LABELS[row["grp"]], row["setting_type"]
