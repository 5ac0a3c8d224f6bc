"""Forms for the family's tasks and for the staff pages that give and end online access."""

from __future__ import annotations

from django import forms

from sendcase.people.models import Child
from sendcase.people.uploads import document_size_limit
from sendcase.settings_data.models import Establishment

from ..models import FamilyRole
from .models import VerificationMethod

_ACCEPT = ".pdf,.doc,.docx,.jpg,.jpeg,.png"
_FILE_ERRORS = {
    "required": "Select a file",
    "empty": "The selected file is empty",
    "invalid": "Select a file",
    "missing": "Select a file",
}


def _area(label: str, *, help_text: str = "", required: bool = False, rows: int = 5, message: str = ""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": message or f"Enter {label.lower()}",
            "max_length": f"{label} must be 5,000 characters or fewer",
        },
    )


def _file(label: str, *, required: bool) -> forms.FileField:
    field = forms.FileField(
        label=label,
        required=required,
        error_messages=_FILE_ERRORS,
        widget=forms.FileInput(attrs={"accept": _ACCEPT}),
    )
    field.help_text = f"A PDF, Word document, JPG or PNG, smaller than {document_size_limit()}"
    return field


class ViewsForm(forms.Form):
    about_me = _area("About me", help_text="What people like and admire about them, and what they enjoy.")
    what_matters = _area("What matters most to them now")
    hopes = _area("Hopes and goals for the future", help_text="For example friendships, learning, work.")
    how_to_support = _area("How best to support them", help_text="What helps, and what does not.")
    file = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file("Or upload a document (optional)", required=False)

    def clean(self):
        cleaned = super().clean()
        texts = [cleaned.get(name) for name in ("about_me", "what_matters", "hopes", "how_to_support")]
        if not any(texts) and not cleaned.get("file") and not self.errors:
            self.add_error("about_me", "Write your views in at least one box, or upload a document")
        return cleaned


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label="What is the document?",
        help_text="For example, ‘Speech and language report, March 2026’.",
        max_length=200,
        error_messages={
            "required": "Enter what the document is",
            "max_length": "The title must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file("Upload a file", required=True)


class QuestionForm(forms.Form):
    subject = forms.CharField(
        label="What is your question about?",
        max_length=150,
        error_messages={
            "required": "Enter what your question is about",
            "max_length": "The subject must be 150 characters or fewer",
        },
    )
    text = _area("Your question", required=True, rows=6, message="Enter your question")


class _SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Establishment) -> str:
        # Families know schools by name (and town), not by URN.
        return f"{obj.name}, {obj.postcode}" if obj.postcode else obj.name


class DraftResponseForm(forms.Form):
    comments = _area(
        "Your comments on the draft plan",
        help_text="Say what you agree with, what is missing or wrong, and which section it is in.",
        rows=8,
    )
    preferred_establishment = _SchoolChoiceField(
        label="The school, college or setting you would like named in the plan (optional)",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="No preference",
        error_messages={"invalid_choice": "Select a school or setting from the list"},
    )
    preference_notes = forms.CharField(
        label="Why you would like this school or setting (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Your reasons must be 300 characters or fewer"},
    )
    meeting_requested = forms.BooleanField(
        label="I would like a meeting with an officer to talk about the draft plan", required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_establishment"].queryset = Establishment.objects.filter(is_open=True).only(
            "name", "postcode"
        )

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and not cleaned.get("comments")
            and not cleaned.get("preferred_establishment")
            and not cleaned.get("meeting_requested")
        ):
            self.add_error(
                "comments", "Enter your comments, choose a school or setting, or ask for a meeting"
            )
        return cleaned


# --- Staff -----------------------------------------------------------------------------------------


class InvitationForm(forms.Form):
    contact = forms.ChoiceField(label="Who is this for?", widget=forms.RadioSelect)
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a link to this address. It works once and expires after 14 days.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    verification_method = forms.ChoiceField(
        label="How did you check who they are and their relationship to the child?",
        choices=VerificationMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you checked who they are and their relationship"},
    )
    verification_notes = forms.CharField(
        label="Notes on the check (optional)",
        help_text="For example, which document you saw. Only staff see this.",
        max_length=300,
        required=False,
        error_messages={"max_length": "Notes must be 300 characters or fewer"},
    )

    def __init__(self, *args, child: Child, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        choices = [
            (str(c.pk), f"{c.first_name} {c.last_name} ({c.get_relationship_display()})")
            for c in self.contacts
        ]
        if child.acts_for_self:
            choices.insert(
                0, ("young_person", f"{child.full_name} (the young person, acting for themselves)")
            )
        self.fields["contact"].choices = choices
        self.fields["contact"].error_messages["required"] = "Select who you are giving online access to"

    @property
    def contacts(self):
        return list(self.child.contacts.all())

    def invitee(self) -> dict:
        """The person invited: a contact's names and role, or the young person's own."""
        choice = self.cleaned_data["contact"]
        if choice == "young_person":
            child = self.child
            return {
                "contact": None,
                "first_name": child.preferred_name or child.legal_first_name,
                "last_name": child.legal_last_name,
                "acts_as": FamilyRole.YOUNG_PERSON,
            }
        contact = next(c for c in self.contacts if str(c.pk) == choice)
        return {
            "contact": contact,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "acts_as": FamilyRole.PARENT_CARER,
        }


class VerifyForm(forms.Form):
    verification_method = forms.ChoiceField(
        label="How did you check who they are and their relationship to the child?",
        choices=[c for c in VerificationMethod.choices if c[0] != VerificationMethod.NOT_YET],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you checked who they are and their relationship"},
    )
    verification_notes = forms.CharField(
        label="Notes on the check (optional)", max_length=300, required=False
    )


class EndLinkForm(forms.Form):
    reason = forms.CharField(
        label="Why is their online access ending?",
        help_text="Only staff see this.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why online access is ending"},
    )


class AnswerForm(forms.Form):
    answer = _area("Your answer", required=True, rows=6, message="Enter the answer")
