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
