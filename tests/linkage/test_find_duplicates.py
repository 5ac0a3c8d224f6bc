"""Running the matcher over the children: certain duplicates merge automatically, possible ones wait for
review, decided pairs are not queued again, and `child_ids` narrows the run (as imports use it)."""

from __future__ import annotations

import pytest

from sendcase.core.errors import NotPermitted
from sendcase.linkage.merging import is_merged_away
from sendcase.linkage.models import CandidateStatus, MatchCandidate
from sendcase.linkage.runs import candidate_reject, find_duplicates, match_candidates_to_children

from . import factories as f

pytestmark = pytest.mark.django_db


def test_certain_duplicate_is_merged_into_the_older_record():
    older = f.child()
    newer = f.child(postcode="WS3 1AB")  # same UPN, NHS number, name and birthday
    run = find_duplicates()
    assert run.merged_automatically == 1
    assert is_merged_away(newer.pk) and not is_merged_away(older.pk)
    assert MatchCandidate.objects.get().status == CandidateStatus.MERGED


def test_only_the_newer_record_with_a_plan_survives():
    older = f.child()
    newer = f.child()
    f.plan(newer)
    find_duplicates()
    assert is_merged_away(older.pk) and not is_merged_away(newer.pk)


def test_possible_match_waits_for_review():
    a = f.child()
    b = f.child(legal_first_name="Kate", upn="", nhs_number="", legal_last_name="Okafro")
    run = find_duplicates()
    assert run.merged_automatically == 0 and run.queued_for_review == 1
    pair = MatchCandidate.objects.get()
    assert (pair.child_a, pair.child_b, pair.status) == (a, b, CandidateStatus.PENDING)
    assert pair.comparison["first_name"]["level"]


def test_certain_match_refused_by_the_merge_stays_in_the_queue():
    a = f.child()
    b = f.child()
    f.plan(a)
    f.plan(b)
    run = find_duplicates()
    assert run.merged_automatically == 0 and run.not_merged == 1
    assert MatchCandidate.objects.get().status == CandidateStatus.PENDING


def test_a_pair_decided_as_different_is_never_queued_again():
    f.child()
    f.child(legal_first_name="Kate", upn="", nhs_number="")
    find_duplicates()
    pair = MatchCandidate.objects.get()
    candidate_reject(acting_user=f.data_officer(), candidate=pair, expected_version=pair.version)
    run = find_duplicates()
    assert run.queued_for_review == 0
    assert MatchCandidate.objects.get().status == CandidateStatus.NOT_A_MATCH


def test_child_ids_limit_the_pairs_to_those_children():
    f.child()
    f.child(legal_first_name="Kate", upn="", nhs_number="")
    other = f.child(legal_first_name="Bartholomew", legal_last_name="Zed", upn="", nhs_number="", sex="M")
    run = find_duplicates([other.pk])
    assert run.queued_for_review == 0 and not MatchCandidate.objects.exists()


def test_case_officers_may_not_run_it(officer):
    with pytest.raises(NotPermitted):
        find_duplicates(acting_user=officer)


def test_imported_rows_are_scored_against_children():
    existing = f.child()
    rows = [
        {
            "record_id": "row-2",
            "legal_first_name": "Kate",
            "legal_last_name": "Okafor",
            "date_of_birth": "2015-03-07",
            "postcode": "B23 6QT",
        },
        {
            "record_id": "row-3",
            "legal_first_name": "Zed",
            "legal_last_name": "Nobody",
            "date_of_birth": "2001-01-01",
        },
    ]
    found = match_candidates_to_children(rows)
    assert [(m["record_id"], m["child_id"]) for m in found] == [("row-2", existing.pk)]
    assert found[0]["match_probability"] > 0.95
