"""Giving a family online access: the officer invites a contact, records how the relationship was
verified, the person accepts; the link exists only once both have happened. An officer can end it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import Role, User
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.portal.family import access
from sendcase.portal.models import FamilyInvitation, FamilyLink, FamilyRole, VerificationMethod

from ..factories import ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long family password 42"


def _invite(officer_client, child, contact, method=VerificationMethod.SEEN_IN_PERSON):
    url = reverse("portal:family_staff_access", kwargs={"pk": child.pk})
    with_capture = officer_client.post(
        url,
        {
            "contact": str(contact.pk),
            "email": "Mum@Example.org",
            "verification_method": method,
            "verification_notes": "Passport and birth certificate seen",
        },
    )
    assert with_capture.status_code == 302, with_capture.content.decode()
    return FamilyInvitation.objects.get(child=child)


def _token_from_email() -> str:
    body = mail.outbox[-1].body
    return re.search(r"/portal/account/invitation/([^/]+)/", body).group(1)


def test_verified_invitation_links_on_acceptance(
    officer_client, officer, child, client, django_capture_on_commit_callbacks
):
    contact = ContactFactory(child=child)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(officer_client, child, contact)
    assert invitation.email == "mum@example.org" and invitation.verified_by == officer
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mum@example.org"]
    token = _token_from_email()
    assert invitation.token_hash != token  # only the hash is stored
    assert not FamilyLink.objects.exists()

    response = client.post(
        reverse("portal:account_accept_invitation", kwargs={"token": token}),
        {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:account_set_up")
    user = User.objects.get(username="mum@example.org")
    assert user.role == Role.FAMILY and user.check_password(PASSWORD)
    link = FamilyLink.objects.get(user=user, child=child)
    assert link.verified_by == officer and link.contact == contact
    assert "Passport" in link.verification_notes
    event = CaseEvent.objects.get(child=child, kind=EventKind.FAMILY_LINKED)
    assert not event.visible_to_family and "Passport" in event.reason
    # The link works once.
    again = client.get(reverse("portal:account_accept_invitation", kwargs={"token": token}))
    assert again.status_code == 404


def test_unverified_invitation_links_only_after_verification(
    officer_client, officer, child, client, django_capture_on_commit_callbacks
):
    contact = ContactFactory(child=child)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(officer_client, child, contact, VerificationMethod.NOT_YET)
    client.post(
        reverse("portal:account_accept_invitation", kwargs={"token": _token_from_email()}),
        {"password1": PASSWORD, "password2": PASSWORD},
    )
    user = User.objects.get(username="mum@example.org")
    assert not FamilyLink.objects.filter(user=user).exists()
    response = officer_client.post(
        reverse("portal:family_staff_verify", kwargs={"pk": invitation.pk}),
        {"verification_method": VerificationMethod.RECORDS, "verification_notes": "Court order on file"},
    )
    assert response.status_code == 302
    assert FamilyLink.objects.get(user=user, child=child).verified_by == officer


def test_young_person_can_act_for_themselves_only_when_recorded(officer, child):
    with pytest.raises(ServiceError):
        access.family_invitation_create(
            acting_user=officer,
            child=child,
            email="yp@example.org",
            first_name="Sam",
            last_name="Young",
            acts_as=FamilyRole.YOUNG_PERSON,
            verification_method=VerificationMethod.SEEN_IN_PERSON,
        )
    adult = ChildFactory(acts_for_self=True)
    invitation, _token = access.family_invitation_create(
        acting_user=officer,
        child=adult,
        email="yp@example.org",
        first_name="Sam",
        last_name="Young",
        acts_as=FamilyRole.YOUNG_PERSON,
        verification_method=VerificationMethod.SEEN_IN_PERSON,
    )
    assert invitation.acts_as == FamilyRole.YOUNG_PERSON


def test_only_editors_invite(read_only_user, child):
    with pytest.raises(NotPermitted):
        access.family_invitation_create(
            acting_user=read_only_user,
            child=child,
            email="x@example.org",
            first_name="A",
            last_name="B",
            acts_as=FamilyRole.PARENT_CARER,
            verification_method=VerificationMethod.SEEN_IN_PERSON,
        )


def test_read_only_staff_see_but_cannot_invite(read_only_client, child):
    url = reverse("portal:family_staff_access", kwargs={"pk": child.pk})
    assert read_only_client.get(url).status_code == 200
    assert read_only_client.post(url, {}).status_code == 403


def test_officer_ends_a_link(officer_client, link, parent_client, child):
    response = officer_client.post(
        reverse("portal:family_staff_end_link", kwargs={"pk": link.pk}), {"reason": "Court order"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None
    event = CaseEvent.objects.get(child=child, kind=EventKind.FAMILY_LINK_ENDED)
    assert not event.visible_to_family
    assert parent_client.get(reverse("portal:family_child", kwargs={"pk": child.pk})).status_code == 404


def test_end_link_needs_a_reason(officer_client, link):
    response = officer_client.post(reverse("portal:family_staff_end_link", kwargs={"pk": link.pk}), {})
    assert "Enter why online access is ending" in response.content.decode()


def test_child_record_links_to_online_access(officer_client, child):
    page = officer_client.get(reverse("people:child_detail", kwargs={"pk": child.pk})).content.decode()
    assert reverse("portal:family_staff_access", kwargs={"pk": child.pk}) in page
