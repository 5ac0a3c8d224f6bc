"""The checks behind the data-quality rules, each a named function in `REGISTRY`.

A check takes the `Context` (the date the data is judged as at) and the rule's parameters and returns an
`Outcome`: every record it looked at (record id -> the child it belongs to) and, for the records that
break the rule, a sentence saying what is wrong. Records that did not exist by the as-at date (created
later, and dated later: a plan issued, a request received, a placement started) are not looked at, so a
past month can be scored again; children merged away as duplicates are never looked at. Records are
judged on their values now: a past month's score shows that month's records as they stand today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sendcase.assessments.models import OPEN_STATUSES, AssessmentRequest, StepException
from sendcase.core.identifiers import validate_nhs_number, validate_postcode, validate_upn
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.plans.models import AnnualReview, EHCPlan, Placement, PlanStatus
from sendcase.settings_data.codes import Ethnicity, NeedType, Sex

LATE_AFTER_DAYS = 30
TIMELINESS_WINDOW_DAYS = 365


@dataclass
class Context:
    as_of: dt.date

    @property
    def end(self) -> dt.datetime:
        """The end of the as-at day, as an aware time (records created up to then are judged)."""
        start = dt.datetime.combine(self.as_of + dt.timedelta(days=1), dt.time.min)
        return timezone.make_aware(start)

    @cached_property
    def child_ids(self) -> frozenset[int]:
        """Children recorded by the as-at date: created by then, or with history by then (records
        brought in from an earlier system are created later than their history), less children merged
        away as duplicates. Worked out once and checked in Python: cheaper than a subquery per check."""
        from sendcase.linkage.merging import merged_away_ids

        created = set(Child.objects.filter(created_at__lt=self.end).values_list("pk", flat=True))
        # Only the (usually few) children created later need their history looked at: one index probe
        # each on (child, occurred_on), rather than a scan of every event.
        history = CaseEvent.objects.filter(child=OuterRef("pk"), occurred_on__lte=self.as_of)
        later = Child.objects.exclude(created_at__lt=self.end).filter(Exists(history))
        merged = set(merged_away_ids().values_list("duplicate_id", flat=True))
        return frozenset((created | set(later.values_list("pk", flat=True))) - merged)

    def children(self) -> QuerySet[Child]:
        return Child.objects.all()

    def of_children(self, queryset: QuerySet, path: str = "child", dated_by: str = "") -> QuerySet:
        """`queryset` limited to records that existed by the as-at date: created by then, or (given
        `dated_by`) with that date on or before it. `_by_row` keeps only those of `child_ids`."""
        existed = Q(created_at__lt=self.end)
        if dated_by:
            existed |= Q(**{f"{dated_by}__lte": self.as_of})
        return queryset.filter(existed)


@dataclass
class Outcome:
    records: dict[int, int] = field(default_factory=dict)  # record id -> child id
    failing: dict[int, str] = field(default_factory=dict)  # record id -> what is wrong


Check = Callable[..., Outcome]
REGISTRY: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        REGISTRY[name] = function
        return function

    return register


def _by_row(ctx: Context, rows, test: Callable[[dict], str | None], child_key: str = "child_id") -> Outcome:
    """An outcome from rows (dicts with `pk` and the child id) of the children judged: `test` returns a
    problem or None."""
    outcome = Outcome()
    judged = ctx.child_ids
    for row in rows:
        if row[child_key] not in judged:
            continue
        outcome.records[row["pk"]] = row[child_key]
        problem = test(row)
        if problem:
            outcome.failing[row["pk"]] = problem
    return outcome


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _valid(validator: Callable[[str], str], value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


# --- Children --------------------------------------------------------------------------------------


def _child_rows(ctx: Context, *fields: str):
    return ctx.children().values("pk", *fields)


def _with_child_id(rows):
    for row in rows:
        row["child_id"] = row["pk"]
        yield row


@check("child_sex_recorded")
def child_sex_recorded(ctx: Context) -> Outcome:
    return _by_row(
        ctx,
        _with_child_id(_child_rows(ctx, "sex")),
        lambda r: None if r["sex"] in (Sex.MALE, Sex.FEMALE) else "Sex not recorded",
    )


@check("child_ethnicity_recorded")
def child_ethnicity_recorded(ctx: Context) -> Outcome:
    return _by_row(
        ctx,
        _with_child_id(_child_rows(ctx, "ethnicity")),
        lambda r: "Ethnicity not yet obtained" if r["ethnicity"] in ("", Ethnicity.NOBT) else None,
    )


@check("child_postcode_recorded")
def child_postcode_recorded(ctx: Context) -> Outcome:
    return _by_row(
        ctx,
        _with_child_id(_child_rows(ctx, "postcode")),
        lambda r: None if r["postcode"].strip() else "No postcode",
    )


def is_school_age(born: dt.date, on: dt.date) -> bool:
    """Compulsory school age, simply: 5 to 15 on the as-at date (the UPN is issued on school entry)."""
    return 5 <= _age(born, on) <= 15


@check("child_upn_recorded_school_age")
def child_upn_recorded_school_age(ctx: Context) -> Outcome:
    rows = (
        r
        for r in _with_child_id(_child_rows(ctx, "upn", "date_of_birth"))
        if is_school_age(r["date_of_birth"], ctx.as_of)
    )
    return _by_row(ctx, rows, lambda r: None if r["upn"].strip() else "School age and no UPN")


@check("child_upn_valid")
def child_upn_valid(ctx: Context) -> Outcome:
    rows = _with_child_id(_child_rows(ctx, "upn").exclude(upn=""))
    return _by_row(
        ctx, rows, lambda r: None if _valid(validate_upn, r["upn"]) else f"UPN {r['upn']} is not valid"
    )


@check("child_nhs_number_valid")
def child_nhs_number_valid(ctx: Context) -> Outcome:
    rows = _with_child_id(_child_rows(ctx, "nhs_number").exclude(nhs_number=""))
    return _by_row(
        ctx,
        rows,
        lambda r: (
            None
            if _valid(validate_nhs_number, r["nhs_number"])
            else f"NHS number {r['nhs_number']} fails the check"
        ),
    )


@check("child_postcode_valid")
def child_postcode_valid(ctx: Context) -> Outcome:
    rows = _with_child_id(_child_rows(ctx, "postcode").exclude(postcode=""))
    return _by_row(
        ctx,
        rows,
        lambda r: (
            None if _valid(validate_postcode, r["postcode"]) else f"Postcode {r['postcode']} is not valid"
        ),
    )


@check("child_codes_valid")
def child_codes_valid(ctx: Context) -> Outcome:
    def test(r: dict) -> str | None:
        wrong = []
        if r["sex"] not in Sex.values:
            wrong.append(f"sex code {r['sex']!r}")
        if r["ethnicity"] not in Ethnicity.values:
            wrong.append(f"ethnicity code {r['ethnicity']!r}")
        return f"Unknown {' and '.join(wrong)}" if wrong else None

    return _by_row(ctx, _with_child_id(_child_rows(ctx, "sex", "ethnicity")), test)


@check("child_dob_not_future")
def child_dob_not_future(ctx: Context) -> Outcome:
    return _by_row(
        ctx,
        _with_child_id(_child_rows(ctx, "date_of_birth")),
        lambda r: (
            f"Born {r['date_of_birth']:%-d %B %Y}, in the future" if r["date_of_birth"] > ctx.as_of else None
        ),
    )


@check("child_age_in_range")
def child_age_in_range(ctx: Context) -> Outcome:
    open_case = Q(plans__status=PlanStatus.ACTIVE) | Q(assessment_requests__status__in=OPEN_STATUSES)
    rows = _with_child_id(_child_rows(ctx, "date_of_birth").filter(open_case).distinct())

    def test(r: dict) -> str | None:
        age = _age(r["date_of_birth"], ctx.as_of)
        return None if 0 <= age <= 25 else f"Aged {age} with an open case"

    return _by_row(ctx, rows, test)


# --- Events (timeliness) ---------------------------------------------------------------------------


@check("events_recorded_promptly")
def events_recorded_promptly(ctx: Context, *, subject_types: list[str]) -> Outcome:
    """Events that happened in the year before the as-at date, recorded more than 30 days after."""
    since = ctx.as_of - dt.timedelta(days=TIMELINESS_WINDOW_DAYS)
    rows = CaseEvent.objects.filter(
        subject_type__in=subject_types,
        occurred_on__gt=since,
        occurred_on__lte=ctx.as_of,
        recorded_at__lt=ctx.end,
    ).values_list("pk", "child_id", "occurred_on", "recorded_at", "kind")
    outcome = Outcome()
    judged = ctx.child_ids
    labels = dict(EventKind.choices)
    for pk, child_id, occurred_on, recorded_at, kind in rows.iterator(chunk_size=10_000):
        if child_id not in judged:
            continue
        outcome.records[pk] = child_id
        days = (timezone.localdate(recorded_at) - occurred_on).days
        if days > LATE_AFTER_DAYS:
            outcome.failing[pk] = (
                f"{labels.get(kind, kind)}: happened {occurred_on:%-d %B %Y}, recorded {days} days later"
            )
    return outcome


# --- Requests --------------------------------------------------------------------------------------


@check("request_decisions_after_receipt")
def request_decisions_after_receipt(ctx: Context) -> Outcome:
    steps = (
        ("assessment_decided_on", "decision whether to assess"),
        ("issue_decided_on", "decision whether to issue a plan"),
        ("draft_served_on", "draft plan"),
        ("final_issued_on", "final plan"),
    )
    rows = ctx.of_children(AssessmentRequest.objects.all(), dated_by="received_on").values(
        "pk", "child_id", "received_on", *[s for s, _ in steps]
    )

    def test(r: dict) -> str | None:
        for name, label in steps:
            if r[name] is not None and r[name] < r["received_on"]:
                return (
                    f"The {label} ({r[name]:%-d %B %Y}) is before the request was received "
                    f"({r['received_on']:%-d %B %Y})"
                )
        return None

    return _by_row(ctx, rows, test)


@check("request_overdue_has_exception")
def request_overdue_has_exception(ctx: Context) -> Outcome:
    excepted = StepException.objects.filter(request=OuterRef("pk"))
    rows = (
        ctx.of_children(
            AssessmentRequest.objects.filter(status__in=OPEN_STATUSES, overdue_steps__gt=0),
            dated_by="received_on",
        )
        .annotate(excepted=Exists(excepted))
        .values("pk", "child_id", "overdue_steps", "next_step", "excepted")
    )

    def test(r: dict) -> str | None:
        if r["excepted"]:
            return None
        steps = f"{r['overdue_steps']} step{'s' if r['overdue_steps'] != 1 else ''}"
        return f"{steps} overdue ({r['next_step'] or 'next step'}) and no exception recorded"

    return _by_row(ctx, rows, test)


# --- Plans -----------------------------------------------------------------------------------------


def _active_plans(ctx: Context) -> QuerySet[EHCPlan]:
    return ctx.of_children(EHCPlan.objects.filter(status=PlanStatus.ACTIVE), dated_by="issued_on")


@check("plan_primary_need_recorded")
def plan_primary_need_recorded(ctx: Context) -> Outcome:
    rows = _active_plans(ctx).values("pk", "child_id", "primary_need")
    return _by_row(ctx, rows, lambda r: None if r["primary_need"].strip() else "No primary need recorded")


@check("plan_primary_need_valid")
def plan_primary_need_valid(ctx: Context) -> Outcome:
    rows = ctx.of_children(EHCPlan.objects.exclude(primary_need=""), dated_by="issued_on").values(
        "pk", "child_id", "primary_need"
    )
    return _by_row(
        ctx,
        rows,
        lambda r: (
            None
            if r["primary_need"] in NeedType.values
            else f"Need code {r['primary_need']!r} is not a SEN2 code"
        ),
    )


@check("plan_school_named")
def plan_school_named(ctx: Context) -> Outcome:
    rows = _active_plans(ctx).values("pk", "child_id", "named_establishment_id")
    return _by_row(ctx, rows, lambda r: None if r["named_establishment_id"] else "No school or setting named")


@check("plan_has_origin")
def plan_has_origin(ctx: Context) -> Outcome:
    rows = ctx.of_children(EHCPlan.objects.all(), dated_by="issued_on").values(
        "pk", "child_id", "request_id", "transferred_in_from_la"
    )
    return _by_row(
        ctx,
        rows,
        lambda r: (
            None
            if r["request_id"] or r["transferred_in_from_la"]
            else "No request for assessment and not transferred in from another authority"
        ),
    )


@check("plan_has_current_placement")
def plan_has_current_placement(ctx: Context) -> Outcome:
    current = Placement.objects.filter(child=OuterRef("child"), entry_on__lte=ctx.as_of).filter(
        Q(leaving_on__isnull=True) | Q(leaving_on__gt=ctx.as_of)
    )
    rows = _active_plans(ctx).annotate(placed=Exists(current)).values("pk", "child_id", "placed")
    return _by_row(
        ctx, rows, lambda r: None if r["placed"] else "Plan in force and no current placement recorded"
    )


# --- Reviews and placements ------------------------------------------------------------------------


@check("review_after_plan")
def review_after_plan(ctx: Context) -> Outcome:
    rows = ctx.of_children(AnnualReview.objects.all(), "plan__child", dated_by="plan__issued_on").values(
        "pk", "plan__child_id", "plan__issued_on", "meeting_on", "decision_on"
    )

    def test(r: dict) -> str | None:
        for name, label in (("meeting_on", "meeting"), ("decision_on", "decision")):
            if r[name] is not None and r[name] < r["plan__issued_on"]:
                return (
                    f"Review {label} ({r[name]:%-d %B %Y}) before the plan was issued "
                    f"({r['plan__issued_on']:%-d %B %Y})"
                )
        return None

    return _by_row(ctx, rows, test, child_key="plan__child_id")


@check("placement_dates_in_order")
def placement_dates_in_order(ctx: Context) -> Outcome:
    rows = ctx.of_children(Placement.objects.all(), dated_by="entry_on").values(
        "pk", "child_id", "entry_on", "leaving_on"
    )
    return _by_row(
        ctx,
        rows,
        lambda r: (
            f"Leaves {r['leaving_on']:%-d %B %Y}, before starting {r['entry_on']:%-d %B %Y}"
            if r["leaving_on"] is not None and r["leaving_on"] < r["entry_on"]
            else None
        ),
    )
