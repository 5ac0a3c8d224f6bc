"""Reads for the annual review worklists and the phase transfer tracker, with the permission filter
applied inside (staff only; anyone else gets an empty result).

Each list is one queryset (a count and a page when paginated), with the child, locality and named school
joined in and the current officer, team, placement school and open review read by correlated subqueries
on indexed columns, then one query each for the officers' and teams' names: a fixed number of queries
whatever the number of plans (an authority holds ~25,000).

The four review lists (as of a date `as_of`, a local date):

  due        active plans whose `review_due` is between as_of and as_of + 56 days (8 weeks) inclusive,
             and whose review for that due date is not already completed (see `_cycle_not_completed`)
  overdue    the same, with `review_due` before as_of (overdue by one day or more)
  decisions  reviews whose meeting was held (status "held" or "report received") with no decision,
             where the decision was due (`statutory.review_decision_due`, 4 weeks after the meeting,
             Regs 20(10)) before as_of
  amendments reviews whose amendment notice was sent and no amended plan issued, where the amended plan
             was due (`statutory.amended_plan_due`, 8 weeks after the notice, Regs 22(3)) before as_of

A step due on a date is on time on that date, so "overdue" starts the day after.

Filters: officer and team (the child's current Allocation), locality (`child.locality`) and school (the
plan's named establishment, or the establishment of the child's current Placement).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sendcase import statutory
from sendcase.caseload.models import Allocation, Team
from sendcase.core import permissions
from sendcase.core.models import User

from .models import AnnualReview, EHCPlan, PhaseTransfer, Placement, PlanStatus, ReviewStatus

R = ReviewStatus
# The review worklist looks 8 weeks ahead: long enough to give 2 weeks' notice (Regs 20(3)) and gather
# advice 2 weeks before the meeting (Regs 20(4)) for every review it shows.
DUE_WINDOW_DAYS = 56
# A phase transfer not yet named is "at risk" when its deadline is this close (and not yet passed).
AT_RISK_DAYS = 28

MEETING_HELD_NO_DECISION = (R.HELD, R.REPORT_RECEIVED)
HELD_OR_LATER = (R.HELD, R.REPORT_RECEIVED, R.DECIDED, R.AMENDMENT_NOTICE, R.COMPLETED)
OPEN_STATUSES = (R.DUE, R.SCHEDULED, R.HELD, R.REPORT_RECEIVED, R.DECIDED, R.AMENDMENT_NOTICE)

LIST_DUE = "due"
LIST_OVERDUE = "overdue"
LIST_DECISIONS = "decisions"
LIST_AMENDMENTS = "amendments"
LISTS = (LIST_DUE, LIST_OVERDUE, LIST_DECISIONS, LIST_AMENDMENTS)
LIST_TITLES = {
    LIST_DUE: "Reviews due in the next 8 weeks",
    LIST_OVERDUE: "Reviews overdue",
    LIST_DECISIONS: "Review decisions overdue",
    LIST_AMENDMENTS: "Amended plans overdue",
}


@dataclass(frozen=True)
class WorklistFilters:
    """Optional narrowing of every list; ids of a User, Team, Locality and Establishment."""

    officer_id: int | None = None
    team_id: int | None = None
    locality_id: int | None = None
    school_id: int | None = None

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in (
                ("officer", self.officer_id),
                ("team", self.team_id),
                ("locality", self.locality_id),
                ("school", self.school_id),
            )
            if value is not None
        ]
        return ", ".join(parts) or "no filters"


@dataclass
class WorklistRow:
    """One line of a review worklist. `due_on` is the date the row is measured against (review due,
    decision due, amended plan due); `days_left` is negative once it has passed."""

    plan_pk: int
    child_pk: int
    child_name: str
    reference: str
    locality: str
    school: str
    officer: str
    team: str
    due_on: dt.date | None
    days_left: int | None
    review_status: str = ""
    meeting_on: dt.date | None = None
    amendment_notice_on: dt.date | None = None
    last_review_on: dt.date | None = None
    # Under-fives: the authority should consider reviewing every 3 to 6 months (CoP 9.178).
    under_five: bool = False

    @property
    def tag(self) -> str:
        if self.days_left is None:
            return ""
        return "overdue" if self.days_left < 0 else "due"


# --- shared pieces -------------------------------------------------------------------------------------


def _current_allocation(child_ref: str) -> QuerySet[Allocation]:
    return Allocation.objects.filter(child_id=OuterRef(child_ref), ended_at__isnull=True)


def _current_placement(child_ref: str) -> QuerySet[Placement]:
    return Placement.objects.filter(
        child_id=OuterRef(child_ref), leaving_on__isnull=True, establishment__isnull=False
    ).order_by("-entry_on", "-pk")


def _with_people(qs: QuerySet, child_ref: str) -> QuerySet:
    """Annotate the current officer and team ids and the current placement's school name."""
    current = _current_allocation(child_ref)
    return qs.annotate(
        wl_officer_id=Subquery(current.values("officer_id")[:1], output_field=IntegerField()),
        wl_team_id=Subquery(current.values("team_id")[:1], output_field=IntegerField()),
        wl_placement_school=Subquery(_current_placement(child_ref).values("establishment__name")[:1]),
    )


def _filtered(qs: QuerySet, filters: WorklistFilters, *, plan: str) -> QuerySet:
    """Apply the filters; `plan` is the path from the queryset's model to the plan ("" for plans)."""
    prefix = f"{plan}__" if plan else ""
    child_ref = f"{prefix}child_id"
    if filters.officer_id is not None:
        qs = qs.filter(Exists(_current_allocation(child_ref).filter(officer_id=filters.officer_id)))
    if filters.team_id is not None:
        qs = qs.filter(Exists(_current_allocation(child_ref).filter(team_id=filters.team_id)))
    if filters.locality_id is not None:
        qs = qs.filter(**{f"{prefix}child__locality_id": filters.locality_id})
    if filters.school_id is not None:
        placed = Placement.objects.filter(
            child_id=OuterRef(child_ref), leaving_on__isnull=True, establishment_id=filters.school_id
        )
        qs = qs.filter(Q(**{f"{prefix}named_establishment_id": filters.school_id}) | Exists(placed))
    return qs


def _names(officer_ids: Iterable[int | None], team_ids: Iterable[int | None]) -> tuple[dict, dict]:
    """Officers' and teams' display names, one query each (none when no ids)."""
    officer_ids = {i for i in officer_ids if i is not None}
    team_ids = {i for i in team_ids if i is not None}
    officers = {u.pk: u.display_name for u in User.objects.filter(pk__in=officer_ids)} if officer_ids else {}
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name")) if team_ids else {}
    return officers, teams


def _cycle_not_completed() -> Q:
    """The plan's review for its current due date is not already completed.

    A review is opened with `due_on` = the plan's `review_due`, and holding the meeting moves
    `review_due` on a year, so a completed review with `due_on` on or after the plan's `review_due`
    means the review the plan is waiting for has in fact been done (the plan's dates are stale until
    the nightly recomputation): leave it off the lists.
    """
    done = AnnualReview.objects.filter(
        plan_id=OuterRef("pk"), status=R.COMPLETED, due_on__gte=OuterRef("review_due")
    )
    return ~Q(Exists(done))


def _open_review_status() -> Subquery:
    return Subquery(
        AnnualReview.objects.filter(plan_id=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by("-due_on", "-pk")
        .values("status")[:1]
    )


def _open_review_meeting() -> Subquery:
    return Subquery(
        AnnualReview.objects.filter(plan_id=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by("-due_on", "-pk")
        .values("meeting_on")[:1]
    )


# --- the four review lists ------------------------------------------------------------------------------


def _plans_base(viewer: User | None, filters: WorklistFilters) -> QuerySet[EHCPlan]:
    if not permissions.is_staff_member(viewer):
        return EHCPlan.objects.none()
    plans = EHCPlan.objects.filter(status=PlanStatus.ACTIVE, review_due__isnull=False).filter(
        _cycle_not_completed()
    )
    plans = _filtered(plans, filters, plan="")
    return (
        _with_people(plans, "child_id")
        .annotate(wl_review_status=_open_review_status(), wl_meeting_on=_open_review_meeting())
        .select_related("child", "child__locality", "named_establishment")
    )


def reviews_due(
    viewer: User | None, *, as_of: dt.date, filters: WorklistFilters = WorklistFilters()
) -> QuerySet[EHCPlan]:
    """Active plans with a review due from as_of to as_of + 8 weeks inclusive, earliest first."""
    return (
        _plans_base(viewer, filters)
        .filter(review_due__gte=as_of, review_due__lte=as_of + dt.timedelta(days=DUE_WINDOW_DAYS))
        .order_by("review_due", "child__legal_last_name", "child__legal_first_name", "pk")
    )


def reviews_overdue(
    viewer: User | None, *, as_of: dt.date, filters: WorklistFilters = WorklistFilters()
) -> QuerySet[EHCPlan]:
    """Active plans whose review was due before as_of, longest overdue first."""
    return (
        _plans_base(viewer, filters)
        .filter(review_due__lt=as_of)
        .order_by("review_due", "child__legal_last_name", "child__legal_first_name", "pk")
    )


def _reviews_base(viewer: User | None, filters: WorklistFilters) -> QuerySet[AnnualReview]:
    if not permissions.is_staff_member(viewer):
        return AnnualReview.objects.none()
    reviews = AnnualReview.objects.filter(plan__status=PlanStatus.ACTIVE)
    reviews = _filtered(reviews, filters, plan="plan")
    return _with_people(reviews, "plan__child_id").select_related(
        "plan", "plan__child", "plan__child__locality", "plan__named_establishment"
    )


def _span(due: dt.date, start: dt.date) -> dt.timedelta:
    return due - start


def decisions_overdue(
    viewer: User | None, *, as_of: dt.date, filters: WorklistFilters = WorklistFilters()
) -> QuerySet[AnnualReview]:
    """Reviews whose meeting was held and whose decision (due 4 weeks after it) is overdue, oldest first."""
    # review_decision_due(meeting) < as_of  <=>  meeting < as_of - (decision period)
    latest_meeting = as_of - _span(statutory.review_decision_due(as_of), as_of)
    return (
        _reviews_base(viewer, filters)
        .filter(
            status__in=MEETING_HELD_NO_DECISION,
            decision_on__isnull=True,
            meeting_on__isnull=False,
            meeting_on__lt=latest_meeting,
        )
        .order_by("meeting_on", "plan__child__legal_last_name", "pk")
    )


def amendments_overdue(
    viewer: User | None, *, as_of: dt.date, filters: WorklistFilters = WorklistFilters()
) -> QuerySet[AnnualReview]:
    """Reviews whose amendment notice was sent and whose amended plan (due 8 weeks later) is overdue."""
    latest_notice = as_of - _span(statutory.amended_plan_due(as_of), as_of)
    return (
        _reviews_base(viewer, filters)
        .filter(
            status=R.AMENDMENT_NOTICE,
            amendment_notice_on__isnull=False,
            amended_plan_issued_on__isnull=True,
            amendment_notice_on__lt=latest_notice,
        )
        .order_by("amendment_notice_on", "plan__child__legal_last_name", "pk")
    )


def worklist_queryset(
    name: str, viewer: User | None, *, as_of: dt.date, filters: WorklistFilters = WorklistFilters()
) -> QuerySet:
    """The queryset for one of LISTS by name."""
    selectors = {
        LIST_DUE: reviews_due,
        LIST_OVERDUE: reviews_overdue,
        LIST_DECISIONS: decisions_overdue,
        LIST_AMENDMENTS: amendments_overdue,
    }
    return selectors[name](viewer, as_of=as_of, filters=filters)


def worklist_counts(
    viewer: User | None, *, as_of: dt.date, filters: WorklistFilters = WorklistFilters()
) -> dict[str, int]:
    """How many rows each list has, one count query per list."""
    return {
        name: worklist_queryset(name, viewer, as_of=as_of, filters=filters).order_by().count()
        for name in LISTS
    }


def _school(plan: EHCPlan, placement_school: str | None) -> str:
    if plan.named_establishment_id:
        return plan.named_establishment.name
    return placement_school or ""


def worklist_rows(items: Iterable[EHCPlan | AnnualReview], *, as_of: dt.date) -> list[WorklistRow]:
    """Rows from a page (or all) of one list's queryset: plans for due/overdue, reviews for the others.
    Two queries at most (officer and team names), whatever the number of rows."""
    items = list(items)
    officers, teams = _names((i.wl_officer_id for i in items), (i.wl_team_id for i in items))
    rows = []
    for item in items:
        if isinstance(item, EHCPlan):
            plan, review_status, meeting_on, notice_on = (
                item,
                item.wl_review_status,
                item.wl_meeting_on,
                None,
            )
            due_on = plan.review_due
        else:
            plan, review_status, meeting_on, notice_on = (
                item.plan,
                item.status,
                item.meeting_on,
                item.amendment_notice_on,
            )
            if item.status == R.AMENDMENT_NOTICE and notice_on is not None:
                due_on = statutory.amended_plan_due(notice_on)
            else:
                due_on = statutory.review_decision_due(meeting_on) if meeting_on else None
        child = plan.child
        rows.append(
            WorklistRow(
                plan_pk=plan.pk,
                child_pk=child.pk,
                child_name=child.full_name,
                reference=child.reference,
                locality=child.locality.name if child.locality_id else "",
                school=_school(plan, item.wl_placement_school),
                officer=officers.get(item.wl_officer_id, ""),
                team=teams.get(item.wl_team_id, ""),
                due_on=due_on,
                days_left=(due_on - as_of).days if due_on else None,
                review_status=R(review_status).label if review_status else "",
                meeting_on=meeting_on,
                amendment_notice_on=notice_on,
                last_review_on=plan.last_review_on,
                under_five=statutory.is_under_five(child.date_of_birth, as_of),
            )
        )
    return rows


# --- phase transfers ------------------------------------------------------------------------------------

ON_TIME = "on_time"
LATE = "late"
AT_RISK = "at_risk"
DUE = "due"
OVERDUE = "overdue"
PHASE_STATUS_LABELS = {
    ON_TIME: "Named on time",
    LATE: "Named late",
    AT_RISK: "At risk",
    DUE: "Not yet named",
    OVERDUE: "Overdue",
}


def phase_status(deadline: dt.date, named_on: dt.date | None, as_of: dt.date) -> str:
    """on_time / late for a named transfer; overdue once the deadline has passed unnamed; at_risk when
    unnamed with the deadline within AT_RISK_DAYS; otherwise due."""
    status = statutory.step_status(deadline, named_on, as_of)
    if status == statutory.StepStatus.DUE and (deadline - as_of).days <= AT_RISK_DAYS:
        return AT_RISK
    return status


@dataclass
class PhaseRow:
    phase_pk: int
    plan_pk: int
    child_pk: int
    child_name: str
    reference: str
    transfer: str
    deadline: dt.date
    current_school: str
    named_school: str
    named_on: dt.date | None
    reviewed: bool
    officer: str
    team: str
    status: str

    @property
    def status_label(self) -> str:
        return PHASE_STATUS_LABELS.get(self.status, self.status)

    @property
    def tag(self) -> str:
        return {AT_RISK: "excepted", DUE: "due"}.get(self.status, self.status)


@dataclass
class SchoolProgress:
    school_id: int | None
    school: str
    total: int
    reviewed: int
    named: int

    @property
    def outstanding(self) -> int:
        return self.total - self.named


def _phase_base(viewer: User | None, year: int, filters: WorklistFilters) -> QuerySet[PhaseTransfer]:
    if not permissions.is_staff_member(viewer):
        return PhaseTransfer.objects.none()
    phases = PhaseTransfer.objects.filter(transfer_year=year, plan__status=PlanStatus.ACTIVE)
    return _filtered(phases, filters, plan="plan")


def phase_transfers(
    viewer: User | None, *, year: int, filters: WorklistFilters = WorklistFilters()
) -> QuerySet[PhaseTransfer]:
    """The year's phase transfers on active plans, earliest deadline first, unnamed before named."""
    return (
        _with_people(_phase_base(viewer, year, filters), "plan__child_id")
        .select_related("plan", "plan__child", "named_establishment", "review")
        .order_by("deadline", F("named_on").asc(nulls_first=True), "plan__child__legal_last_name", "pk")
    )


def phase_rows(items: Iterable[PhaseTransfer], *, as_of: dt.date) -> list[PhaseRow]:
    items = list(items)
    officers, teams = _names((i.wl_officer_id for i in items), (i.wl_team_id for i in items))
    return [
        PhaseRow(
            phase_pk=p.pk,
            plan_pk=p.plan_id,
            child_pk=p.plan.child_id,
            child_name=p.plan.child.full_name,
            reference=p.plan.child.reference,
            transfer=p.get_transfer_display(),
            deadline=p.deadline,
            current_school=p.wl_placement_school or "",
            named_school=p.named_establishment.name if p.named_establishment_id else "",
            named_on=p.named_on,
            reviewed=bool(p.review_id and p.review.status in HELD_OR_LATER),
            officer=officers.get(p.wl_officer_id, ""),
            team=teams.get(p.wl_team_id, ""),
            status=phase_status(p.deadline, p.named_on, as_of),
        )
        for p in items
    ]


def phase_progress_by_school(
    viewer: User | None, *, year: int, filters: WorklistFilters = WorklistFilters()
) -> list[SchoolProgress]:
    """Per current school (the child's current placement): transfers, those reviewed (the linked review
    meeting held) and those with the new school named. One grouped query; "No current school" last."""
    placement = _current_placement("plan__child_id")
    grouped = (
        _phase_base(viewer, year, filters)
        .annotate(
            wl_school_id=Subquery(placement.values("establishment_id")[:1], output_field=IntegerField()),
            wl_school=Subquery(placement.values("establishment__name")[:1]),
        )
        .order_by()
        .values("wl_school_id", "wl_school")
        .annotate(
            total=Count("pk"),
            reviewed=Coalesce(Count("pk", filter=Q(review__status__in=HELD_OR_LATER)), 0),
            named=Count("pk", filter=Q(named_on__isnull=False)),
        )
    )
    result = [
        SchoolProgress(
            school_id=row["wl_school_id"],
            school=row["wl_school"] or "No current school",
            total=row["total"],
            reviewed=row["reviewed"],
            named=row["named"],
        )
        for row in grouped
    ]
    result.sort(key=lambda s: (s.school_id is None, s.school.lower(), s.school_id or 0))
    return result


def phase_status_counts(
    viewer: User | None, *, year: int, as_of: dt.date, filters: WorklistFilters = WorklistFilters()
) -> dict[str, int]:
    """How many of the year's transfers are in each status, in one aggregate query."""
    at_risk_until = as_of + dt.timedelta(days=AT_RISK_DAYS)
    named = Q(named_on__isnull=False)
    unnamed = Q(named_on__isnull=True)
    totals = (
        _phase_base(viewer, year, filters)
        .order_by()
        .aggregate(
            total=Count("pk"),
            on_time=Count("pk", filter=named & Q(named_on__lte=F("deadline"))),
            late=Count("pk", filter=named & Q(named_on__gt=F("deadline"))),
            overdue=Count("pk", filter=unnamed & Q(deadline__lt=as_of)),
            at_risk=Count("pk", filter=unnamed & Q(deadline__gte=as_of, deadline__lte=at_risk_until)),
            due=Count("pk", filter=unnamed & Q(deadline__gt=at_risk_until)),
        )
    )
    return {key: value or 0 for key, value in totals.items()}
