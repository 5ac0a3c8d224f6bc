"""The manager's view: caseload per officer against the threshold, unallocated cases, overdue by team."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sendcase.assessments.models import RequestStatus
from sendcase.caseload.selectors import caseloads, overdue_by_team
from tests.factories import ChildFactory

from .conftest import AS_OF, allocate, days, make_request


def _load_for(loads, user):
    [load] = [c for c in loads if c.officer == user]
    return load


def _give_cases(officer, *, open_children: int, closed_children: int = 0) -> None:
    for _ in range(open_children):
        allocate(make_request(next_due=AS_OF).child, officer)
    for _ in range(closed_children):
        allocate(make_request(status=RequestStatus.FINAL_ISSUED).child, officer)


# --- caseloads -------------------------------------------------------------------------------------


def test_open_and_total_caseload_count_children_not_requests(manager, officer, settings):
    settings.CASELOAD_THRESHOLD = 60
    twice = ChildFactory()
    make_request(child=twice, next_due=AS_OF)
    make_request(child=twice, next_due=AS_OF + days(9))
    allocate(twice, officer)
    _give_cases(officer, open_children=1, closed_children=1)
    allocate(make_request(next_due=AS_OF).child, officer, ended=True)  # no longer theirs
    allocate(ChildFactory(), officer)  # allocated, no request at all

    load = _load_for(caseloads(manager), officer)

    assert (load.open_cases, load.total_cases) == (2, 4)


def test_threshold_comes_from_the_team_or_the_service_default(
    manager, officer, team, south_officer, settings
):
    settings.CASELOAD_THRESHOLD = 3
    team.caseload_threshold = 2
    team.save()
    _give_cases(officer, open_children=3)
    _give_cases(south_officer, open_children=3)

    loads = caseloads(manager)
    north, south = _load_for(loads, officer), _load_for(loads, south_officer)

    assert (north.threshold, north.over_threshold, north.headroom) == (2, True, -1)
    # At the threshold is full, not over it.
    assert (south.threshold, south.over_threshold, south.headroom) == (3, False, 0)


def test_closed_cases_do_not_push_an_officer_over(manager, officer, team):
    team.caseload_threshold = 1
    team.save()
    _give_cases(officer, open_children=1, closed_children=5)
    load = _load_for(caseloads(manager), officer)
    assert load.total_cases == 6
    assert load.over_threshold is False


def test_officers_with_no_cases_are_listed_and_non_holders_are_not(manager, officer, head_of_service):
    loads = caseloads(manager)
    assert _load_for(loads, officer).open_cases == 0
    assert head_of_service not in [c.officer for c in loads]


def test_a_switched_off_officer_still_holding_cases_is_listed(manager, officer):
    _give_cases(officer, open_children=2)
    officer.is_active = False
    officer.save()
    assert _load_for(caseloads(manager), officer).open_cases == 2


def test_team_filter(manager, officer, south_officer, team, south_team):
    assert officer in [c.officer for c in caseloads(manager, team=team)]
    assert [c.officer for c in caseloads(manager, team=south_team)] == [south_officer]


def test_caseloads_is_two_queries(manager, officer, other_officer, south_officer, django_assert_num_queries):
    for user in (officer, other_officer, south_officer):
        _give_cases(user, open_children=4, closed_children=2)
    with django_assert_num_queries(2):
        loads = caseloads(manager)
        [(c.officer.display_name, c.team and c.team.name) for c in loads]
    assert len(loads) == 4  # three officers and the team manager


def test_non_staff_get_no_caseloads(outsider, officer):
    _give_cases(officer, open_children=1)
    assert caseloads(outsider) == []
    assert overdue_by_team(outsider, as_of=AS_OF) == []


# --- overdue by team -------------------------------------------------------------------------------


def test_overdue_by_team_counts_the_team_holding_the_case_now(manager, officer, south_officer):
    allocate(make_request(next_due=AS_OF - days(1), overdue_steps=1).child, officer)
    allocate(make_request(next_due=AS_OF - days(9), overdue_steps=2).child, officer)
    allocate(make_request(next_due=AS_OF, overdue_steps=0).child, officer)  # due today: not overdue yet
    allocate(make_request(next_due=None).child, officer)
    allocate(
        make_request(next_due=AS_OF - days(40), overdue_steps=3, status=RequestStatus.WITHDRAWN).child,
        officer,
    )
    moved = make_request(next_due=AS_OF - days(2), overdue_steps=1).child
    allocate(moved, officer, ended=True)
    allocate(moved, south_officer)
    make_request(next_due=AS_OF - days(5), overdue_steps=2)  # nobody holds it

    rows = {row.team.name if row.team else None: row for row in overdue_by_team(manager, as_of=AS_OF)}

    north, south, unheld = rows["North team"], rows["South team"], rows[None]
    assert (north.open_requests, north.overdue_requests, north.overdue_steps) == (4, 2, 3)
    assert (south.open_requests, south.overdue_requests, south.overdue_steps) == (1, 1, 1)
    assert (unheld.open_requests, unheld.overdue_requests, unheld.overdue_steps) == (1, 1, 2)


def test_teams_with_nothing_overdue_are_shown_with_zeros(manager, south_team):
    rows = overdue_by_team(manager, as_of=AS_OF)
    assert [(r.team.name if r.team else None, r.overdue_requests) for r in rows] == [
        ("North team", 0),
        ("South team", 0),
        (None, 0),
    ]


def test_overdue_by_team_is_two_queries(manager, officer, south_officer, django_assert_num_queries):
    for user in (officer, south_officer):
        for n in range(5):
            allocate(make_request(next_due=AS_OF - days(n), overdue_steps=1).child, user)
    with django_assert_num_queries(2):
        overdue_by_team(manager, as_of=AS_OF)


# --- the page --------------------------------------------------------------------------------------


def test_manager_page_shows_caseloads_unallocated_and_overdue(manager_client, officer, team):
    team.caseload_threshold = 1
    team.save()
    today = timezone.localdate()
    for _ in range(2):
        allocate(make_request(next_due=today).child, officer)
    unheld = make_request(first_name="Unheldchild", next_due=today - days(4), overdue_steps=1)

    response = manager_client.get(reverse("caseload:manager"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Caseload per officer" in html
    assert reverse("caseload:officer_worklist", args=[officer.pk]) in html
    assert "Over threshold" in html
    assert "1 officer is over their caseload threshold" in html
    assert "1 open case is not allocated to anyone" in html
    assert reverse("caseload:allocate", args=[unheld.child.pk]) in html
    assert reverse("assessments:case", args=[unheld.pk]) in html
    assert "4 days late" in html
    assert "Overdue steps by team" in html
    assert '<th scope="row" class="govuk-table__header">Not allocated</th>' in html


def test_manager_page_team_filter(manager_client, officer, south_officer, south_team):
    response = manager_client.get(reverse("caseload:manager"), {"team": south_team.pk})
    assert response.status_code == 200
    assert [c.officer for c in response.context["caseloads"]] == [south_officer]
    assert "Caseload per officer: South team" in response.content.decode()


def test_manager_page_ignores_an_unknown_team(manager_client, officer):
    response = manager_client.get(reverse("caseload:manager"), {"team": "999999"})
    assert response.status_code == 200
    assert officer in [c.officer for c in response.context["caseloads"]]


@pytest.mark.parametrize("cases", [2, 30])
def test_manager_page_queries_do_not_grow_with_cases(
    manager_client, officer, south_officer, cases, django_assert_max_num_queries
):
    today = timezone.localdate()
    for n in range(cases):
        allocate(make_request(next_due=today - days(n)).child, officer if n % 2 else south_officer)
        make_request(next_due=today + days(n))
    # Session and user, team choices, caseloads, overdue (two), unallocated count and page.
    with django_assert_max_num_queries(9):
        assert manager_client.get(reverse("caseload:manager")).status_code == 200
