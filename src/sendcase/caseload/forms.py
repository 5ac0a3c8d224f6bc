"""Forms for allocating cases and for filtering worklists and caseloads."""

from __future__ import annotations

from django import forms

from sendcase.assessments.models import OPEN_STATUSES, RequestStatus
from sendcase.core.models import User

from .models import Allocation, Team
from .selectors import CaseCounts, allocatable_officers, caseload_counts

# Open stages in the order a case moves through them, for the worklist filter.
OPEN_STAGE_CHOICES = [(s.value, s.label) for s in RequestStatus if s in OPEN_STATUSES]


class OfficerChoiceField(forms.ModelChoiceField):
    """Lists each officer with their team and caseload, so a manager can balance work when choosing."""

    # Every officer's counts from one grouped query the first time a label is needed (not per officer,
    # and not at all when a valid POST redirects without drawing the list).
    counts: dict[int, CaseCounts] | None = None

    def label_from_instance(self, obj: User) -> str:
        if self.counts is None:
            self.counts = caseload_counts()
        membership = getattr(obj, "membership", None)
        team = f" ({membership.team.name})" if membership is not None else ""
        held = self.counts.get(obj.pk, CaseCounts())
        open_cases, total = held.open, held.total
        return (
            f"{obj.display_name}{team}: {open_cases} open case{'s' if open_cases != 1 else ''}, "
            f"{total} allocated"
        )


class AllocateForm(forms.Form):
    officer = OfficerChoiceField(
        queryset=User.objects.none(),
        label="Officer",
        empty_label="Choose an officer",
        error_messages={
            "required": "Select the officer to allocate the case to",
            "invalid_choice": "Select an officer from the list",
        },
    )
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the case history and the audit log.",
        error_messages={"max_length": "Reason must be 300 characters or fewer"},
    )

    def __init__(self, *args, current: Allocation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        officers = allocatable_officers()
        if current is not None:
            # The officer holding the case now is not a choice: "reallocate to the same person" is a no-op.
            officers = officers.exclude(pk=current.officer_id)
            self.fields["reason"].required = True
            self.fields["reason"].label = "Why is the case being reallocated?"
            self.fields["reason"].error_messages["required"] = "Enter why the case is being reallocated"
        self.fields["officer"].queryset = officers


class WorklistFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "All stages"), *OPEN_STAGE_CHOICES]
    )


class TeamFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team", required=False, queryset=Team.objects.order_by("name"), empty_label="All teams"
    )
