"""Invitations to the family portal, and the views a family gives for section A of the plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendcase.core.models import TrackedModel
from sendcase.people.models import Child, Contact, Document

from ..models import FamilyRole


class VerificationMethod(models.TextChoices):
    SEEN_IN_PERSON = "in_person", "Met them and saw proof of identity and relationship"
    RECORDS = "records", "Checked against records we already hold (birth certificate, court order)"
    KNOWN_PHONE = "known_phone", "Confirmed by phone on a number we already hold"
    PROFESSIONAL = "professional", "Confirmed by a professional who knows the family"
    NOT_YET = "not_yet", "Not verified yet"


class FamilyInvitation(TrackedModel):
    """An emailed link that lets a parent, carer or young person create their account.

    The account sees the child only once an officer has verified the relationship: accepting an unverified
    invitation creates the account but no FamilyLink until the verification is recorded.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="family_invitations")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    acts_as = models.CharField(max_length=20, choices=FamilyRole.choices, default=FamilyRole.PARENT_CARER)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    verification_method = models.CharField(max_length=20, choices=VerificationMethod.choices)
    verification_notes = models.CharField(max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.email} for {self.child}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class FamilyViews(TrackedModel):
    """What the child and family said about the child's views, interests and aspirations (section A)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="family_views")
    about_me = models.TextField(blank=True)
    what_matters = models.TextField(blank=True)
    hopes = models.TextField(blank=True)
    how_to_support = models.TextField(blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name_plural = "family views"

    def __str__(self) -> str:
        return f"Views given for {self.child} on {self.given_on}"
