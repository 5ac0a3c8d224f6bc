"""Who outside the authority may see which child, and what they ask us.

A portal user sees a child only through one of these links:
- a family member through a FamilyLink an officer has verified;
- school staff through a SchoolMembership of an establishment the child is on the roll of (a current
  placement), is consulted about, or was asked for advice about;
- an advice giver through an AdviceAssignment of a request for advice to their service.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendcase.assessments.models import AdviceRequest, AdviserType
from sendcase.core.models import TrackedModel
from sendcase.people.models import Child, Contact
from sendcase.settings_data.models import Establishment


class FamilyRole(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person (acting for themselves)"


class FamilyLink(TrackedModel):
    """A family account linked to a child after an officer verified the relationship."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="family_links")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    acts_as = models.CharField(max_length=20, choices=FamilyRole.choices, default=FamilyRole.PARENT_CARER)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField()
    verification_notes = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-verified_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "child"], condition=Q(ended_at__isnull=True), name="one_current_family_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} linked to {self.child}"


class SchoolPosition(models.TextChoices):
    SENCO = "senco", "SENCO"
    HEAD_TEACHER = "head_teacher", "Head teacher"
    OTHER = "other", "Other staff"


class SchoolMembership(TrackedModel):
    """A portal user who works at an establishment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="school_memberships"
    )
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="portal_staff")
    position = models.CharField(max_length=20, choices=SchoolPosition.choices, default=SchoolPosition.SENCO)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["establishment", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "establishment"],
                condition=Q(ended_at__isnull=True),
                name="one_current_school_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.establishment.name}"


class AdviserService(models.Model):
    """A team that gives advice: the educational psychology service, a health trust's team, and so on."""

    name = models.CharField(max_length=150, unique=True)
    adviser_type = models.CharField(max_length=30, choices=AdviserType.choices)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdviserMembership(TrackedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adviser_memberships"
    )
    service = models.ForeignKey(AdviserService, on_delete=models.PROTECT, related_name="members")
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "service"],
                condition=Q(ended_at__isnull=True),
                name="one_current_adviser_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.service}"


class AdviceAssignment(TrackedModel):
    """Which advice service (and, once someone takes it, which adviser) answers a request for advice."""

    advice_request = models.OneToOneField(AdviceRequest, on_delete=models.CASCADE, related_name="assignment")
    service = models.ForeignKey(AdviserService, on_delete=models.PROTECT, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.advice_request} to {self.service}"


class QuestionStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"


class Question(TrackedModel):
    """A question a family asks about their child's case, with the date we aim to answer it by."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=150)
    text = models.TextField()
    asked_on = models.DateField()
    respond_by = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["status", "respond_by"])]

    def __str__(self) -> str:
        return self.subject


# The family portal's and sign-in's own models live beside their code; imported here so Django finds them.
from .auth.models import OneLoginIdentity, RecoveryCode, TotpDevice  # noqa: E402,F401
from .family.models import FamilyInvitation, FamilyViews, VerificationMethod  # noqa: E402,F401
