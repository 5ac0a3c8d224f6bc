"""Form pieces the school and advice portals share: the document field."""

from __future__ import annotations

from django import forms

from sendcase.people.uploads import document_size_limit


def document_field(label: str, *, required: bool = True) -> forms.FileField:
    field = forms.FileField(
        label=label,
        required=required,
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
        widget=forms.FileInput(attrs={"accept": ".pdf,.doc,.docx,.jpg,.jpeg,.png"}),
    )
    field.help_text = f"A PDF, Word document, JPG or PNG, smaller than {document_size_limit()}"
    return field


def show_service_error(form: forms.Form, error) -> None:
    """Put a service's refusal against the field it names, or at the top of the form. The upload check
    names its field `file`: here that is the form's one file field."""
    field = error.field
    if field == "file":
        field = next((name for name, f in form.fields.items() if isinstance(f, forms.FileField)), None)
    form.add_error(field if field in form.fields else None, error.message)
