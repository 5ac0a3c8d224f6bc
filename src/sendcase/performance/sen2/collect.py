"""Build the SEN2 return's records from the case record, as it stood on census day.

Who is in the return (SEN2 technical specification, "cases to be included"):
- every plan in force on census day, and every plan in force at any time in the previous calendar year
  (so plans ceased or transferred out during the year are reported with their cease date and reason);
- every request for assessment received on or before census day that was still open at the start of
  the calendar year (so requests, decisions and plans of the year, and work still open on census day).

Dates after census day are ignored, so a return generated later for a past census day says what was
known on that day. The whole return is built in a fixed number of queries (one per table), whatever
the number of children.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from sendcase.assessments.models import (
    SEN2_REQUEST_SOURCE,
    AssessmentRequest,
    RequestStatus,
    Step,
    StepException,
)
from sendcase.people.models import Child
from sendcase.plans.models import (
    AnnualReview,
    CeaseReason,
    EHCPlan,
    PhaseTransfer,
    Placement,
    ReviewStatus,
    SettingCode,
)
from sendcase.plans.selectors import primary_needs_on

from . import codes
from .census import CensusPeriod
from .records import (
    ActivePlan,
    Assessment,
    NamedPlan,
    Person,
    PlacementDetail,
    PlanDetail,
    Request,
    Sen2Return,
    SENNeed,
)


def _asof(day: dt.date | None, census: dt.date) -> dt.date | None:
    """A date as known on census day: a later date had not happened yet."""
    return day if day is not None and day <= census else None


def plans_in_scope(period: CensusPeriod) -> QuerySet[EHCPlan]:
    """Plans in force at some time between the start of the calendar year and census day."""
    census = period.census_date
    # A plan transferred in is ours from the day it arrived, whenever the other authority issued it.
    started = Q(transferred_in_on__isnull=True, issued_on__lte=census) | Q(transferred_in_on__lte=census)
    ended_before = Q(ceased_on__lt=period.period_start) | Q(transferred_out_on__lt=period.period_start)
    return EHCPlan.objects.filter(started).exclude(ended_before)


def requests_in_scope(period: CensusPeriod, plans: QuerySet[EHCPlan] | None = None) -> QuerySet:
    """Requests received by census day and open at the start of the year, and those behind plans."""
    plans = plans if plans is not None else plans_in_scope(period)
    window = Q(received_on__lte=period.census_date) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.period_start)
    )
    behind_plans = Q(id__in=plans.filter(request__isnull=False).values("request_id"))
    return AssessmentRequest.objects.filter(window | behind_plans)


def _request_outcome(row: dict, census: dt.date) -> tuple[str, dt.date | None]:
    decided = _asof(row["assessment_decided_on"], census)
    if decided is not None:
        refused = row["status"] == RequestStatus.NOT_ASSESSING
        return (codes.REQUEST_NOT_ASSESS if refused else codes.REQUEST_ASSESS), decided
    closed = _asof(row["closed_on"], census)
    if closed is not None:
        return codes.REQUEST_WITHDRAWN, closed
    return codes.REQUEST_PENDING, None


def _assessment(row: dict, census: dt.date, exceptions: int) -> Assessment:
    issue_decided = _asof(row["issue_decided_on"], census)
    closed = _asof(row["closed_on"], census)
    if issue_decided is not None:
        refused = row["status"] == RequestStatus.NOT_ISSUING
        outcome = codes.ASSESSMENT_NOT_ISSUE if refused else codes.ASSESSMENT_ISSUE
        outcome_date = issue_decided
    elif closed is not None:
        outcome, outcome_date = codes.ASSESSMENT_WITHDRAWN, closed
    else:
        outcome, outcome_date = codes.ASSESSMENT_PENDING, None
    issued = _asof(row["final_issued_on"], census)
    return Assessment(
        AssessmentOutcome=outcome,
        AssessmentOutcomeDate=outcome_date,
        Week20=(exceptions > 0) if issued is not None else None,
        exceptions_recorded=exceptions,
    )


def _plan_end(plan: dict, census: dt.date) -> tuple[dt.date | None, int | None]:
    ceased = _asof(plan["ceased_on"], census)
    if ceased is not None:
        return ceased, plan["cease_reason"]
    moved = _asof(plan["transferred_out_on"], census)
    if moved is not None:
        return moved, plan["cease_reason"] or CeaseReason.MOVED_ENGLISH_LA
    return None, None


def _named_plan(plan: dict, census: dt.date, current_place: dict | None) -> NamedPlan:
    cease_date, cease_reason = _plan_end(plan, census)
    details = []
    if plan["named_establishment_id"]:
        at_named = (
            current_place is not None and current_place["establishment_id"] == plan["named_establishment_id"]
        )
        details.append(
            PlanDetail(
                URN=plan["named_establishment__urn"],
                UKPRN=None if plan["named_establishment__urn"] else plan["named_establishment__ukprn"],
                SENunitIndicator=bool(at_named and current_place["sen_unit"]),
                ResourcedProvisionIndicator=bool(at_named and current_place["resourced_provision"]),
            )
        )
    elif current_place is not None and current_place["setting_code"]:
        details.append(PlanDetail(SENSetting=current_place["setting_code"]))
    return NamedPlan(
        plan_id=plan["id"],
        StartDate=plan["issued_on"],
        CeaseDate=cease_date,
        CeaseReason=cease_reason,
        details=details,
    )


def _placement_detail(row: dict, census: dt.date) -> PlacementDetail:
    setting = row["setting_code"]
    if not row["establishment_id"] and not setting:
        setting = SettingCode.NIEO  # no place: not in education
    return PlacementDetail(
        placement_id=row["id"],
        URN=row["establishment__urn"],
        UKPRN=None if row["establishment__urn"] else row["establishment__ukprn"],
        SENSetting="" if row["establishment_id"] else setting,
        EntryDate=row["entry_on"],
        LeavingDate=_asof(row["leaving_on"], census),
        SENunitIndicator=row["sen_unit"],
        ResourcedProvisionIndicator=row["resourced_provision"],
    )


def _rank_placements(details: list[PlacementDetail]) -> None:
    """A placement that starts while an earlier one is still open is a second (dual) placement."""
    details.sort(key=lambda d: (d.EntryDate or dt.date.min, d.placement_id or 0))
    for index, detail in enumerate(details):
        detail.PlacementRank = 1
        for earlier in details[:index]:
            if earlier.LeavingDate is None or earlier.LeavingDate >= (detail.EntryDate or dt.date.min):
                detail.PlacementRank = earlier.PlacementRank + 1
                break


def _active_plan(
    plan: dict, period: CensusPeriod, reviews: list[dict], transfers: list[dict], places: list[dict]
) -> ActivePlan:
    census = period.census_date
    end, _ = _plan_end(plan, census)
    active = ActivePlan(
        plan_id=plan["id"],
        in_force_on_census=end is None,
        plan_start=plan["issued_on"],
        TransferLA=plan["transferred_in_from_la"] if period.in_period(plan["transferred_in_on"]) else "",
    )
    held = [r for r in reviews if _asof(r["meeting_on"], census) is not None]
    if held:
        latest_ever = max(held, key=lambda r: r["meeting_on"])
        active.last_meeting_before_census = latest_ever["meeting_on"]
        this_year = [r for r in held if r["meeting_on"] >= period.period_start]
        if this_year:
            latest = max(this_year, key=lambda r: r["meeting_on"])
            active.ReviewMeeting = latest["meeting_on"]
            decided = _asof(latest["decision_on"], census)
            if decided is not None and latest["decision"]:
                active.LastReview = decided
                active.ReviewOutcome = codes.REVIEW_OUTCOMES.get(latest["decision"], "")
            active.ReviewDraft = _asof(latest["amendment_notice_on"], census)
    last_review_on = _asof(plan["last_review_on"], census)
    if last_review_on and (
        active.last_meeting_before_census is None or last_review_on > active.last_meeting_before_census
    ):
        active.last_meeting_before_census = last_review_on
    due = [t for t in transfers if period.in_period(t["deadline"]) or period.in_period(t["named_on"])]
    if due:
        transfer = min(due, key=lambda t: t["deadline"])
        active.PhaseTransferDueDate = transfer["deadline"]
        active.PhaseTransferFinalDate = _asof(transfer["named_on"], census)
    active.placements = [_placement_detail(p, census) for p in places]
    _rank_placements(active.placements)
    if plan["primary_need"]:
        active.needs = [SENNeed(SENtype=plan["primary_need"], SENtypeRank=1)]
    return active


def _grouped(rows, key: str) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def sen2_return(census_date: dt.date, la_code: str | None = None) -> Sen2Return:
    """The SEN2 return for a census day, as records (write it with `xml.to_xml`)."""
    period = CensusPeriod(census_date)
    census = period.census_date
    plans_qs = plans_in_scope(period)
    requests_qs = requests_in_scope(period, plans_qs)

    plans = list(
        plans_qs.values(
            "id", "child_id", "request_id", "issued_on", "named_establishment_id", "named_establishment__urn",
            "named_establishment__ukprn", "primary_need", "transferred_in_from_la", "transferred_in_on",
            "transferred_out_on", "ceased_on", "cease_reason", "last_review_on",
        ).order_by("issued_on", "id")
    )  # fmt: skip
    # The need as the census day's plan recorded it, not as a later amendment changed it.
    needs = primary_needs_on(plans_qs.values("id"), census)
    for plan in plans:
        plan["primary_need"] = needs.get(plan["id"], plan["primary_need"])
    requests = list(
        requests_qs.values(
            "id", "child_id", "status", "received_on", "source", "assessment_decided_on",
            "issue_decided_on", "final_issued_on", "closed_on",
        ).order_by("received_on", "id")
    )  # fmt: skip
    exceptions = dict(
        StepException.objects.filter(
            request_id__in=requests_qs.values("id"), step=Step.FINAL_PLAN, starts_on__lte=census
        )
        .values("request_id")
        .annotate(n=Count("id"))
        .values_list("request_id", "n")
    )
    plan_ids = plans_qs.values("id")
    reviews = _grouped(
        AnnualReview.objects.filter(plan_id__in=plan_ids, meeting_on__lte=census)
        .exclude(status=ReviewStatus.CANCELLED)
        .values("plan_id", "meeting_on", "decision", "decision_on", "amendment_notice_on"),
        "plan_id",
    )
    transfers = _grouped(
        PhaseTransfer.objects.filter(plan_id__in=plan_ids).values("plan_id", "deadline", "named_on"),
        "plan_id",
    )
    places = _grouped(
        Placement.objects.filter(child_id__in=plans_qs.values("child_id"), entry_on__lte=census)
        .filter(Q(leaving_on__isnull=True) | Q(leaving_on__gte=period.period_start))
        .values(
            "id", "child_id", "plan_id", "establishment_id", "establishment__urn", "establishment__ukprn",
            "setting_code", "sen_unit", "resourced_provision", "entry_on", "leaving_on",
        ).order_by("entry_on", "id"),
        "child_id",
    )  # fmt: skip
    children = Child.objects.filter(
        Q(id__in=plans_qs.values("child_id")) | Q(id__in=requests_qs.values("child_id"))
    ).values(
        "id", "legal_last_name", "legal_first_name", "date_of_birth", "sex", "ethnicity", "postcode", "upn",
        "uln",
    ).order_by("legal_last_name", "legal_first_name", "id")  # fmt: skip

    plan_by_request = {p["request_id"]: p for p in plans if p["request_id"] is not None}
    requests_by_child = _grouped(requests, "child_id")
    plans_without_request = _grouped([p for p in plans if p["request_id"] is None], "child_id")

    def plan_parts(plan: dict) -> tuple[NamedPlan, ActivePlan]:
        child_places = [p for p in places.get(plan["child_id"], []) if p["plan_id"] in (None, plan["id"])]
        on_census = [p for p in child_places if p["leaving_on"] is None or p["leaving_on"] >= census]
        current = on_census[-1] if on_census else (child_places[-1] if child_places else None)
        named = _named_plan(plan, census, current)
        active = _active_plan(
            plan, period, reviews.get(plan["id"], []), transfers.get(plan["id"], []), child_places
        )
        return named, active

    persons = []
    for child in children:
        person = Person(
            child_id=child["id"],
            Surname=child["legal_last_name"],
            Forename=child["legal_first_name"],
            PersonBirthDate=child["date_of_birth"],
            Sex=child["sex"],
            Ethnicity=child["ethnicity"],
            PostCode=child["postcode"],
            UPN=child["upn"],
            UniqueLearnerNumber=child["uln"],
        )
        for row in requests_by_child.get(child["id"], []):
            outcome, outcome_date = _request_outcome(row, census)
            request = Request(
                request_id=row["id"],
                ReceivedDate=row["received_on"],
                RequestSource=SEN2_REQUEST_SOURCE.get(row["source"]),
                RequestOutcome=outcome,
                RequestOutcomeDate=outcome_date,
            )
            if outcome == codes.REQUEST_ASSESS:
                request.assessment = _assessment(row, census, exceptions.get(row["id"], 0))
                plan = plan_by_request.get(row["id"])
                if plan is not None:
                    request.assessment.named_plan, request.active_plan = plan_parts(plan)
            person.requests.append(request)
        for plan in plans_without_request.get(child["id"], []):
            started = plan["issued_on"]
            named, active = plan_parts(plan)
            person.requests.append(
                Request(
                    request_id=None,
                    ReceivedDate=started,
                    RequestOutcome=codes.HISTORIC,
                    RequestOutcomeDate=started,
                    assessment=Assessment(
                        AssessmentOutcome=codes.HISTORIC, AssessmentOutcomeDate=started, named_plan=named
                    ),
                    active_plan=active,
                )
            )
        persons.append(person)
    la = la_code if la_code is not None else getattr(settings, "AUTHORITY_LA_CODE", "")
    return Sen2Return(
        census_date=census,
        la_code=la,
        persons=persons,
        DMO=getattr(settings, "SEN2_DMO", ""),
        DCO=getattr(settings, "SEN2_DCO", ""),
    )
