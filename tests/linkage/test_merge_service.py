"""Merging a duplicate into the survivor moves everything, keeps a snapshot, writes events and audit
entries, hides the duplicate from lists, and can be undone while nothing depends on it."""

from __future__ import annotations

import pytest

from sendcase.caseload.models import Allocation
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditEntry
from sendcase.linkage.merging import children_merge, is_merged_away, merge_undo
from sendcase.linkage.models import CandidateStatus
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.people.selectors import child_search
from sendcase.plans.models import PlanStatus

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    survivor = f.child()
    duplicate = f.child(legal_first_name="Kate", upn="", nhs_number="")
    return survivor, duplicate


def test_merge_moves_everything_and_keeps_a_snapshot(pair, officer):
    survivor, duplicate = pair
    moved_plan = f.plan(duplicate)
    moved_placement = f.placement(duplicate, plan=moved_plan)
    moved_note = f.note(duplicate)
    moved_contact = f.contact(duplicate)
    moved_event = f.event(duplicate)
    moved_allocation = f.allocation(duplicate, officer=officer)
    user = f.data_officer()

    record = children_merge(acting_user=user, survivor=survivor, duplicate=duplicate, reason="Same child")

    for row in (moved_plan, moved_placement, moved_note, moved_contact, moved_event, moved_allocation):
        row.refresh_from_db()
        assert row.child_id == survivor.pk
    assert record.snapshot["moved"]["plans"] == [moved_plan.pk]
    assert record.snapshot["moved"]["events"] == [moved_event.pk]
    assert record.snapshot["duplicate"]["legal_first_name"] == "Kate"
    assert is_merged_away(duplicate.pk)
    kinds = set(CaseEvent.objects.filter(kind=EventKind.RECORDS_MERGED).values_list("child_id", flat=True))
    assert kinds == {survivor.pk, duplicate.pk}
    audit = AuditEntry.objects.filter(child_id=survivor.pk, summary__startswith="Merged duplicate record")
    assert audit.get().user == user


def test_merged_away_child_is_left_out_of_lists_but_found_by_reference(pair):
    survivor, duplicate = pair
    children_merge(acting_user=f.data_officer(), survivor=survivor, duplicate=duplicate)
    user = f.data_officer("reader")
    listed = set(child_search(user, "").values_list("pk", flat=True))
    assert survivor.pk in listed and duplicate.pk not in listed
    assert list(child_search(user, duplicate.reference)) == [duplicate]


def test_refused_when_both_records_have_a_plan_in_force(pair):
    survivor, duplicate = pair
    f.plan(survivor)
    f.plan(duplicate)
    with pytest.raises(ServiceError, match="Both records have an EHC plan in force"):
        children_merge(acting_user=f.data_officer(), survivor=survivor, duplicate=duplicate)
    assert not is_merged_away(duplicate.pk)


def test_allowed_when_only_one_plan_is_in_force(pair):
    survivor, duplicate = pair
    f.plan(survivor)
    ceased = f.plan(duplicate, status=PlanStatus.CEASED)
    children_merge(acting_user=f.data_officer(), survivor=survivor, duplicate=duplicate)
    ceased.refresh_from_db()
    assert ceased.child_id == survivor.pk


def test_refused_for_the_same_record_and_for_a_record_already_merged(pair):
    survivor, duplicate = pair
    user = f.data_officer()
    with pytest.raises(ServiceError, match="into itself"):
        children_merge(acting_user=user, survivor=survivor, duplicate=survivor)
    children_merge(acting_user=user, survivor=survivor, duplicate=duplicate)
    third = f.child(legal_first_name="Katie")
    with pytest.raises(ServiceError, match="already been merged"):
        children_merge(acting_user=user, survivor=duplicate, duplicate=third)


def test_case_officers_may_not_merge(pair, officer):
    survivor, duplicate = pair
    with pytest.raises(NotPermitted):
        children_merge(acting_user=officer, survivor=survivor, duplicate=duplicate)


def test_both_allocated_keeps_the_survivors_officer_and_undo_reopens_the_other(pair, officer, other_officer):
    survivor, duplicate = pair
    kept = f.allocation(survivor, officer=officer)
    ended = f.allocation(duplicate, officer=other_officer)
    user = f.data_officer()
    record = children_merge(acting_user=user, survivor=survivor, duplicate=duplicate)
    ended.refresh_from_db()
    assert ended.ended_at is not None and ended.child_id == survivor.pk
    assert Allocation.objects.get(child=survivor, ended_at__isnull=True) == kept

    merge_undo(acting_user=user, merged=record, reason="Twins after all")
    ended.refresh_from_db()
    assert ended.ended_at is None and ended.child_id == duplicate.pk
    assert Allocation.objects.get(child=survivor, ended_at__isnull=True) == kept


def test_undo_moves_everything_back_and_requeues_the_pair(pair):
    survivor, duplicate = pair
    note = f.note(duplicate)
    survivor_note = f.note(survivor, "Survivor's own note")
    candidate = f.candidate(survivor, duplicate)
    user = f.data_officer()
    record = children_merge(acting_user=user, survivor=survivor, duplicate=duplicate, candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED

    merge_undo(acting_user=user, merged=record, reason="Different children")
    note.refresh_from_db()
    survivor_note.refresh_from_db()
    record.refresh_from_db()
    candidate.refresh_from_db()
    assert note.child_id == duplicate.pk and survivor_note.child_id == survivor.pk
    assert record.undone_at is not None and record.undone_by == user
    assert not is_merged_away(duplicate.pk)
    assert candidate.status == CandidateStatus.PENDING
    assert CaseEvent.objects.filter(kind=EventKind.MERGE_UNDONE, child=duplicate).exists()
    assert AuditEntry.objects.filter(child_id=duplicate.pk, summary__startswith="Undid the merge").exists()


def test_undo_refused_once_the_survivor_is_merged_into_another_record(pair):
    survivor, duplicate = pair
    user = f.data_officer()
    first = children_merge(acting_user=user, survivor=survivor, duplicate=duplicate)
    third = f.child(legal_first_name="Kathy")
    children_merge(acting_user=user, survivor=third, duplicate=survivor)
    with pytest.raises(ServiceError, match="Undo that merge first"):
        merge_undo(acting_user=user, merged=first)


def test_undo_refused_when_a_moved_record_has_moved_on(pair):
    survivor, duplicate = pair
    note = f.note(duplicate)
    user = f.data_officer()
    record = children_merge(acting_user=user, survivor=survivor, duplicate=duplicate)
    elsewhere = f.child(legal_first_name="Someone", legal_last_name="Else")
    note.child = elsewhere
    note.save()
    with pytest.raises(ServiceError, match="can no longer be undone"):
        merge_undo(acting_user=user, merged=record)


def test_undo_twice_is_refused(pair):
    survivor, duplicate = pair
    user = f.data_officer()
    record = children_merge(acting_user=user, survivor=survivor, duplicate=duplicate)
    merge_undo(acting_user=user, merged=record)
    with pytest.raises(ServiceError, match="already been undone"):
        merge_undo(acting_user=user, merged=record)
