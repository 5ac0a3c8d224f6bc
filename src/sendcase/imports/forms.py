"""Forms for the import pages (GOV.UK components through {% govuk_field %})."""

from __future__ import annotations

from django import forms

from .kinds import DatasetKind, spreadsheet_choices
from .parsing import CODE_SETS
from .reading import MAX_BYTES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is in the file?",
        widget=forms.RadioSelect,
        choices=spreadsheet_choices,
        error_messages={"required": "Select what is in the file"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text=f"A CSV file or an Excel workbook (.xlsx), smaller than {MAX_BYTES // (1024 * 1024)} MB",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )


class LegacyUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the export",
        help_text="A ZIP file holding the export's CSV files (people.csv, requests.csv and so on)",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )


class SheetForm(forms.Form):
    def __init__(self, *args, sheets: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sheet"] = forms.ChoiceField(
            label="Which sheet has the data?",
            widget=forms.RadioSelect,
            choices=[(s, s) for s in sheets],
            error_messages={"required": "Select a sheet"},
        )


class ColumnsForm(forms.Form):
    """One select per column of the file: which field it holds, or not imported."""

    def __init__(
        self, *args, kind: DatasetKind, headings: list[str], samples: list[list[str]], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Do not import this column")] + [
            (f.name, f"{f.label}{' (required)' if f.required else ''}") for f in kind.fields
        ]
        for index, heading in enumerate(headings):
            example = ", ".join(s for s in samples[index] if s)[:80] if index < len(samples) else ""
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading,
                choices=choices,
                required=False,
                help_text=f"For example: {example}" if example else "Empty in the first rows",
            )


class CodeMappingForm(forms.Form):
    local_value = forms.CharField(
        label="Value used in your spreadsheets",
        max_length=100,
        error_messages={"required": "Enter the value used in your spreadsheets"},
    )

    def __init__(self, *args, code_set: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        code = CODE_SETS[code_set]
        self.fields["code"] = forms.ChoiceField(
            label=f"{code.label.capitalize()} code it means",
            choices=[("", "Choose a code")] + [(v, f"{v} – {label}") for v, label in code.choices.choices],
            error_messages={"required": f"Select the {code.label} code this value means"},
        )


class CodeSetForm(forms.Form):
    code_set = forms.ChoiceField(
        label="Code set",
        choices=[(name, f"{name} ({c.label})") for name, c in CODE_SETS.items()],
        error_messages={"required": "Select a code set"},
    )


class CorrectionForm(forms.Form):
    """The row's values, one text box per field, to correct and submit again."""

    def __init__(self, *args, kind: DatasetKind, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for spec in kind.fields:
            hint = {"date": "For example, 27/03/2015", "bool": "Yes or no"}.get(spec.type, "")
            if spec.type == "code":
                hint = f"A {spec.code_set} code or a value mapped to one"
            self.fields[spec.name] = forms.CharField(
                label=spec.label + ("" if spec.required else " (optional)"),
                required=False,
                max_length=300,
                help_text=hint,
            )

    def add_reasons(self, reasons: dict[str, list[str]]) -> None:
        for name, messages in reasons.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
