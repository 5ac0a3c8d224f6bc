"""Forms for the advice givers' portal, and the officer's form to send a request to an advice service."""

from __future__ import annotations

from django import forms

from sendcase.core.forms import GovukDateField

from ..forms_common import document_field
from ..models import AdviserService


class AdviceSubmitForm(forms.Form):
    title = forms.CharField(
        label="Title of the advice",
        max_length=200,
        error_messages={"required": "Enter a title for the advice"},
    )
    uploaded_file = document_field("Upload the advice")


class MissedAppointmentForm(forms.Form):
    missed_on = GovukDateField(
        label="Date of the missed appointment",
        allow_future=False,
        error_messages={"required": "Enter the date of the missed appointment"},
    )
    notes = forms.CharField(
        label="What happened, and the next appointment offered (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Advice service",
        queryset=AdviserService.objects.none(),
        empty_label="Select a service",
        error_messages={
            "required": "Select the advice service",
            "invalid_choice": "Select the advice service",
        },
    )

    def __init__(self, *args, adviser_type: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        services = AdviserService.objects.order_by("name")
        # Offer only services of the kind of advice asked for, when there are any.
        if adviser_type and services.filter(adviser_type=adviser_type).exists():
            services = services.filter(adviser_type=adviser_type)
        self.fields["service"].queryset = services
