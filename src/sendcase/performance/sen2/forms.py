from __future__ import annotations

import datetime as dt

from django import forms

from sendcase.core.forms import GovukDateField

EARLIEST_CENSUS = dt.date(2015, 1, 1)  # EHC plans began in September 2014


class CensusDateForm(forms.Form):
    census_date = GovukDateField(
        label="Census date",
        help_text="The January census day, for example 15 1 2026. The return covers plans in force on that "
        "day and the activity of the calendar year before it.",
    )

    def clean_census_date(self) -> dt.date:
        value = self.cleaned_data["census_date"]
        if value < EARLIEST_CENSUS:
            raise forms.ValidationError("Census date must be in 2015 or later")
        return value
