"""The audit log records who did what, and nobody can change or delete an entry."""

import pytest
from django.db import DatabaseError, connection, transaction

from sendcase.core.audit import audit_record, audit_view
from sendcase.core.models import AuditAction, AuditEntry, ImmutableRecordError


@pytest.mark.django_db
def test_a_view_of_a_child_is_recorded_against_the_child(officer, child):
    entry = audit_view(user=officer, obj=child, summary="Record page")
    assert entry.child_id == child.pk
    assert entry.username == "officer"
    assert entry.object_type == "people.Child"
    assert entry.action == AuditAction.VIEW


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_model(officer):
    entry = audit_record(user=officer, action=AuditAction.UPDATE, summary="x")
    entry.summary = "rewritten"
    with pytest.raises(ImmutableRecordError):
        entry.save()
    with pytest.raises(ImmutableRecordError):
        entry.delete()


@pytest.mark.django_db
def test_the_database_refuses_bulk_rewrites_of_the_log_on_postgresql(officer):
    """PostgreSQL (production) refuses UPDATE and DELETE with a trigger. SQLite, for demos only, has no
    trigger (test isolation deletes rows there), so there the model's own refusal is the only guard."""
    audit_record(user=officer, action=AuditAction.UPDATE, summary="x")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.update(summary="rewritten")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
        assert AuditEntry.objects.filter(summary="x").count() == 1
    else:
        assert AuditEntry.objects.update(summary="rewritten") == 1


@pytest.mark.django_db
def test_only_administrators_can_read_the_log(officer_client, admin_client_, officer):
    audit_record(user=officer, action=AuditAction.UPDATE, summary="Changed something")
    assert officer_client.get("/audit/").status_code == 403
    response = admin_client_.get("/audit/?username=officer")
    assert response.status_code == 200
    assert b"Changed something" in response.content
