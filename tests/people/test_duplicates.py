"""Possible duplicates: a new child with the same date of birth and a similar name, or the same UPN, as
one already recorded is stopped until the officer confirms it is a different child."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.core.identifiers import make_upn
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.people.selectors import name_key, names_match, possible_duplicates
from sendcase.people.services import PossibleDuplicate, child_create
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2015, 3, 27)


def _new(first: str, last: str, born: dt.date = BORN, **extra) -> dict:
    return {"legal_first_name": first, "legal_last_name": last, "date_of_birth": born, **extra}


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        (("Priya", "Synthwaite"), ("Priya", "Synthwaite")),  # the same
        (("Priya", "Synthwaite"), ("PRIYA", "synthwaite")),  # case
        (("Zoë", "O'Brien-Smith"), ("Zoe", "OBrien Smith")),  # accents and punctuation
        (("Mohammed", "Quillfield"), ("Muhammad", "Quillfield")),  # same last name, same first initial
        (("Aisha", "Tansywick"), ("Tansywick", "Aisha")),  # first and last swapped
    ],
)
def test_similar_names_with_the_same_birthday_are_possible_duplicates(officer, existing, typed) -> None:
    first = ChildFactory(legal_first_name=existing[0], legal_last_name=existing[1], date_of_birth=BORN)

    with pytest.raises(PossibleDuplicate) as stopped:
        child_create(acting_user=officer, data=_new(*typed))

    assert stopped.value.matches == [first]
    assert stopped.value.code == "possible_duplicate"
    assert Child.objects.count() == 1


def test_the_preferred_name_counts_as_a_first_name(officer) -> None:
    first = ChildFactory(
        legal_first_name="Katherine", preferred_name="Betty", legal_last_name="Yarrow", date_of_birth=BORN
    )
    with pytest.raises(PossibleDuplicate) as stopped:
        child_create(acting_user=officer, data=_new("Bethany", "Yarrow"))
    assert stopped.value.matches == [first]


def test_the_same_upn_is_a_possible_duplicate_whatever_the_name(officer) -> None:
    upn = make_upn(330, 2001, 19, 1)
    first = ChildFactory(
        legal_first_name="Other", legal_last_name="Person", upn=upn, date_of_birth=dt.date(2012, 1, 1)
    )
    with pytest.raises(PossibleDuplicate) as stopped:
        child_create(acting_user=officer, data=_new("Priya", "Synthwaite", upn=upn.lower()))
    assert stopped.value.matches == [first]


@pytest.mark.parametrize(
    "typed",
    [
        _new("Priya", "Synthwaite", born=dt.date(2015, 3, 28)),  # a different birthday
        _new("Priya", "Sorrelcombe"),  # a different last name
        _new("Anika", "Synthwaite"),  # a different first initial (twins, say)
    ],
)
def test_different_children_are_not_stopped(officer, typed) -> None:
    ChildFactory(legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=BORN)
    child_create(acting_user=officer, data=typed)
    assert Child.objects.count() == 2


def test_a_confirmed_different_child_is_created_and_the_matches_are_kept_for_review(officer) -> None:
    first = ChildFactory(legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=BORN)

    second = child_create(acting_user=officer, data=_new("Priya", "Synthwaite"), confirmed_not_duplicate=True)

    assert Child.objects.count() == 2
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, child_id=second.pk)
    assert first.reference in entry.summary
    event = CaseEvent.objects.get(child=second, kind=EventKind.CHILD_CREATED)
    assert event.data == {"confirmed_not_duplicate_of": [first.pk]}


def test_possible_duplicates_lists_every_match_once_and_can_exclude_a_record(officer) -> None:
    upn = make_upn(330, 2001, 19, 7)
    by_name = ChildFactory(
        legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=BORN, upn=upn
    )
    by_upn = ChildFactory(
        legal_first_name="Zed", legal_last_name="Other", date_of_birth=dt.date(2011, 5, 5), upn=upn
    )
    ChildFactory(legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=dt.date(2016, 1, 1))

    found = possible_duplicates(
        officer, first_name="Priya", last_name="Synthwaite", date_of_birth=BORN, upn=upn
    )
    assert sorted(c.pk for c in found) == sorted([by_name.pk, by_upn.pk])

    found = possible_duplicates(
        officer,
        first_name="Priya",
        last_name="Synthwaite",
        date_of_birth=BORN,
        upn=upn,
        exclude_pk=by_name.pk,
    )
    assert found == [by_upn]


def test_possible_duplicates_shows_nothing_to_someone_who_may_not_see_children(outsider) -> None:
    ChildFactory(legal_first_name="Priya", legal_last_name="Synthwaite", date_of_birth=BORN)
    assert possible_duplicates(outsider, first_name="Priya", last_name="Synthwaite", date_of_birth=BORN) == []


def test_name_key_ignores_accents_case_and_punctuation() -> None:
    assert name_key("Zoë O'Brien-Smith") == name_key("zoe obrien smith") == "zoeobriensmith"
    assert name_key("") == ""


def test_names_match_rules() -> None:
    assert names_match("Priya", "Synthwaite", "P.", "SYNTHWAITE")
    assert names_match("Aisha", "Tansywick", "Tansywick", "Aisha")
    assert not names_match("Priya", "Synthwaite", "Anika", "Synthwaite")
    assert not names_match("Aisha", "Tansywick", "Tansywick", "Amira")  # only half swapped
    assert not names_match("", "", "", "")
