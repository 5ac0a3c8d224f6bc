"""Filtering the data-quality pages by team and officer."""

from __future__ import annotations

from django import forms

from sendcase.caseload.models import Team
from sendcase.core.models import User


class OfficerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class ScopeForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"), required=False, empty_label="All teams", label="Team"
    )
    officer = OfficerField(
        queryset=User.objects.filter(allocations__isnull=False)
        .distinct()
        .order_by("last_name", "first_name"),
        required=False,
        empty_label="All officers",
        label="Officer",
    )
