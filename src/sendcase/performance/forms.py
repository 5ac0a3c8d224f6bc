"""The month and breakdown choosers on the dashboards (GET forms: every choice is a plain link-able URL)."""

from __future__ import annotations

import datetime as dt

from django import forms

from .indicators.base import BREAKDOWN_LABELS


def month_choices(months: list[dt.date]) -> list[tuple[str, str]]:
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in sorted(months, reverse=True)]


def parse_month(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except (TypeError, ValueError):
        return None


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label="Month", error_messages={"invalid_choice": "Select a month from the list"}
    )

    def __init__(self, *args, months: list[dt.date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = month_choices(months)


class IndicatorForm(PeriodForm):
    breakdown = forms.ChoiceField(
        label="Break down by",
        required=False,
        error_messages={"invalid_choice": "Select a breakdown from the list"},
    )

    def __init__(self, *args, breakdowns: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["breakdown"].choices = [("", "No breakdown")] + [
            (b, BREAKDOWN_LABELS[b]) for b in breakdowns
        ]


class TargetForm(forms.Form):
    """An indicator's target, checked for shape here; the service decides whether it may be set."""

    target = forms.DecimalField(
        label="Target",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="Leave blank for no target (then no red, amber or green is shown).",
        error_messages={"invalid": "Enter the target as a number, like 65 or 12.5"},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    amber_within = forms.DecimalField(
        label="Amber margin",
        max_digits=14,
        decimal_places=2,
        help_text="How far on the wrong side of the target a figure may be and still be amber, in the "
        "indicator's unit (0 for none).",
        error_messages={
            "required": "Enter the amber margin (0 for none)",
            "invalid": "Enter the amber margin as a number, like 5",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    applies_from = forms.ChoiceField(
        label="Applies from",
        help_text="The first month whose figures are measured against this target. Earlier months keep "
        "the target they had, so past months' RAG and board packs do not change.",
        error_messages={
            "required": "Select the month the target applies from",
            "invalid_choice": "Select a month from the list",
        },
    )
    reason = forms.CharField(
        label="Why is the target being set or changed?",
        help_text="For example, the board's decision and the date it was made.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the target is being set or changed"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, months: list[dt.date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applies_from"].choices = month_choices(months)

    def clean_applies_from(self) -> dt.date | None:
        return parse_month(self.cleaned_data["applies_from"])
