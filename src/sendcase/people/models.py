"""The child's record: the child or young person, their contacts, and the record's history,
documents and notes.

CaseEvent is the case's history: every statutory step writes one in the same transaction as the change.
It is the family's timeline, the audit of decisions, and the source performance figures are computed from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendcase.core.models import TrackedModel
from sendcase.settings_data.codes import Ethnicity, Sex
from sendcase.settings_data.models import Locality


class Child(TrackedModel):
    legal_first_name = models.CharField(max_length=100)
    legal_middle_names = models.CharField(max_length=100, blank=True)
    legal_last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    uln = models.CharField("ULN", max_length=10, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.SET_NULL)
    first_language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    acts_for_self = models.BooleanField(
        default=False, help_text="A young person (16 or over) who makes decisions for themselves."
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["legal_last_name", "legal_first_name"]),
            models.Index(fields=["date_of_birth"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def legal_name(self) -> str:
        names = [self.legal_first_name, self.legal_middle_names, self.legal_last_name]
        return " ".join(n for n in names if n)

    @property
    def reference(self) -> str:
        return f"SC{self.pk:07d}" if self.pk else ""


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer"
    GRANDPARENT = "grandparent", "Grandparent"
    SOCIAL_WORKER = "social_worker", "Social worker"
    ADVOCATE = "advocate", "Advocate"
    OTHER = "other", "Other"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"


class Contact(TrackedModel):
    """A parent, carer or other person connected with a child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    communication_needs = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    is_main_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_main_contact", "last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_relationship_display()})"


class CaseEvent(models.Model):
    """One thing that happened on a child's case: a state change, a step recorded, a decision.

    `occurred_on` is the date the thing happened (which the statutory clock counts from);
    `recorded_at` is when it was entered. Events are never edited: a correction is a new event.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="events")
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    kind = models.CharField(max_length=60)
    old_state = models.CharField(max_length=40, blank=True)
    new_state = models.CharField(max_length=40, blank=True)
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    summary = models.CharField(max_length=300)
    visible_to_family = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["child", "occurred_on"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["kind", "occurred_on"]),
            # The performance indicators read one kind of event for one kind of record as at a date
            # (review meetings held, reviews cancelled, refusals to assess): this index answers them
            # without reading the events table itself.
            models.Index(
                fields=["kind", "subject_type", "subject_id", "occurred_on"],
                name="caseevent_kind_subject_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind}"


class DocumentKind(models.TextChoices):
    REQUEST = "request", "Request for assessment"
    EVIDENCE = "evidence", "Evidence"
    ADVICE = "advice", "Advice"
    DECISION_LETTER = "decision_letter", "Decision letter"
    DRAFT_PLAN = "draft_plan", "Draft plan"
    FINAL_PLAN = "final_plan", "Final plan"
    CORRESPONDENCE = "correspondence", "Correspondence"
    OTHER = "other", "Other"


def document_path(instance: Document, filename: str) -> str:
    # Stored under the child's number with a random name: the original name is kept in the record,
    # never used on disk, so a file name cannot be used to guess another child's documents.
    import uuid
    from pathlib import Path

    return f"children/{instance.child_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Document(TrackedModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    subject_type = models.CharField(max_length=40, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    visible_to_family = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Note(TrackedModel):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:50]
