"""Forms for each step of the assessment. Field names match the service functions' arguments, so a
service's refusal (ServiceError.field) is shown against the right field."""

from __future__ import annotations

from django import forms

from sendcase import statutory
from sendcase.core.forms import GovukDateField
from sendcase.settings_data.models import Establishment

from .models import AdviserType, ConsultationOutcome, RequestSource, Step

YES_NO = [("yes", "Yes"), ("no", "No")]


def _establishments():
    return Establishment.objects.filter(is_open=True).order_by("name")


class VersionedForm(forms.Form):
    """Carries the version of the case the person was looking at, to detect a stale submission."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RequestForm(forms.Form):
    received_on = GovukDateField(
        label="Date the request was received",
        allow_future=False,
        error_messages={"required": "Enter the date the request was received"},
    )
    source = forms.ChoiceField(
        label="Who made the request?",
        choices=RequestSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the request"},
    )
    requester_name = forms.CharField(
        label="Name of the person or organisation (optional)", required=False, max_length=200
    )
    summary = forms.CharField(
        label="Summary of the request (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssessmentDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Will the council carry out an EHC needs assessment?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the council will carry out an assessment"},
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        allow_future=False,
        error_messages={"required": "Enter the date of the decision"},
    )
    reason = forms.CharField(
        label="Reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required if the council will not assess. The letter to the family will include them.",
    )


class IssueDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Will the council issue an EHC plan?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the council will issue a plan"},
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        allow_future=False,
        error_messages={"required": "Enter the date of the decision"},
    )
    reason = forms.CharField(
        label="Reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required if the council will not issue a plan.",
    )


class AdviceRequestForm(forms.Form):
    adviser_type = forms.ChoiceField(
        label="Who is the advice from?",
        choices=AdviserType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the advice is from"},
    )
    adviser_name = forms.CharField(
        label="Name of the adviser or service (optional)", required=False, max_length=200
    )
    requested_on = GovukDateField(
        label="Date advice was requested",
        allow_future=False,
        error_messages={"required": "Enter the date advice was requested"},
    )


class AdviceReceiptForm(forms.Form):
    received_on = GovukDateField(
        label="Date the advice was received",
        allow_future=False,
        error_messages={"required": "Enter the date the advice was received"},
    )


class AdviceChaseForm(forms.Form):
    chased_on = GovukDateField(
        label="Date you chased the advice", allow_future=False, error_messages={"required": "Enter the date"}
    )


class AdviceExceptionForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why can the adviser not meet the 6-week limit?",
        choices=list(statutory.ADVICE_EXCEPTION_REASONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for the exception"},
    )
    recorded_on = GovukDateField(
        label="Date the exception applied from",
        allow_future=False,
        error_messages={"required": "Enter the date"},
    )
    notes = forms.CharField(label="Details (optional)", required=False, max_length=300)


class DraftServeForm(VersionedForm):
    served_on = GovukDateField(
        label="Date the draft plan was sent to the family",
        allow_future=False,
        error_messages={"required": "Enter the date the draft plan was sent"},
        help_text="The family's 15 days to comment start on this day.",
    )


class DraftResponseForm(forms.Form):
    received_on = GovukDateField(
        label="Date the family's response was received",
        allow_future=False,
        error_messages={"required": "Enter the date the response was received"},
    )
    preferred_establishment = forms.ModelChoiceField(
        label="School or setting the family asked for (optional)",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="None named",
    )
    preference_notes = forms.CharField(
        label="Notes about their preference (optional)", required=False, max_length=300
    )
    meeting_requested = forms.BooleanField(label="The family asked for a meeting", required=False)
    comments = forms.CharField(
        label="Summary of the family's comments (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_establishment"].queryset = _establishments()


class ConsultationForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="School or setting to consult",
        queryset=Establishment.objects.none(),
        empty_label="Select a school or setting",
        error_messages={"required": "Select the school or setting to consult"},
    )
    sent_on = GovukDateField(
        label="Date the consultation was sent",
        allow_future=False,
        error_messages={"required": "Enter the date"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = _establishments()


class ConsultationAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the school or setting say?",
        choices=ConsultationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the school or setting's answer"},
    )
    answered_on = GovukDateField(
        label="Date of the answer",
        allow_future=False,
        error_messages={"required": "Enter the date of the answer"},
    )
    notes = forms.CharField(
        label="Conditions or notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FinalPlanForm(VersionedForm):
    issued_on = GovukDateField(
        label="Date the final plan was issued",
        allow_future=False,
        error_messages={"required": "Enter the date the final plan was issued"},
    )
    named_establishment = forms.ModelChoiceField(
        label="School or setting named in the plan (section I)",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="Type of setting only (none named)",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["named_establishment"].queryset = _establishments()


class WithdrawForm(VersionedForm):
    withdrawn_on = GovukDateField(
        label="Date the request was withdrawn",
        allow_future=False,
        error_messages={"required": "Enter the date"},
    )
    reason = forms.CharField(
        label="Why was it withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the request was withdrawn"},
    )


class MoveOutForm(VersionedForm):
    moved_on = GovukDateField(
        label="Date the child or young person moved out of the area",
        allow_future=False,
        error_messages={"required": "Enter the date of the move"},
    )
    reason = forms.CharField(label="Where to, and notes (optional)", required=False, max_length=500)


class ExceptionForm(forms.Form):
    step = forms.ChoiceField(
        label="Which time limit does the exception apply to?",
        choices=Step.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which time limit the exception is to"},
    )
    reason = forms.ChoiceField(
        label="Reason",
        choices=list(statutory.EXCEPTION_REASONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for the exception"},
    )
    starts_on = GovukDateField(
        label="Date the exception started",
        allow_future=False,
        error_messages={"required": "Enter the date it started"},
    )
    ends_on = GovukDateField(label="Date the exception ended (if it has)", required=False)
    family_told_on = GovukDateField(
        label="Date the family was told (if they have been)", required=False, allow_future=False
    )
    notes = forms.CharField(label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3}))
