"""Forms for the review, cessation, phase transfer, placement and bulk scheduling steps. Field names
match the service functions' arguments, so a service's refusal (ServiceError.field) is shown against the
right field."""

from __future__ import annotations

from django import forms

from sendcase.core.forms import GovukDateField
from sendcase.plans.models import CeaseReason, NoPlaceReason, ReviewDecision, SettingCode, TransferPhase
from sendcase.plans.services.cessation import AppealOutcome
from sendcase.settings_data.models import Establishment


def _date(label: str, *, future: bool = False, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label,
        allow_future=future,
        required=required,
        help_text=help_text,
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
    )


def _establishments():
    return Establishment.objects.filter(is_open=True).order_by("name")


def _reason(label: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}"},
    )


class VersionedForm(forms.Form):
    """Carries the review's lock_version, to refuse a stale submission."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewOpenForm(forms.Form):
    is_phase_transfer = forms.BooleanField(label="This review is a phase transfer review", required=False)


class ReviewScheduleForm(VersionedForm):
    meeting_on = _date(
        "Date of the meeting", future=True, help_text="At least 2 weeks after the notice (Regs 20(3)-(4))."
    )
    notice_sent_on = _date("Date notice of the meeting was sent")
    advice_circulated_on = _date(
        "Date advice was circulated (optional)",
        required=False,
        help_text="Advice must be circulated at least 2 weeks before the meeting.",
    )
    invitees = _reason("Who has been invited")


class ReviewHeldForm(VersionedForm):
    held_on = _date("Date the meeting was held")


class ReviewReportForm(VersionedForm):
    received_on = _date("Date the review report was received")


class ReviewDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="What did the council decide?",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    decided_on = _date("Date of the decision")
    reason = _reason("Reasons", required=False)
    cease_reason = forms.TypedChoiceField(
        label="If ceasing, why (SEN2 reason)",
        choices=[("", "Not ceasing")] + list(CeaseReason.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )


class AmendmentNoticeForm(VersionedForm):
    sent_on = _date(
        "Date the proposed amendments were sent",
        help_text="The family then has 15 days, counting the day they are sent, to comment.",
    )


class AmendedPlanForm(VersionedForm):
    issued_on = _date("Date the amended plan was issued")


class ReviewCancelForm(forms.Form):
    reason = _reason("Why is the review being cancelled")


class BulkScheduleForm(forms.Form):
    notice_sent_on = _date("Date notice of the meetings was sent")
    first_date = _date("Date of the first meeting", future=True)
    per_day = forms.IntegerField(
        label="Meetings each day",
        min_value=1,
        max_value=20,
        error_messages={"required": "Enter how many meetings can be held each day"},
    )
    invitees = _reason("Who has been invited to each meeting")


# --- cessation -------------------------------------------------------------------------------------


class CessationProposeForm(forms.Form):
    reason = forms.TypedChoiceField(
        label="Why would the plan cease?",
        choices=CeaseReason.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan would cease"},
    )
    consultation_started_on = _date(
        "Date consultation started",
        help_text="If the child or young person has died, enter the date the death was confirmed.",
    )
    notes = _reason("Notes (optional)", required=False)


class CessationDecideForm(forms.Form):
    decided_on = _date("Date of the decision to cease")
    notice_sent_on = _date(
        "Date the decision was sent to the family",
        required=False,
        help_text="Leave blank only if the child or young person has died.",
    )


class AppealLodgedForm(forms.Form):
    lodged_on = _date("Date the appeal was lodged")


class AppealConcludedForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the Tribunal decide?",
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the appeal"},
    )
    concluded_on = _date("Date of the Tribunal's decision")


class CessationCompleteForm(forms.Form):
    ceased_on = _date("Date the plan ceased")


class CessationWithdrawForm(forms.Form):
    withdrawn_on = _date("Date of withdrawal")
    reason = _reason("Why is the proposal withdrawn")


# --- transfers -------------------------------------------------------------------------------------


class PhaseTransferForm(forms.Form):
    transfer = forms.ChoiceField(
        label="Which phase transfer?",
        choices=TransferPhase.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the phase transfer"},
    )
    transfer_year = forms.IntegerField(
        label="Year of the move (optional)",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="Leave blank to use the child's normal year group.",
    )
    moves_on = _date("Date of the move (post-16 to post-16 only)", future=True, required=False)


class NameSchoolForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="School or college named",
        queryset=_establishments(),
        error_messages={"required": "Select the school or college"},
    )
    named_on = _date("Date it was named")


class TransferOutForm(forms.Form):
    to_la = forms.CharField(
        label="Code of the new authority",
        max_length=3,
        help_text="The three-digit local authority code, for example 330.",
        error_messages={"required": "Enter the authority's three-digit code, like 330"},
    )
    transferred_on = _date("Date of the transfer")


# --- placements ------------------------------------------------------------------------------------


class PlacementStartForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="School or setting", queryset=_establishments(), required=False
    )
    setting_code = forms.ChoiceField(
        label="Or, where there is no URN or UKPRN, the setting code",
        choices=[("", "None")] + list(SettingCode.choices),
        required=False,
    )
    entry_on = _date("Date the placement started")
    sen_unit = forms.BooleanField(label="In a SEN unit", required=False)
    resourced_provision = forms.BooleanField(label="In resourced provision", required=False)
    notes = forms.CharField(label="Notes (optional)", max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = _establishments()


class PlacementEndForm(forms.Form):
    leaving_on = _date("Date the placement ended")


class NoPlaceForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is there no place?",
        choices=NoPlaceReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why there is no place"},
    )
    from_on = _date("Date from which there was no place")
    notes = forms.CharField(label="Notes (optional)", max_length=300, required=False)


class TransferInForm(forms.Form):
    from_la = forms.CharField(
        label="Local authority the plan came from (three-digit code)",
        max_length=3,
        help_text="The old three-digit local authority code, for example 331.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter the code of the local authority the plan came from"},
    )
    received_on = _date("Date the plan was transferred to this council")
    issued_on = _date("Date the other council made the plan")
    last_review_on = _date("Date of the last annual review (if there has been one)", required=False)
