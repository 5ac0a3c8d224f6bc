"""Forms for the child's record. They check what was typed and say what to fix, in GOV.UK style;
the services check again and do the writing, so the API and imports get the same rules."""

from __future__ import annotations

from collections.abc import Callable

from django import forms

from sendcase.core.forms import GovukDateField
from sendcase.core.identifiers import validate_nhs_number, validate_postcode, validate_uln, validate_upn
from sendcase.settings_data.codes import Ethnicity, Sex
from sendcase.settings_data.models import Locality

from .models import ContactMethod, DocumentKind, Relationship
from .services import NOTE_MAX_CHARS
from .uploads import document_size_limit

# Names and identifiers of someone other than the person typing: no browser autofill, no spellcheck.
_NOT_SPELLCHECKED = {"spellcheck": "false", "autocomplete": "off"}


def _text(
    label: str,
    max_length: int,
    *,
    required_message: str = "",
    hint: str = "",
    attrs: dict | None = None,
) -> forms.CharField:
    field_name = label.split(" (")[0]
    messages = {"max_length": f"{field_name} must be {max_length} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        help_text=hint,
        error_messages=messages,
        widget=forms.TextInput(attrs=attrs or {}),
    )


def _flag(label: str, hint: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, help_text=hint)


def _optional(value: str, validator: Callable[[str], str]) -> str:
    return validator(value) if value else ""


class ChildForm(forms.Form):
    legal_first_name = _text(
        "First name", 100, required_message="Enter the child's first name", attrs=_NOT_SPELLCHECKED
    )
    legal_middle_names = _text("Middle names (optional)", 100, attrs=_NOT_SPELLCHECKED)
    legal_last_name = _text(
        "Last name", 100, required_message="Enter the child's last name", attrs=_NOT_SPELLCHECKED
    )
    preferred_name = _text(
        "Preferred first name (optional)",
        100,
        hint="If the child is known by a different first name",
        attrs=_NOT_SPELLCHECKED,
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        allow_future=False,
        help_text="For example, 27 3 2015",
        error_messages={"required": "Enter the child's date of birth"},
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex"},
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=Ethnicity.choices,
        initial=Ethnicity.NOBT,
        error_messages={"required": "Select the child's ethnicity"},
    )
    upn = _text(
        "Unique pupil number (UPN) (optional)",
        20,
        hint="13 characters, for example H801200001001",
        attrs=_NOT_SPELLCHECKED,
    )
    uln = _text(
        "Unique learner number (ULN) (optional)",
        20,
        hint="10 numbers, for young people in further education or training",
        attrs={**_NOT_SPELLCHECKED, "inputmode": "numeric"},
    )
    nhs_number = _text(
        "NHS number (optional)",
        20,
        hint="10 numbers, for example 999 000 0026",
        attrs={**_NOT_SPELLCHECKED, "inputmode": "numeric"},
    )
    address_line_1 = _text("Address line 1 (optional)", 200)
    address_line_2 = _text("Address line 2 (optional)", 200)
    town = _text("Town or city (optional)", 100)
    postcode = _text("Postcode (optional)", 10, attrs=_NOT_SPELLCHECKED)
    locality = forms.ModelChoiceField(
        label="Locality (optional)",
        queryset=Locality.objects.all(),
        required=False,
        empty_label="Not known",
    )
    first_language = _text("First language", 60, required_message="Enter the child's first language")
    interpreter_needed = _flag("The family needs an interpreter")
    acts_for_self = _flag(
        "The young person makes decisions for themselves",
        hint="A young person aged 16 or over who acts for themselves under the Children and Families Act",
    )

    def clean_upn(self) -> str:
        return _optional(self.cleaned_data["upn"], validate_upn)

    def clean_uln(self) -> str:
        return _optional(self.cleaned_data["uln"], validate_uln)

    def clean_nhs_number(self) -> str:
        return _optional(self.cleaned_data["nhs_number"], validate_nhs_number)

    def clean_postcode(self) -> str:
        return _optional(self.cleaned_data["postcode"], validate_postcode)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ChildForm.base_fields}


class ChildEditForm(ChildForm):
    # The version the officer started from: the service refuses the save if the record has moved on.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DuplicateConfirmForm(forms.Form):
    confirmed_not_duplicate = forms.BooleanField(
        label="This is a different child",
        error_messages={
            "required": (
                "Confirm this is a different child, or open the matching record instead of adding a new one"
            )
        },
    )


class ContactForm(forms.Form):
    first_name = _text(
        "First name", 100, required_message="Enter the contact's first name", attrs=_NOT_SPELLCHECKED
    )
    last_name = _text(
        "Last name", 100, required_message="Enter the contact's last name", attrs=_NOT_SPELLCHECKED
    )
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the contact's relationship to the child"},
    )
    parental_responsibility = _flag("Has parental responsibility")
    is_main_contact = _flag("Main contact", hint="The person we contact first about the child's case")
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    phone = _text("Phone number (optional)", 30, attrs={"autocomplete": "off", "inputmode": "tel"})
    address = forms.CharField(
        label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = _text("Postcode (optional)", 10, attrs=_NOT_SPELLCHECKED)
    preferred_contact = forms.ChoiceField(
        label="How they prefer to be contacted",
        choices=ContactMethod.choices,
        initial=ContactMethod.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact prefers to be contacted"},
    )
    communication_needs = _text(
        "Communication needs (optional)", 300, hint="For example, large print, British Sign Language"
    )
    language = _text("Preferred language (optional)", 60)
    interpreter_needed = _flag("Needs an interpreter")

    def clean_postcode(self) -> str:
        return _optional(self.cleaned_data["postcode"], validate_postcode)


class DocumentForm(forms.Form):
    title = _text("Title", 200, required_message="Enter a title for the document")
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=DocumentKind.choices,
        initial=DocumentKind.OTHER,
        error_messages={"required": "Select what kind of document this is"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
        widget=forms.FileInput(attrs={"accept": ".pdf,.doc,.docx,.jpg,.jpeg,.png"}),
    )
    visible_to_family = _flag("The family can see this document")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = document_size_limit()
        self.fields["file"].help_text = f"A PDF, Word document, JPG or PNG, smaller than {limit}"


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the note",
            "max_length": f"The note must be {NOTE_MAX_CHARS:,} characters or fewer",
        },
    )
