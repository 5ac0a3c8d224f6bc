"""Form pieces shared by every app: the GOV.UK date input and the sign-in form."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class GovukDateWidget(forms.MultiWidget):
    """Three boxes (day, month, year), as the GOV.UK date input pattern asks."""

    template_name = "components/widgets/date_input.html"

    def __init__(self, attrs: dict | None = None) -> None:
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)]
        super().__init__(widgets, attrs)

    def decompress(self, value: date | None) -> list:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with the GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, *, allow_future: bool = True, **kwargs) -> None:
        self.allow_future = allow_future
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        label = (self.label or "The date").lower() if self.label else "the date"
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{label.capitalize()} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{label.capitalize()} must be a real date")
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{label.capitalize()} must be a real date") from None
        if not self.allow_future:
            from django.utils import timezone

            if value > timezone.localdate():
                raise forms.ValidationError(f"{label.capitalize()} must be today or in the past")
        return value

    def clean(self, value):
        if self.required and (not value or not any(value)):
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return super().clean(value)


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


def error_title(form: forms.Form | None, title: str) -> str:
    """A page title that starts with "Error: " when the form on the page has errors (GOV.UK pattern)."""
    return f"Error: {title}" if form is not None and form.is_bound and form.errors else title
