"""Rows for the plan indicators: annual reviews, review decisions, amendments, phase transfers, children
with no school place, and where children with plans are educated."""

from __future__ import annotations

from django.db.models import F, Min, Q

from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.plans.models import AnnualReview, NoPlaceReason, PhaseTransfer
from sendcase.statutory import amended_plan_due, review_decision_due

from .assessments import _long
from .base import Period, Row
from .context import CaseContext, fetch

NO_PLACE_LABELS = dict(NoPlaceReason.choices)
SETTING_GROUP_LABELS = {"mainstream": "Mainstream", "special": "Special", "other": "Other"}


def _event_subjects(kind: str, subject_type: str, as_at) -> set[int]:
    return set(
        CaseEvent.objects.filter(kind=kind, subject_type=subject_type, occurred_on__lte=as_at)
        .order_by()
        .values_list("subject_id", flat=True)
    )


def _not_ended_by(prefix: str, day_field: str) -> Q:
    """The plan was still in force on the row's own date (`day_field`): not ceased or transferred out."""
    return (Q(**{f"{prefix}ceased_on__isnull": True}) | Q(**{f"{prefix}ceased_on__gt": F(day_field)})) & (
        Q(**{f"{prefix}transferred_out_on__isnull": True})
        | Q(**{f"{prefix}transferred_out_on__gt": F(day_field)})
    )


def reviews_on_time(period: Period, ctx: CaseContext) -> list[Row]:
    """Annual reviews whose due date fell in the period, on a plan still in force then and not cancelled
    by the period end; hit if the meeting was held on or before the due date (CFA s.44(1)). Whether and
    when a meeting was held comes from the case history."""
    as_at = period.as_at
    due = AnnualReview.objects.filter(due_on__gte=period.start, due_on__lte=as_at).filter(
        _not_ended_by("plan__", "due_on")
    )
    # Only the events of the reviews counted are read (the history holds every review ever held).
    events = CaseEvent.objects.filter(
        subject_type="annualreview", occurred_on__lte=as_at, subject_id__in=due.values("id")
    ).order_by()
    # The first meeting recorded as held for each review, by the period end.
    held = dict(
        fetch(
            events.filter(kind=EventKind.REVIEW_MEETING_HELD)
            .values("subject_id")
            .annotate(first=Min("occurred_on"))
            .values_list("subject_id", "first")
        )
    )
    cancelled = set(events.filter(kind=EventKind.REVIEW_CANCELLED).values_list("subject_id", flat=True))
    rows = []
    details = ctx.details
    for pk, child_id, due_on in fetch(due.values_list("id", "plan__child_id", "due_on")):
        if pk in cancelled:
            continue
        held_on = held.get(pk)
        detail = (
            (f"Meeting held {_long(held_on)}" if held_on else "No meeting recorded by the period end")
            if details
            else ""
        )
        rows.append(
            Row(
                label=f"Annual review due {_long(due_on)}" if details else "",
                child_id=child_id,
                hit=held_on is not None and held_on <= due_on,
                detail=detail,
                attrs=ctx.attrs(child_id),
            )
        )
    return rows


def review_decisions(period: Period, ctx: CaseContext) -> list[Row]:
    """Review decisions made in the period; hit if within 4 weeks of the meeting (Regs 20(10))."""
    reviews = AnnualReview.objects.filter(
        decision_on__gte=period.start, decision_on__lte=period.as_at, meeting_on__isnull=False
    ).values_list("plan__child_id", "meeting_on", "decision_on")
    details = ctx.details
    return [
        Row(
            label=f"Review meeting {_long(meeting)}" if details else "",
            child_id=child_id,
            hit=decided <= review_decision_due(meeting),
            detail=f"Decision {_long(decided)}, {(decided - meeting).days} days after the meeting"
            if details
            else "",
            attrs=ctx.attrs(child_id),
        )
        for child_id, meeting, decided in fetch(reviews)
    ]


def amended_plans(period: Period, ctx: CaseContext) -> list[Row]:
    """Amended plans issued in the period; hit if within 8 weeks of the amendment notice (Regs 22(3))."""
    reviews = AnnualReview.objects.filter(
        amended_plan_issued_on__gte=period.start,
        amended_plan_issued_on__lte=period.as_at,
        amendment_notice_on__isnull=False,
    ).values_list("plan__child_id", "amendment_notice_on", "amended_plan_issued_on")
    details = ctx.details
    return [
        Row(
            label=f"Amendment notice {_long(notice)}" if details else "",
            child_id=child_id,
            hit=issued <= amended_plan_due(notice),
            detail=f"Amended plan issued {_long(issued)}, {(issued - notice).days} days after the notice"
            if details
            else "",
            attrs=ctx.attrs(child_id),
        )
        for child_id, notice, issued in fetch(reviews)
    ]


def phase_transfers(period: Period, ctx: CaseContext) -> list[Row]:
    """Phase transfers whose legal deadline fell in the period, on plans in force then; hit if the new
    school or college was named by the deadline (Regs 18)."""
    transfers = (
        PhaseTransfer.objects.filter(deadline__gte=period.start, deadline__lte=period.as_at)
        .filter(_not_ended_by("plan__", "deadline"))
        .values_list("plan__child_id", "transfer", "deadline", "named_on")
    )
    rows = []
    for child_id, transfer, deadline, named in fetch(transfers):
        named_by_end = named if named is not None and named <= period.as_at else None
        rows.append(
            Row(
                label=f"Transfer ({transfer.replace('_', ' ')}) due by {_long(deadline)}"
                if ctx.details
                else "",
                child_id=child_id,
                hit=named_by_end is not None and named_by_end <= deadline,
                detail=(f"Named {_long(named_by_end)}" if named_by_end else "Not named by the period end")
                if ctx.details
                else "",
                attrs=ctx.attrs(child_id),
            )
        )
    return rows


def no_place(period: Period, ctx: CaseContext) -> list[Row]:
    """Children with a plan in force and, at the end of the day, no school or setting place; the amount
    is the days since the episode began."""
    rows = []
    for child_id in ctx.plans:
        placement = ctx.placements.get(child_id)
        if placement is None or not placement["no_place_reason"]:
            continue
        days = (period.as_at - placement["entry_on"]).days
        reason = NO_PLACE_LABELS.get(placement["no_place_reason"], placement["no_place_reason"])
        rows.append(
            Row(
                label=f"No place since {_long(placement['entry_on'])}",
                child_id=child_id,
                amount=days,
                detail=f"{reason}; {days} days",
                attrs={**ctx.attrs(child_id), "no_place_reason": reason},
            )
        )
    return rows


def settings_share(period: Period, ctx: CaseContext, *, group: str) -> list[Row]:
    """Children with a plan in force and a placement recorded at the end of the day; hit if the
    placement is in `group` (mainstream, special or other)."""
    details = ctx.details
    attrs = ctx.attrs
    return [
        Row(
            label=SETTING_GROUP_LABELS[child_group],
            child_id=child_id,
            hit=child_group == group,
            detail=ctx.setting_type(child_id) if details else "",
            attrs=attrs(child_id),
        )
        for child_id, child_group in ctx.setting_groups
    ]
