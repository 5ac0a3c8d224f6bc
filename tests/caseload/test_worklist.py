"""The officer's worklist and the unallocated list: what is on them, in what order, and at what cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sendcase.assessments.models import RequestStatus
from sendcase.caseload.selectors import (
    WorklistRow,
    unallocated_cases,
    worklist_for_officer,
    worklist_summary,
)
from tests.factories import ChildFactory

from .conftest import AS_OF, allocate, days, make_request


def _names(rows: list[WorklistRow]) -> list[str]:
    return [row.child.legal_first_name for row in rows]


def _held_by(officer, *, first_name, **request_fields):
    request = make_request(first_name=first_name, **request_fields)
    allocate(request.child, officer)
    return request


def test_overdue_first_then_nearest_deadline_then_no_date(officer):
    _held_by(officer, first_name="InTenDays", next_due=AS_OF + days(10))
    _held_by(officer, first_name="NoDate", next_due=None)
    _held_by(officer, first_name="FiveLate", next_due=AS_OF - days(5))
    _held_by(officer, first_name="DueToday", next_due=AS_OF)
    _held_by(officer, first_name="OneLate", next_due=AS_OF - days(1))

    rows = worklist_for_officer(officer, as_of=AS_OF)

    assert _names(rows) == ["FiveLate", "OneLate", "DueToday", "InTenDays", "NoDate"]
    assert [row.days_left for row in rows] == [-5, -1, 0, 10, None]
    assert [row.tag for row in rows] == ["overdue", "overdue", "due", "due", ""]
    assert [row.is_overdue for row in rows] == [True, True, False, False, False]


def test_days_are_counted_from_the_date_asked_about(officer):
    _held_by(officer, first_name="Ada", next_due=AS_OF)
    [row] = worklist_for_officer(officer, as_of=AS_OF + days(3))
    assert row.days_left == -3
    [row] = worklist_for_officer(officer, as_of=AS_OF - days(4))
    assert row.days_left == 4


@pytest.mark.parametrize(
    "closed",
    [
        RequestStatus.FINAL_ISSUED,
        RequestStatus.WITHDRAWN,
        RequestStatus.NOT_ASSESSING,
        RequestStatus.NOT_ISSUING,
        RequestStatus.MOVED_OUT,
    ],
)
def test_closed_requests_are_not_on_the_worklist(officer, closed):
    _held_by(officer, first_name="Open", next_due=AS_OF + days(3))
    _held_by(officer, first_name="Closed", next_due=AS_OF - days(30), status=closed)
    assert _names(worklist_for_officer(officer, as_of=AS_OF)) == ["Open"]


def test_every_open_stage_is_on_the_worklist_with_its_display_name(officer):
    for status in (
        RequestStatus.RECEIVED,
        RequestStatus.ASSESSING,
        RequestStatus.ISSUE_DECIDED,
        RequestStatus.DRAFT_SERVED,
    ):
        _held_by(officer, first_name=status.value, status=status, next_due=AS_OF)
    rows = worklist_for_officer(officer, as_of=AS_OF)
    assert sorted(row.stage for row in rows) == sorted(
        ["Request received", "Assessing needs", "Writing the draft plan", "Draft plan with the family"]
    )


def test_only_the_officers_current_cases(officer, other_officer):
    mine = _held_by(officer, first_name="Mine", next_due=AS_OF)
    _held_by(other_officer, first_name="Theirs", next_due=AS_OF)
    moved = make_request(first_name="MovedOn", next_due=AS_OF)
    allocate(moved.child, officer, ended=True)
    allocate(moved.child, other_officer)

    rows = worklist_for_officer(officer, as_of=AS_OF)

    assert [row.request_pk for row in rows] == [mine.pk]
    assert sorted(_names(worklist_for_officer(other_officer, as_of=AS_OF))) == ["MovedOn", "Theirs"]


def test_a_child_with_two_open_requests_shows_both(officer):
    child = ChildFactory(legal_first_name="Twice")
    allocate(child, officer)
    make_request(child=child, next_due=AS_OF + days(1))
    make_request(child=child, next_due=AS_OF + days(2))
    assert [row.days_left for row in worklist_for_officer(officer, as_of=AS_OF)] == [1, 2]


def test_stage_filter(officer):
    _held_by(officer, first_name="Received", next_due=AS_OF)
    _held_by(officer, first_name="Assessing", status=RequestStatus.ASSESSING, next_due=AS_OF)
    rows = worklist_for_officer(officer, as_of=AS_OF, stage=RequestStatus.ASSESSING)
    assert _names(rows) == ["Assessing"]
    # A closed status is not a worklist stage: the filter is ignored rather than showing closed cases.
    assert len(worklist_for_officer(officer, as_of=AS_OF, stage=RequestStatus.WITHDRAWN)) == 2


def test_summary_counts(officer):
    _held_by(officer, first_name="Late", next_due=AS_OF - days(2))
    _held_by(officer, first_name="Soon", next_due=AS_OF + days(14))
    _held_by(officer, first_name="Later", next_due=AS_OF + days(15))
    _held_by(officer, first_name="Undated", next_due=None)
    summary = worklist_summary(worklist_for_officer(officer, as_of=AS_OF))
    assert summary == {"total": 4, "overdue": 1, "due_soon": 1, "no_date": 1}


@pytest.mark.parametrize("viewer", ["outsider", "service_account"])
def test_non_staff_see_nothing(request, officer, viewer):
    _held_by(officer, first_name="Hidden", next_due=AS_OF)
    make_request(first_name="Unheld", next_due=AS_OF)
    user = request.getfixturevalue(viewer)
    assert worklist_for_officer(officer, as_of=AS_OF, viewer=user) == []
    assert list(unallocated_cases(user)) == []


def test_unallocated_cases_are_open_and_unheld_most_urgent_first(officer, read_only_user):
    make_request(first_name="NeverHeld", next_due=AS_OF + days(5))
    make_request(first_name="UnheldUndated", next_due=None)
    released = make_request(first_name="Released", next_due=AS_OF - days(3))
    allocate(released.child, officer, ended=True)
    _held_by(officer, first_name="Held", next_due=AS_OF - days(10))
    make_request(first_name="ClosedUnheld", next_due=AS_OF - days(20), status=RequestStatus.WITHDRAWN)

    requests = list(unallocated_cases(read_only_user))

    assert [r.child.legal_first_name for r in requests] == ["Released", "NeverHeld", "UnheldUndated"]


def test_worklist_is_one_query_whatever_the_number_of_cases(officer, django_assert_num_queries):
    for n in range(40):
        _held_by(officer, first_name=f"Child{n}", next_due=AS_OF + days(n - 20), overdue_steps=n % 3)
    with django_assert_num_queries(1):
        rows = worklist_for_officer(officer, as_of=AS_OF)
        # Reading what the table shows must not go back to the database per row.
        shown = [(row.child.full_name, row.child.reference, row.stage, row.next_step) for row in rows]
    assert len(shown) == 40


def _worklist_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("caseload:worklist"))
    assert response.status_code == 200
    return len(captured)


def test_worklist_page_queries_do_not_grow_with_cases(officer, officer_client, django_assert_max_num_queries):
    today = timezone.localdate()
    for n in range(3):
        _held_by(officer, first_name=f"Few{n}", next_due=today + days(n))
        make_request(first_name=f"Unheld{n}", next_due=today + days(n))
    few = _worklist_queries(officer_client)

    for n in range(40):
        _held_by(officer, first_name=f"Many{n}", next_due=today + days(n - 20))
        make_request(first_name=f"MoreUnheld{n}", next_due=today + days(n))
    many = _worklist_queries(officer_client)

    assert many == few
    # Session, user, worklist, unallocated count and page; a little room for middleware.
    with django_assert_max_num_queries(6):
        officer_client.get(reverse("caseload:worklist"))
