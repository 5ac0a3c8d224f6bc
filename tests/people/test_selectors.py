"""Who sees which children, and finding a child by what an officer types."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from sendcase.core.identifiers import make_nhs_number, make_upn
from sendcase.people.selectors import child_for_user, child_search, children_visible_to
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer", "manager", "read_only_user", "administrator", "service_account"])
def test_staff_and_service_accounts_see_every_child(request, who, child) -> None:
    user = request.getfixturevalue(who)
    assert list(children_visible_to(user)) == [child]
    assert child_for_user(user, child.pk) == child


def test_others_see_no_children(outsider, child) -> None:
    assert not children_visible_to(outsider).exists()
    with pytest.raises(Http404):
        child_for_user(outsider, child.pk)


def test_an_inactive_officer_sees_no_children(officer, child) -> None:
    officer.is_active = False
    officer.save()
    assert not children_visible_to(officer).exists()


@pytest.fixture
def children(db):
    return {
        "priya": ChildFactory(
            legal_first_name="Priya",
            legal_last_name="Synthwaite",
            preferred_name="Pip",
            date_of_birth=dt.date(2015, 3, 27),
            upn=make_upn(330, 2001, 19, 1),
            nhs_number=make_nhs_number(5),
        ),
        "tom": ChildFactory(
            legal_first_name="Tom", legal_last_name="Synthwaite", date_of_birth=dt.date(2013, 1, 2)
        ),
        "ada": ChildFactory(
            legal_first_name="Ada", legal_last_name="Kestrelmere", date_of_birth=dt.date(2015, 3, 27)
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["ada", "priya", "tom"]),
        ("synthwaite", ["priya", "tom"]),
        ("priya synth", ["priya"]),
        ("pip", ["priya"]),
        ("27/03/2015", ["ada", "priya"]),
        ("2/1/2013", ["tom"]),
        ("31/02/2015", []),
        ("nobody", []),
    ],
)
def test_child_search(officer, children, query, expected) -> None:
    found = child_search(officer, query)
    assert sorted(name for name, child in children.items() if child in found) == expected
    assert found.count() == len(expected)


def test_child_search_by_reference_upn_and_nhs_number(officer, children) -> None:
    priya = children["priya"]
    assert list(child_search(officer, priya.reference)) == [priya]
    assert list(child_search(officer, priya.reference.lower())) == [priya]
    assert list(child_search(officer, priya.upn.lower())) == [priya]
    nhs = priya.nhs_number
    assert list(child_search(officer, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}")) == [priya]


def test_child_search_finds_nothing_for_someone_who_may_not_see_children(outsider, children) -> None:
    assert not child_search(outsider, "").exists()
    assert not child_search(outsider, "Synthwaite").exists()
