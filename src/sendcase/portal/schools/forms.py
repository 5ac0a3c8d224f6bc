"""Forms for the school and setting portal. Field names match the portal services' arguments."""

from __future__ import annotations

from django import forms

from sendcase.assessments.models import ConsultationOutcome

from ..forms_common import document_field

OUTCOME_CHOICES = [
    (ConsultationOutcome.CAN_MEET, "Yes, the school can meet the child's needs"),
    (ConsultationOutcome.CAN_MEET_WITH_CONDITIONS, "Yes, with conditions"),
    (ConsultationOutcome.CANNOT_MEET, "No, the school cannot meet the child's needs"),
]


class ConsultationAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Can the school meet the child's needs?",
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the school can meet the child's needs"},
    )
    conditions = forms.CharField(
        label="Conditions, or why the school cannot meet the needs",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required if the school can meet the needs only with conditions, or cannot meet them.",
    )
    evidence = document_field("Evidence (optional)", required=False)


class AdviceForm(forms.Form):
    title = forms.CharField(label="Title of the advice", max_length=200, initial="Education advice")
    uploaded_file = document_field("Upload the advice")


class ReviewPaperworkForm(forms.Form):
    is_report = forms.TypedChoiceField(
        label="What are you sending?",
        choices=[("no", "Paperwork for the review (reports, advice, views)"), ("yes", "The review report")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are sending"},
    )
    title = forms.CharField(label="Title of the document", max_length=200)
    uploaded_file = document_field("Upload the document")


class AssessmentRequestForm(forms.Form):
    summary = forms.CharField(
        label="Why is the school asking for an EHC needs assessment?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Describe the pupil's needs, the support the school has given and what difference it made.",
        error_messages={"required": "Enter why the school is asking for an assessment"},
    )
    evidence = document_field("Evidence (for example the SEN support plan and its reviews)")
