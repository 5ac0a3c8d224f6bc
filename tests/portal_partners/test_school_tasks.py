"""The school's home page: its tasks with their due dates, overdue first and marked; only its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from sendcase import statutory
from sendcase.assessments.models import AdviserType
from sendcase.plans.models import AnnualReview, ReviewStatus
from sendcase.portal.schools.selectors import school_tasks
from tests.plans_reviews.helpers import issued_plan

from .factories import DAY, advice_for, consultation_with, pupil_at, today

pytestmark = pytest.mark.django_db


def test_tasks_are_ordered_overdue_first_then_by_date(officer, school, senco):
    overdue = consultation_with(officer, school, sent_days_ago=20)  # 15-day date passed
    fresh = consultation_with(officer, school, sent_days_ago=1)
    pupil = pupil_at(school)
    advice = advice_for(officer, child=pupil, adviser_type=AdviserType.EDUCATION, requested_days_ago=5)

    tasks = school_tasks(senco, today())

    assert [t.kind for t in tasks] == ["consultation", "consultation", "advice"]
    assert tasks[0].child == overdue.request.child and tasks[0].overdue
    assert tasks[0].due == statutory.consultation_response_due(overdue.sent_on)
    assert tasks[1].child == fresh.request.child and not tasks[1].overdue
    assert tasks[2].due == statutory.advice_due(advice.requested_on)


def test_home_page_marks_overdue_tasks_and_shows_no_other_schools_work(
    officer, school, other_school, senco_client
):
    mine = consultation_with(officer, school, sent_days_ago=20)
    theirs = consultation_with(officer, other_school, sent_days_ago=2)

    page = senco_client.get(reverse("portal:school_home")).content.decode()

    assert escape(mine.request.child.full_name) in page
    assert escape(theirs.request.child.full_name) not in page
    assert "1 task overdue" in page
    assert "Overdue" in page


def test_education_advice_for_a_child_not_on_the_roll_is_not_a_task(officer, school, senco):
    advice_for(officer, adviser_type=AdviserType.EDUCATION)  # a child at no school of the SENCO's
    assert school_tasks(senco, today()) == []


def test_a_pupil_who_left_is_no_longer_on_the_roll(officer, school, senco):
    pupil = pupil_at(school)
    placement = pupil.placements.get()
    placement.leaving_on = today() - DAY
    placement.save()
    advice_for(officer, child=pupil, adviser_type=AdviserType.EDUCATION)

    assert school_tasks(senco, today()) == []


def test_annual_reviews_of_pupils_are_tasks(officer, school, senco):
    plan = issued_plan(officer, days_ago=700)
    from sendcase.plans.models import Placement

    Placement.objects.create(
        child=plan.child, establishment=school, entry_on=today() - dt.timedelta(days=500)
    )
    from sendcase.plans.services.reviews import review_open

    review = review_open(acting_user=officer, plan=plan)

    tasks = school_tasks(senco, today())

    assert [(t.kind, t.due) for t in tasks] == [("review", review.due_on)]
    assert AnnualReview.objects.get(pk=review.pk).status == ReviewStatus.DUE


def test_the_pupil_list_shows_only_the_schools_pupils_a_page_at_a_time(school, other_school, senco_client):
    from sendcase.portal.schools.views import PUPILS_PER_PAGE

    mine = [pupil_at(school, legal_last_name=f"Aardvark{n:03d}") for n in range(PUPILS_PER_PAGE + 1)]
    theirs = pupil_at(other_school, legal_last_name="Zebra")
    url = reverse("portal:school_pupils")

    first = senco_client.get(url).content.decode()
    second = senco_client.get(url + "?page=2").content.decode()

    assert f"Pupils on your roll ({PUPILS_PER_PAGE + 1})" in first
    assert escape(mine[0].full_name) in first and escape(mine[-1].full_name) not in first
    assert escape(mine[-1].full_name) in second
    assert escape(theirs.full_name) not in first + second
