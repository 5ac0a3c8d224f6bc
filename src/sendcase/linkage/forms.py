"""Forms for the review queue: deciding a possible match, and undoing a merge."""

from __future__ import annotations

from django import forms

from sendcase.people.models import Child


class DecisionForm(forms.Form):
    """ "Same child - merge" (keeping the chosen record) or "Not the same child"; the button pressed is
    the decision, so the survivor is only required for a merge."""

    survivor = forms.TypedChoiceField(
        label="Which record should be kept?",
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        help_text="Everything recorded against the other record moves to this one.",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why you decided: kept with the decision and in the audit log.",
        error_messages={"max_length": "Notes must be 500 characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, children: tuple[Child, Child], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (c.pk, f"{c.reference}: {c.legal_name}, born {c.date_of_birth:%-d %B %Y}") for c in children
        ]

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "merge" and not data.get("survivor"):
            self.add_error("survivor", "Select the record to keep")
        return data


class UndoForm(forms.Form):
    reason = forms.CharField(
        label="Why are you undoing this merge?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are undoing this merge",
            "max_length": "Reason must be 500 characters or fewer",
        },
    )
