"""Giving a family online access: the officer's invitation, the verification of the relationship, the
family accepting, and ending a link.

A FamilyLink (which is what lets an account see a child) is made only when both have happened: the
officer has recorded how the relationship was verified, and the person has accepted the invitation.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sendcase.core.audit import audit_record
from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError
from sendcase.core.models import AuditAction, Role, User
from sendcase.core.service_checks import actor, require_editor, today
from sendcase.people.events import EventKind, case_event_record
from sendcase.people.models import Child, Contact

from ..models import FamilyLink, FamilyRole
from .models import FamilyInvitation, VerificationMethod

INVITATION_DAYS = 14


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str, base_url: str = "") -> str:
    return base_url.rstrip("/") + reverse("portal:account_accept_invitation", kwargs={"token": token})


def _send_invitation(invitation: FamilyInvitation, token: str, base_url: str) -> None:
    context = {
        "invitation": invitation,
        "url": invitation_url(token, base_url),
        "days": INVITATION_DAYS,
        "service_name": settings.SERVICE_NAME,
        "authority_name": settings.AUTHORITY_NAME,
    }
    send_mail(
        subject=f"Online access to {invitation.child.full_name}'s SEND case – {settings.AUTHORITY_NAME}",
        message=render_to_string("portal/auth/invitation_email.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def family_invitation_create(
    *,
    acting_user: User,
    child: Child,
    email: str,
    first_name: str,
    last_name: str,
    acts_as: str,
    verification_method: str,
    verification_notes: str = "",
    contact: Contact | None = None,
    base_url: str = "",
) -> tuple[FamilyInvitation, str]:
    """Invite someone to see the child's case online; email them a link valid for 14 days.

    Returns the invitation and the token (the link's secret, stored only as a hash)."""
    require_editor(acting_user)
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise ServiceError(
            "Enter an email address in the correct format, like name@example.com", field="email"
        )
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise ServiceError("Enter their first name and last name", field="first_name")
    if acts_as not in FamilyRole.values:
        raise ServiceError("Select who this person is", field="acts_as")
    if acts_as == FamilyRole.YOUNG_PERSON and not child.acts_for_self:
        raise ServiceError(
            "Only a young person recorded as making decisions for themselves (16 or over) can act for "
            "themselves. Change their record first.",
            field="acts_as",
        )
    if verification_method not in VerificationMethod.values:
        raise ServiceError(
            "Select how you checked who they are and their relationship", field="verification_method"
        )
    notes = (verification_notes or "").strip()
    if len(notes) > 300:
        raise ServiceError("Notes must be 300 characters or fewer", field="verification_notes")
    if contact is not None and contact.child_id != child.pk:
        raise ServiceError("Select one of this child's contacts", field="contact")
    existing = get_user_model().objects.filter(username=email).first()
    if existing is not None and existing.role != Role.FAMILY:
        raise ServiceError("This email address belongs to a staff or partner account", field="email")
    if (
        existing is not None
        and FamilyLink.objects.filter(user=existing, child=child, ended_at__isnull=True).exists()
    ):
        raise ServiceError("This person already has online access to this child's case", field="email")
    token = secrets.token_urlsafe(32)
    verified = verification_method != VerificationMethod.NOT_YET
    invitation = FamilyInvitation.objects.create(
        child=child,
        contact=contact,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        acts_as=acts_as,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        verification_method=verification_method,
        verification_notes=notes,
        verified_by=actor(acting_user) if verified else None,
        verified_at=timezone.now() if verified else None,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    audit_record(
        user=acting_user,
        action=AuditAction.CREATE,
        obj=invitation,
        summary=f"Invited {email} to see the case online ({invitation.get_verification_method_display()})",
    )
    # Sent after the commit, so an email never goes out for an invitation that was rolled back.
    transaction.on_commit(lambda: _send_invitation(invitation, token, base_url))
    return invitation, token


def _link_create(*, officer: User, invitation: FamilyInvitation) -> FamilyLink:
    try:
        with transaction.atomic():
            link = FamilyLink.objects.create(
                user=invitation.user,
                child=invitation.child,
                contact=invitation.contact,
                acts_as=invitation.acts_as,
                verified_by=invitation.verified_by or officer,
                verified_at=invitation.verified_at or timezone.now(),
                verification_notes=(
                    f"{invitation.get_verification_method_display()}. {invitation.verification_notes}"
                ).strip()[:300],
                created_by=actor(officer),
            )
    except IntegrityError:
        raise ServiceError("This person already has online access to this child's case") from None
    who = "The young person" if link.acts_as == FamilyRole.YOUNG_PERSON else invitation.user.display_name
    case_event_record(
        actor=invitation.verified_by,
        child=invitation.child,
        subject=link,
        kind=EventKind.FAMILY_LINKED,
        occurred_on=today(),
        summary=f"{who} can now see the case online",
        reason=link.verification_notes,
        # Staff only: the event carries how the relationship was verified.
        visible_to_family=False,
    )
    audit_record(user=invitation.verified_by, action=AuditAction.CREATE, obj=link, summary="Family link made")
    return link


@transaction.atomic
def family_invitation_verify(
    *, acting_user: User, invitation: FamilyInvitation, verification_method: str, verification_notes: str = ""
) -> FamilyLink | None:
    """Record that the relationship has now been verified; link the account if it has been accepted."""
    require_editor(acting_user)
    invitation = (
        FamilyInvitation.objects.select_for_update(of=("self",))
        .select_related("child", "user")
        .get(pk=invitation.pk)
    )
    if invitation.cancelled_at is not None:
        raise InvalidTransition("This invitation has been cancelled.")
    if invitation.is_verified:
        raise InvalidTransition("This relationship has already been verified.")
    if (
        verification_method not in VerificationMethod.values
        or verification_method == VerificationMethod.NOT_YET
    ):
        raise ServiceError(
            "Select how you checked who they are and their relationship", field="verification_method"
        )
    invitation.verification_method = verification_method
    invitation.verification_notes = (verification_notes or "").strip()[:300]
    invitation.verified_by = acting_user
    invitation.verified_at = timezone.now()
    invitation.updated_by = actor(acting_user)
    invitation.save()
    audit_record(user=acting_user, action=AuditAction.UPDATE, obj=invitation, summary="Relationship verified")
    if invitation.user_id is not None:
        return _link_create(officer=acting_user, invitation=invitation)
    return None


def invitation_for_token(token: str) -> FamilyInvitation | None:
    """The invitation a link is for, if still usable; None for a wrong, used, expired or cancelled one."""
    invitation = (
        FamilyInvitation.objects.select_related("child")
        .filter(token_hash=token_hash(token or ""), accepted_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at < timezone.now():
        return None
    return invitation


def _accept(invitation: FamilyInvitation, user: User) -> None:
    invitation.user = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["user", "accepted_at", "updated_at"])
    audit_record(user=user, action=AuditAction.UPDATE, obj=invitation, summary="Invitation accepted")
    if invitation.is_verified:
        _link_create(officer=invitation.verified_by, invitation=invitation)


def _new_family_user(invitation: FamilyInvitation, password: str | None) -> User:
    user = get_user_model().objects.create_user(
        username=invitation.email,
        email=invitation.email,
        password=password,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        role=Role.FAMILY,
    )
    audit_record(
        user=user, action=AuditAction.CREATE, obj=user, summary="Family account created (invitation)"
    )
    return user


@transaction.atomic
def family_invitation_accept(*, token: str, password: str) -> User:
    """Create the family account from an invitation (or attach an existing one whose password is given),
    and link it to the child if the officer has verified the relationship."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ServiceError("This link has expired or has already been used. Ask the SEND team for a new one.")
    invitation = FamilyInvitation.objects.select_for_update().select_related("child").get(pk=invitation.pk)
    user = get_user_model().objects.filter(username=invitation.email).first()
    if user is None:
        user = _new_family_user(invitation, password)
    elif user.role != Role.FAMILY or not user.check_password(password):
        raise ServiceError("Enter the password of your existing account", field="password1")
    _accept(invitation, user)
    return user


@transaction.atomic
def family_invitations_accept_by_email(*, email: str) -> User | None:
    """For GOV.UK One Login: a verified email address accepts every open invitation sent to it. Creates
    the account (with no password: it signs in through One Login) if there is none yet."""
    email = (email or "").strip().lower()
    open_ = list(
        FamilyInvitation.objects.select_for_update()
        .select_related("child")
        .filter(
            email=email, accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gte=timezone.now()
        )
    )
    user = get_user_model().objects.filter(username=email).first()
    if user is not None and user.role != Role.FAMILY:
        return None
    if not open_:
        return user
    if user is None:
        user = _new_family_user(open_[0], None)
    for invitation in open_:
        _accept(invitation, user)
    return user


@transaction.atomic
def family_invitation_cancel(*, acting_user: User, invitation: FamilyInvitation) -> FamilyInvitation:
    require_editor(acting_user)
    invitation = FamilyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.cancelled_at is not None:
        raise InvalidTransition("This invitation can no longer be cancelled.")
    invitation.cancelled_at = timezone.now()
    invitation.updated_by = actor(acting_user)
    invitation.save(update_fields=["cancelled_at", "updated_by", "updated_at"])
    audit_record(user=acting_user, action=AuditAction.UPDATE, obj=invitation, summary="Invitation cancelled")
    return invitation


@transaction.atomic
def family_link_end(*, acting_user: User, link: FamilyLink, reason: str) -> FamilyLink:
    """Stop an account seeing the child (a young person now acting for themselves, a court order, ...)."""
    require_editor(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Enter why online access is ending", field="reason")
    link = FamilyLink.objects.select_for_update().select_related("child", "user").get(pk=link.pk)
    if link.ended_at is not None:
        raise InvalidTransition("This person's online access has already ended.")
    link.ended_at = timezone.now()
    link.updated_by = actor(acting_user)
    link.save(update_fields=["ended_at", "updated_by", "updated_at"])
    case_event_record(
        actor=acting_user,
        child=link.child,
        subject=link,
        kind=EventKind.FAMILY_LINK_ENDED,
        occurred_on=today(),
        summary=f"{link.user.display_name} can no longer see the case online",
        reason=reason[:1000],
        visible_to_family=False,
    )
    audit_record(user=acting_user, action=AuditAction.UPDATE, obj=link, summary="Family link ended")
    return link


def require_linked(user: User, child: Child) -> None:
    """For the family's own writes: refuse anyone not currently linked to the child."""
    from sendcase.core import permissions

    if not permissions.is_linked_family(user, child.pk):
        raise NotPermitted()
