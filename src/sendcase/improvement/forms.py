"""Forms for the improvement pages. They only parse and check input; the services decide."""

from __future__ import annotations

from django import forms

from sendcase.core.forms import GovukDateField
from sendcase.core.models import User
from sendcase.core.permissions import STAFF_ROLES

from .indicators import known_indicator_ids
from .models import (
    Action,
    ActionStatus,
    BoardItemKind,
    Objective,
    RecommendationSource,
    RecommendationStatus,
    RiskKind,
    RiskStatus,
)

SCALE_CHOICES = [("", "Select")] + [(str(i), str(i)) for i in range(1, 6)]


class StaffField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("empty_label", "Select a person")
        queryset = User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by(
            "last_name", "first_name"
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name}{f' ({obj.job_title})' if obj.job_title else ''}"


class ObjectiveField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("empty_label", "Select an objective")
        super().__init__(queryset=Objective.objects.order_by("number"), **kwargs)


class ImprovementForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.NumberInput):
                # GOV.UK asks for text inputs with an input mode rather than number inputs.
                mode = "decimal" if isinstance(field, forms.DecimalField) else "numeric"
                field.widget = forms.TextInput(attrs={"inputmode": mode, "spellcheck": "false"})
            if isinstance(field, GovukDateField):
                # Let the date field name the missing part ("must include a year") rather than
                # Django's generic "Enter a complete value".
                for part in field.fields:
                    part.required = False


class VersionedForm(ImprovementForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _indicator_choices() -> list[tuple[str, str]]:
    return sorted(known_indicator_ids().items(), key=lambda kv: kv[1])


class ObjectiveForm(VersionedForm):
    number = forms.IntegerField(
        label="Number", min_value=1, error_messages={"required": "Enter the objective's number"}
    )
    title = forms.CharField(
        label="Objective", max_length=200, error_messages={"required": "Enter the objective"}
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)
    lead = StaffField(label="Lead (optional)", required=False)


class ActionForm(VersionedForm):
    objective = ObjectiveField(label="Objective", error_messages={"required": "Select the objective"})
    title = forms.CharField(
        label="Action", max_length=200, error_messages={"required": "Enter what the action is"}
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)
    owner = StaffField(label="Owner", error_messages={"required": "Select who owns the action"})
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the date the action is due"})
    indicator_ids = forms.MultipleChoiceField(
        label="Indicators this action should move (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="Reason for the change (optional)", required=False, max_length=500)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_ids"].choices = _indicator_choices()


class ActionStatusForm(VersionedForm):
    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's new status"},
    )
    completed_on = GovukDateField(
        label="Date completed", required=False, allow_future=False, help_text="Only if the action is complete"
    )
    note = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea,
        help_text="Say why if you are closing the action or reopening a completed one",
    )

    def __init__(self, *args, current: str, **kwargs) -> None:
        from .rules import ACTION_TRANSITIONS

        super().__init__(*args, **kwargs)
        allowed = ACTION_TRANSITIONS[current]
        self.fields["status"].choices = [(s.value, s.label) for s in ActionStatus if s.value in allowed]


class EvidenceForm(ImprovementForm):
    text = forms.CharField(
        label="What the evidence shows",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the evidence shows"},
    )
    link = forms.CharField(label="Link to the evidence (optional)", required=False, max_length=500)
    file = forms.FileField(
        label="Or upload a document (optional)",
        required=False,
        help_text="PDF, Word document, or a JPG or PNG image",
    )


class MilestoneForm(ImprovementForm):
    title = forms.CharField(
        label="Milestone", max_length=200, error_messages={"required": "Enter the milestone"}
    )
    due_on = GovukDateField(
        label="Due date", error_messages={"required": "Enter the date the milestone is due"}
    )


class MilestoneAchievedForm(VersionedForm):
    achieved_on = GovukDateField(
        label="Date achieved",
        allow_future=False,
        error_messages={"required": "Enter the date the milestone was achieved"},
    )


class RiskForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Risk or issue",
        choices=RiskKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a risk or an issue"},
    )
    title = forms.CharField(
        label="Risk or issue", max_length=200, error_messages={"required": "Enter the risk"}
    )
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)
    owner = StaffField(label="Owner", error_messages={"required": "Select who owns the risk"})
    likelihood = forms.TypedChoiceField(
        label="Likelihood (1 rare to 5 almost certain)",
        choices=SCALE_CHOICES,
        coerce=int,
        error_messages={"required": "Select the likelihood (1 to 5)"},
    )
    impact = forms.TypedChoiceField(
        label="Impact (1 negligible to 5 severe)",
        choices=SCALE_CHOICES,
        coerce=int,
        error_messages={"required": "Select the impact (1 to 5)"},
    )
    mitigation = forms.CharField(label="Mitigation", required=False, widget=forms.Textarea)
    review_on = GovukDateField(
        label="Next review", error_messages={"required": "Enter the date of the next review"}
    )
    objective = ObjectiveField(label="Objective (optional)", required=False, empty_label="None")
    status = forms.ChoiceField(
        label="Status", choices=RiskStatus.choices, widget=forms.RadioSelect, initial=RiskStatus.OPEN
    )
    note = forms.CharField(label="Comment on this review (optional)", required=False, max_length=500)

    def __init__(self, *args, creating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].label = "Title"
        if creating:
            del self.fields["status"]
            del self.fields["note"]


class RecommendationForm(VersionedForm):
    source = forms.ChoiceField(
        label="Made by",
        choices=[("", "Select")] + RecommendationSource.choices,
        error_messages={"required": "Select who made the recommendation"},
    )
    source_detail = forms.CharField(label="Report or letter (optional)", required=False, max_length=200)
    made_on = GovukDateField(
        label="Date made",
        allow_future=False,
        error_messages={"required": "Enter the date the recommendation was made"},
    )
    text = forms.CharField(
        label="Recommendation", widget=forms.Textarea, error_messages={"required": "Enter the recommendation"}
    )
    response = forms.CharField(label="The authority's response", required=False, widget=forms.Textarea)
    owner = StaffField(label="Owner", error_messages={"required": "Select who owns the response"})
    status = forms.ChoiceField(
        label="Status",
        choices=RecommendationStatus.choices,
        widget=forms.RadioSelect,
        initial=RecommendationStatus.OPEN,
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions that deliver it (optional)",
        required=False,
        queryset=Action.objects.order_by("reference"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, creating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actions"].label_from_instance = lambda a: f"{a.reference} {a.title}"
        if creating:
            del self.fields["status"]


class BudgetLineForm(VersionedForm):
    workstream = forms.CharField(
        label="Workstream", max_length=100, error_messages={"required": "Enter the workstream"}
    )
    title = forms.CharField(
        label="What the money is for",
        max_length=200,
        error_messages={"required": "Enter what the money is for"},
    )
    financial_year = forms.IntegerField(
        label="Financial year starting in April of",
        min_value=2000,
        max_value=2100,
        help_text="For example, 2026 for 2026-27",
        error_messages={
            "required": "Enter the year the financial year starts",
            "invalid": "Enter the year the financial year starts, like 2026",
        },
    )
    planned = forms.DecimalField(
        label="Planned for the year, in pounds",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": "Enter the planned amount",
            "invalid": "Enter the planned amount as a number, like 12000",
        },
    )
    forecast = forms.DecimalField(
        label="Forecast for the year, in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text="Leave blank to forecast the actuals so far plus the plan for the months to come",
        error_messages={"invalid": "Enter the forecast as a number, like 12000"},
    )
    objective = ObjectiveField(label="Objective (optional)", required=False, empty_label="None")
    note = forms.CharField(label="Reason for the change (optional)", required=False, max_length=500)

    def __init__(self, *args, creating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["note"]
        else:
            del self.fields["financial_year"]


class BudgetActualForm(VersionedForm):
    month = forms.ChoiceField(label="Month", error_messages={"required": "Select the month"})
    amount = forms.DecimalField(
        label="Amount spent, in pounds",
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": "Enter the amount spent",
            "invalid": "Enter the amount spent as a number, like 1250.50",
        },
    )

    def __init__(self, *args, months: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", "Select")] + [(m.isoformat(), f"{m:%B %Y}") for m in months]


class BoardMeetingForm(VersionedForm):
    held_on = GovukDateField(
        label="Date of the meeting", error_messages={"required": "Enter the date of the meeting"}
    )
    title = forms.CharField(label="Meeting", max_length=200, initial="Improvement board")
    attendees = forms.CharField(
        label="Attendees", required=False, widget=forms.Textarea, help_text="One person per line"
    )
    apologies = forms.CharField(
        label="Apologies", required=False, widget=forms.Textarea, help_text="One person per line"
    )
    papers = forms.CharField(
        label="Papers", required=False, widget=forms.Textarea, help_text="One paper per line"
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)


class BoardItemForm(VersionedForm):
    kind = forms.ChoiceField(
        label="Decision or action arising",
        choices=BoardItemKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a decision or an action arising"},
    )
    text = forms.CharField(
        label="What was decided or needs doing",
        widget=forms.Textarea,
        error_messages={"required": "Enter the decision or action"},
    )
    owner = StaffField(label="Owner (for an action arising)", required=False)
    due_on = GovukDateField(label="Due date (for an action arising)", required=False)
    action = forms.ModelChoiceField(
        label="Improvement plan action it concerns (optional)",
        required=False,
        queryset=Action.objects.order_by("reference"),
        empty_label="None",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].label_from_instance = lambda a: f"{a.reference} {a.title}"
