"""child_create and child_update: what they save, what they refuse, and what they write to the audit
log and the case's history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from sendcase.core.errors import NotPermitted, ServiceError, StaleEdit
from sendcase.core.identifiers import UPN_MESSAGE
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people import services
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child
from sendcase.people.services import child_create, child_update
from tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db


def test_child_create_saves_the_child_with_identifiers_normalised(officer, child_data, new_upn) -> None:
    child = child_create(acting_user=officer, data=child_data)

    child.refresh_from_db()
    assert (child.legal_first_name, child.legal_last_name, child.date_of_birth) == (
        "Priya",
        "Synthwaite",
        dt.date(2015, 3, 27),
    )
    assert child.upn == new_upn  # typed in lower case
    assert child.nhs_number == "9990000026"  # typed with spaces
    assert child.postcode == "B1 1AA"
    assert child.version == 1
    assert child.created_by == officer and child.updated_by == officer


def test_child_create_writes_an_audit_entry_and_a_case_event(officer, child_data) -> None:
    child = child_create(acting_user=officer, data=child_data)

    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert (entry.user, entry.object_type, entry.object_id, entry.child_id) == (
        officer,
        "people.Child",
        str(child.pk),
        child.pk,
    )
    event = CaseEvent.objects.get(child=child)
    assert (event.kind, event.actor, event.occurred_on) == (
        EventKind.CHILD_CREATED,
        officer,
        timezone.localdate(),
    )
    assert (event.subject_type, event.subject_id) == ("child", child.pk)


def test_a_service_account_may_create_a_child(service_account, child_data) -> None:
    child = child_create(acting_user=service_account, data=child_data)
    assert child.created_by == service_account


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_first_name", "  ", "Enter the child's first name"),
        ("legal_last_name", "", "Enter the child's last name"),
        ("date_of_birth", None, "Enter the child's date of birth"),
        ("upn", "H801200001002", UPN_MESSAGE),
        ("postcode", "B1O 1AA", "Enter a real postcode, like B1 1AA"),
        ("nhs_number", "9990000027", "Enter a real NHS number. It has 10 numbers, like 999 000 0026"),
        (
            "uln",
            "1234567890",
            "Enter a real ULN. It has 10 numbers and does not start with 0, like 9276308686",
        ),
        ("sex", "X", "Select the child's sex"),
        ("ethnicity", "NOPE", "Select the child's ethnicity"),
    ],
)
def test_child_create_refuses_bad_details_naming_the_field(
    officer, child_data, field, value, message
) -> None:
    child_data[field] = value
    with pytest.raises(ServiceError) as refused:
        child_create(acting_user=officer, data=child_data)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not Child.objects.exists()
    assert not AuditEntry.objects.exists()


def test_child_create_refuses_a_date_of_birth_in_the_future(officer, child_data) -> None:
    child_data["date_of_birth"] = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        child_create(acting_user=officer, data=child_data)
    assert refused.value.field == "date_of_birth"
    assert refused.value.message == "Date of birth must be today or in the past"


def test_child_create_refuses_fields_it_does_not_set(officer, child_data) -> None:
    child_data["version"] = 7
    with pytest.raises(ServiceError) as refused:
        child_create(acting_user=officer, data=child_data)
    assert refused.value.field == "version"


@pytest.mark.parametrize("who", ["read_only_user", "outsider"])
def test_child_create_refuses_users_who_may_not_edit(request, who, child_data) -> None:
    with pytest.raises(NotPermitted):
        child_create(acting_user=request.getfixturevalue(who), data=child_data)
    assert not Child.objects.exists()
    assert not CaseEvent.objects.exists()


# --- updates -------------------------------------------------------------------------------------


def test_child_update_saves_changes_and_moves_the_version_on(officer, child) -> None:
    locality = LocalityFactory(name="East")
    updated = child_update(
        acting_user=officer,
        child=child,
        expected_version=1,
        data={"preferred_name": "Mira", "postcode": "b23 6sd", "locality": locality},
    )

    fresh = Child.objects.get(pk=child.pk)
    assert (fresh.preferred_name, fresh.postcode, fresh.locality, fresh.version) == (
        "Mira",
        "B23 6SD",
        locality,
        2,
    )
    assert fresh.updated_by == officer
    assert updated.version == 2 and child.version == 2


def test_child_update_audits_and_records_which_fields_changed(officer, child) -> None:
    child_update(
        acting_user=officer, child=child, expected_version=1, data={"preferred_name": "Mira", "town": "X"}
    )

    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.child_id == child.pk
    assert "preferred name" in entry.summary and "town" in entry.summary
    event = CaseEvent.objects.get(child=child, kind=EventKind.CHILD_UPDATED)
    assert event.data == {"fields": ["preferred_name", "town"]}


def test_an_update_that_changes_nothing_writes_nothing(officer, child) -> None:
    child_update(acting_user=officer, child=child, expected_version=1, data={"legal_first_name": "Amira"})
    assert Child.objects.get(pk=child.pk).version == 1
    assert not AuditEntry.objects.exists()
    assert not CaseEvent.objects.exists()


def test_a_stale_edit_is_refused_and_keeps_the_first_save(officer, other_officer, child) -> None:
    # Both officers opened the record at version 1; the first saves, then the second.
    child_update(acting_user=officer, child=child, expected_version=1, data={"preferred_name": "Mira"})
    stale_copy = Child.objects.get(pk=child.pk)
    with pytest.raises(StaleEdit) as refused:
        child_update(
            acting_user=other_officer, child=stale_copy, expected_version=1, data={"preferred_name": "Amy"}
        )

    assert "Someone else changed this record" in refused.value.message
    fresh = Child.objects.get(pk=child.pk)
    assert (fresh.preferred_name, fresh.version) == ("Mira", 2)
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 1
    assert CaseEvent.objects.filter(kind=EventKind.CHILD_UPDATED).count() == 1


def test_the_compare_and_set_refuses_a_save_that_lands_between_read_and_write(
    officer, child, monkeypatch
) -> None:
    """Someone saves after the service read the record but before it wrote: the UPDATE ... WHERE version
    finds no row at the expected version, so nothing is overwritten."""
    original = services._full_clean_child

    def someone_else_saves(candidate: Child) -> None:
        original(candidate)
        Child.objects.filter(pk=child.pk).update(preferred_name="Theirs", version=F("version") + 1)

    monkeypatch.setattr(services, "_full_clean_child", someone_else_saves)
    with pytest.raises(StaleEdit):
        child_update(acting_user=officer, child=child, expected_version=1, data={"preferred_name": "Mine"})

    # (The simulated save ran in this test's connection, so the refusal's rollback undoes it too; in
    # life it is another connection's committed write. Either way, "Mine" was never written.)
    assert Child.objects.get(pk=child.pk).preferred_name != "Mine"
    assert not AuditEntry.objects.exists()


def test_child_update_refuses_bad_details_and_changes_nothing(officer, child) -> None:
    with pytest.raises(ServiceError) as refused:
        child_update(acting_user=officer, child=child, expected_version=1, data={"postcode": "nonsense"})
    assert refused.value.field == "postcode"
    with pytest.raises(ServiceError) as refused:
        child_update(acting_user=officer, child=child, expected_version=1, data={"legal_last_name": ""})
    assert refused.value.field == "legal_last_name"
    assert Child.objects.get(pk=child.pk).version == 1


@pytest.mark.parametrize("who", ["read_only_user", "outsider"])
def test_child_update_refuses_users_who_may_not_edit(request, who, child) -> None:
    with pytest.raises(NotPermitted):
        child_update(
            acting_user=request.getfixturevalue(who),
            child=child,
            expected_version=1,
            data={"preferred_name": "X"},
        )
    assert Child.objects.get(pk=child.pk).preferred_name == ""
