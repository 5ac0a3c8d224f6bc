"""What each item of the return says, from the case record."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.assessments.models import RequestSource, RequestStatus
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.performance.sen2.collect import sen2_return
from sendcase.plans.models import PlanStatus, PlanVersion, ReviewDecision, SettingCode

from ..factories import AssessmentRequestFactory, EstablishmentFactory
from .factories import (
    CENSUS,
    FinalPlanExceptionFactory,
    PhaseTransferFactory,
    PlacementFactory,
    PlanFactory,
    ReviewFactory,
    Sen2ChildFactory,
    issued_request,
    plan_from_request,
)

pytestmark = pytest.mark.django_db
D = dt.date


def _only_request():
    ret = sen2_return(CENSUS, la_code="330")
    assert len(ret.persons) == 1 and len(ret.persons[0].requests) == 1
    return ret.persons[0], ret.persons[0].requests[0]


def test_person_items_come_from_the_child_record():
    child = Sen2ChildFactory(
        legal_first_name="Maya", legal_last_name="Okafor", preferred_name="May", sex="F", ethnicity="BAFR",
        postcode="B2 4QA", uln="9276308686",
    )  # fmt: skip
    AssessmentRequestFactory(child=child, received_on=D(2025, 4, 1))
    person, _ = _only_request()
    assert (person.Forename, person.Surname) == ("Maya", "Okafor")  # legal names, not the preferred one
    assert (person.PersonBirthDate, person.Sex, person.Ethnicity) == (child.date_of_birth, "F", "BAFR")
    assert (person.UPN, person.UniqueLearnerNumber, person.PostCode) == (child.upn, "9276308686", "B2 4QA")


@pytest.mark.parametrize(
    ("source", "code"),
    [(RequestSource.PARENT, 1), (RequestSource.YOUNG_PERSON, 1), (RequestSource.SCHOOL, 2),
     (RequestSource.HEALTH, 3), (RequestSource.SOCIAL_CARE, 4), (RequestSource.OTHER, 5)],
)  # fmt: skip
def test_request_source_uses_the_sen2_codes(source, code):
    AssessmentRequestFactory(child=Sen2ChildFactory(), received_on=D(2025, 4, 1), source=source)
    assert _only_request()[1].RequestSource == code


def test_refused_request():
    AssessmentRequestFactory(
        child=Sen2ChildFactory(), received_on=D(2025, 4, 1), status=RequestStatus.NOT_ASSESSING,
        assessment_decided_on=D(2025, 5, 9), closed_on=D(2025, 5, 9),
    )  # fmt: skip
    request = _only_request()[1]
    assert (request.RequestOutcome, request.RequestOutcomeDate, request.assessment) == (
        "N",
        D(2025, 5, 9),
        None,
    )


def test_request_withdrawn_before_a_decision():
    AssessmentRequestFactory(
        child=Sen2ChildFactory(),
        received_on=D(2025, 4, 1),
        status=RequestStatus.WITHDRAWN,
        closed_on=D(2025, 4, 20),
    )
    request = _only_request()[1]
    assert (request.RequestOutcome, request.RequestOutcomeDate, request.assessment) == (
        "W",
        D(2025, 4, 20),
        None,
    )


def test_assessment_under_way_on_census_day():
    AssessmentRequestFactory(
        child=Sen2ChildFactory(), received_on=D(2025, 10, 1), status=RequestStatus.ASSESSING,
        assessment_decided_on=D(2025, 11, 5),
    )  # fmt: skip
    request = _only_request()[1]
    assert (request.RequestOutcome, request.RequestOutcomeDate) == ("Y", D(2025, 11, 5))
    # The decision whether to issue is yet to be made: "A", with no date.
    assert (request.assessment.AssessmentOutcome, request.assessment.AssessmentOutcomeDate) == ("A", None)
    assert request.assessment.Week20 is None


def test_decided_not_to_issue():
    AssessmentRequestFactory(
        child=Sen2ChildFactory(), received_on=D(2025, 2, 1), status=RequestStatus.NOT_ISSUING,
        assessment_decided_on=D(2025, 3, 1), issue_decided_on=D(2025, 5, 20), closed_on=D(2025, 5, 20),
    )  # fmt: skip
    assessment = _only_request()[1].assessment
    assert (assessment.AssessmentOutcome, assessment.AssessmentOutcomeDate) == ("N", D(2025, 5, 20))
    assert assessment.named_plan is None


def test_decision_after_census_day_is_not_yet_made():
    AssessmentRequestFactory(
        child=Sen2ChildFactory(), received_on=D(2025, 12, 1), status=RequestStatus.NOT_ASSESSING,
        assessment_decided_on=D(2026, 1, 12 + 8), closed_on=D(2026, 1, 20),
    )  # fmt: skip
    request = _only_request()[1]
    assert (request.RequestOutcome, request.RequestOutcomeDate) == ("A", None)


def test_plan_issued_with_no_exception_has_week20_false():
    request = issued_request(Sen2ChildFactory(), D(2025, 1, 10))
    plan_from_request(request)
    assessment = _only_request()[1].assessment
    assert assessment.AssessmentOutcome == "Y"
    assert assessment.Week20 is False and assessment.exceptions_recorded == 0
    assert assessment.named_plan.StartDate == request.final_issued_on


def test_week20_flag_follows_the_final_plan_exceptions():
    request = issued_request(Sen2ChildFactory(), D(2025, 1, 10), final=200)
    plan_from_request(request)
    FinalPlanExceptionFactory(request=request)
    FinalPlanExceptionFactory(request=request, step="decision")  # another step's exception does not count
    assessment = _only_request()[1].assessment
    assert assessment.Week20 is True and assessment.exceptions_recorded == 1


def test_named_setting_with_urn_or_ukprn_or_setting_code():
    college = EstablishmentFactory(urn=None, ukprn=10012345)
    plan = plan_from_request(issued_request(Sen2ChildFactory(), D(2025, 1, 10)), named_establishment=college)
    PlacementFactory(plan=plan, entry_on=D(2025, 9, 1), sen_unit=True)
    detail = _only_request()[1].assessment.named_plan.details[0]
    assert (detail.URN, detail.UKPRN, detail.SENSetting, detail.SENunitIndicator) == (
        None,
        10012345,
        "",
        True,
    )


def test_plan_naming_no_school_reports_the_setting_code():
    plan = PlanFactory(named_establishment=None)
    PlacementFactory(plan=plan, establishment=None, setting_code=SettingCode.EHE, entry_on=D(2024, 9, 1))
    request = _only_request()[1]
    assert request.assessment.named_plan.details[0].SENSetting == "EHE"
    assert request.active_plan.placements[0].SENSetting == "EHE"


def test_plan_with_no_request_on_record_is_historic():
    plan = PlanFactory(issued_on=D(2018, 9, 1), transferred_in_on=D(2025, 3, 1), transferred_in_from_la="330")
    request = _only_request()[1]
    assert (request.request_id, request.RequestOutcome) == (None, "H")
    assert request.assessment.AssessmentOutcome == "H"
    assert request.assessment.named_plan.StartDate == plan.issued_on
    assert request.active_plan.TransferLA == "330"


def test_transfer_in_before_the_year_is_not_reported_as_a_transfer():
    PlanFactory(issued_on=D(2018, 9, 1), transferred_in_on=D(2024, 3, 1), transferred_in_from_la="330")
    assert _only_request()[1].active_plan.TransferLA == ""


def test_transferred_out_plan_ceases_with_reason_5():
    PlanFactory(
        status=PlanStatus.TRANSFERRED_OUT, transferred_out_on=D(2025, 8, 1), transferred_out_to_la="891"
    )
    named = _only_request()[1].assessment.named_plan
    assert (named.CeaseDate, named.CeaseReason) == (D(2025, 8, 1), 5)


def test_placements_in_the_year_with_dates_and_rank():
    plan = PlanFactory()
    PlacementFactory(plan=plan, entry_on=D(2020, 9, 1), leaving_on=D(2024, 12, 31))  # before the year: out
    first = PlacementFactory(plan=plan, entry_on=D(2025, 1, 2), leaving_on=D(2025, 7, 20))
    main = PlacementFactory(plan=plan, entry_on=D(2025, 9, 3), resourced_provision=True)
    dual = PlacementFactory(plan=plan, establishment=EstablishmentFactory(), entry_on=D(2025, 10, 1))
    PlacementFactory(plan=plan, entry_on=D(2026, 2, 1))  # after census day: out
    places = _only_request()[1].active_plan.placements
    assert [p.placement_id for p in places] == [first.pk, main.pk, dual.pk]
    assert [p.PlacementRank for p in places] == [1, 1, 2]
    assert places[0].LeavingDate == D(2025, 7, 20) and places[1].LeavingDate is None
    assert places[1].ResourcedProvisionIndicator is True


def test_no_place_is_reported_as_not_in_education():
    plan = PlanFactory()
    PlacementFactory(plan=plan, establishment=None, no_place_reason="awaiting_place", entry_on=D(2025, 6, 1))
    assert _only_request()[1].active_plan.placements[0].SENSetting == "NIEO"


def test_review_items_come_from_the_latest_review_in_the_year():
    plan = PlanFactory()
    ReviewFactory(
        plan=plan, meeting_on=D(2024, 5, 1), decision=ReviewDecision.MAINTAIN, decision_on=D(2024, 5, 20)
    )
    ReviewFactory(
        plan=plan, meeting_on=D(2025, 5, 12), decision=ReviewDecision.AMEND, decision_on=D(2025, 6, 2),
        amendment_notice_on=D(2025, 6, 2),
    )  # fmt: skip
    ReviewFactory(plan=plan, meeting_on=D(2025, 11, 1), status="cancelled")
    active = _only_request()[1].active_plan
    assert (active.ReviewMeeting, active.LastReview, active.ReviewOutcome) == (
        D(2025, 5, 12),
        D(2025, 6, 2),
        "A",
    )
    assert active.ReviewDraft == D(2025, 6, 2)
    assert active.last_meeting_before_census == D(2025, 5, 12)


def test_phase_transfer_in_the_year():
    plan = PlanFactory()
    PhaseTransferFactory(plan=plan, deadline=D(2025, 2, 15), named_on=D(2025, 2, 10))
    active = _only_request()[1].active_plan
    assert (active.PhaseTransferDueDate, active.PhaseTransferFinalDate) == (D(2025, 2, 15), D(2025, 2, 10))


def test_primary_need_is_rank_one():
    PlanFactory(primary_need="SEMH")
    needs = _only_request()[1].active_plan.needs
    assert [(n.SENtype, n.SENtypeRank) for n in needs] == [("SEMH", 1)]


def test_primary_need_is_the_one_recorded_on_census_day_not_a_later_amendments():
    plan = PlanFactory(primary_need="SEMH")  # what the plan says now, after an amendment
    for number, need, issued in ((1, "ASD", plan.issued_on), (2, "SEMH", CENSUS + dt.timedelta(days=30))):
        version = PlanVersion.objects.create(plan=plan, number=number, status="issued", issued_on=issued)
        CaseEvent.objects.create(
            child=plan.child,
            subject_type="planversion",
            subject_id=version.pk,
            kind=EventKind.PLAN_VERSION_ISSUED,
            occurred_on=issued,
            summary=f"Version {number} of the EHC plan issued",
            data={"primary_need": need},
        )
    needs = _only_request()[1].active_plan.needs
    assert [(n.SENtype, n.SENtypeRank) for n in needs] == [("ASD", 1)]
