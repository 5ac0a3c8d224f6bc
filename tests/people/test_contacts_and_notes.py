"""contact_add, contact_update and note_add."""

from __future__ import annotations

import pytest

from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Contact, Note
from sendcase.people.services import NOTE_MAX_CHARS, contact_add, contact_update, note_add
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _contact(**extra) -> dict:
    return {"first_name": "Sam", "last_name": "Testparent", "relationship": "parent", **extra}


def test_contact_add_saves_audits_and_records_an_internal_event(officer, child) -> None:
    contact = contact_add(
        acting_user=officer, child=child, data=_contact(email="sam@example.org", postcode="b1 1aa")
    )

    assert (contact.child, contact.email, contact.postcode, contact.created_by) == (
        child,
        "sam@example.org",
        "B1 1AA",
        officer,
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert (entry.object_type, entry.child_id) == ("people.Contact", child.pk)
    event = CaseEvent.objects.get(kind=EventKind.CONTACT_ADDED)
    assert (event.child, event.subject_id, event.visible_to_family) == (child, contact.pk, False)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter the contact's first name"),
        ({"relationship": ""}, "relationship", "Select the contact's relationship to the child"),
        ({"relationship": "uncle"}, "relationship", "Select the contact's relationship to the child"),
        (
            {"email": "not-an-email"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"postcode": "B1"}, "postcode", "Enter a real postcode, like B1 1AA"),
        (
            {"favourite_colour": "blue"},
            "favourite_colour",
            "These details cannot be set here: favourite_colour.",
        ),
    ],
)
def test_contact_add_refuses_bad_details(officer, child, extra, field, message) -> None:
    with pytest.raises(ServiceError) as refused:
        contact_add(acting_user=officer, child=child, data=_contact(**extra))
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not Contact.objects.exists()


def test_a_new_main_contact_replaces_the_old_one(officer, child) -> None:
    old = ContactFactory(child=child, is_main_contact=True)
    other_childs = ContactFactory(is_main_contact=True)
    new = contact_add(acting_user=officer, child=child, data=_contact(is_main_contact=True))

    old.refresh_from_db()
    other_childs.refresh_from_db()
    assert (old.is_main_contact, new.is_main_contact, other_childs.is_main_contact) == (False, True, True)


def test_contact_update_saves_changes_with_audit_and_event(officer, child) -> None:
    contact = ContactFactory(child=child, phone="")
    updated = contact_update(acting_user=officer, contact=contact, data={"phone": "0121 000 0000"})

    assert Contact.objects.get(pk=contact.pk).phone == "0121 000 0000"
    assert updated.updated_by == officer
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert "phone" in entry.summary and entry.child_id == child.pk
    event = CaseEvent.objects.get(kind=EventKind.CONTACT_UPDATED)
    assert event.data == {"fields": ["phone"]}


def test_contact_update_without_changes_writes_nothing(officer, child) -> None:
    contact = ContactFactory(child=child)
    contact_update(acting_user=officer, contact=contact, data={"first_name": contact.first_name})
    assert not AuditEntry.objects.exists()
    assert not CaseEvent.objects.exists()


def test_contact_update_refuses_an_empty_name(officer, child) -> None:
    contact = ContactFactory(child=child)
    with pytest.raises(ServiceError) as refused:
        contact_update(acting_user=officer, contact=contact, data={"last_name": " "})
    assert refused.value.field == "last_name"


def test_note_add_saves_audits_and_keeps_the_note_off_the_family_timeline(officer, child) -> None:
    note = note_add(acting_user=officer, child=child, text="  Spoke to the school's SENCo.  ")

    assert (note.text, note.child, note.created_by) == ("Spoke to the school's SENCo.", child, officer)
    assert AuditEntry.objects.get(action=AuditAction.CREATE).object_type == "people.Note"
    event = CaseEvent.objects.get(kind=EventKind.NOTE_ADDED)
    assert (event.subject_id, event.visible_to_family) == (note.pk, False)


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Enter the note"), ("x" * (NOTE_MAX_CHARS + 1), "The note must be 10,000 characters or fewer")],
)
def test_note_add_refuses_empty_or_overlong_notes(officer, child, text, message) -> None:
    with pytest.raises(ServiceError) as refused:
        note_add(acting_user=officer, child=child, text=text)
    assert (refused.value.field, refused.value.message) == ("text", message)
    assert not Note.objects.exists()


@pytest.mark.parametrize("who", ["read_only_user", "outsider"])
def test_contact_and_note_services_refuse_users_who_may_not_edit(request, who, child) -> None:
    user = request.getfixturevalue(who)
    contact = ContactFactory(child=child)
    with pytest.raises(NotPermitted):
        contact_add(acting_user=user, child=child, data=_contact())
    with pytest.raises(NotPermitted):
        contact_update(acting_user=user, contact=contact, data={"phone": "1"})
    with pytest.raises(NotPermitted):
        note_add(acting_user=user, child=child, text="Hello")
    assert Contact.objects.count() == 1
    assert not Note.objects.exists()
    assert not AuditEntry.objects.exists()
