"""Forms for editing a draft plan, one page per section (A to K).

The forms only collect what was typed: the rules of a plan live in `plans.content.validate_content`,
which the service applies, and its errors (each naming a path such as "F.items[2].frequency") are
shown against the field that holds that value. So a rule is written once and the API, imports and
these pages all enforce the same thing.

Lists (needs, outcomes, provision, advice) are formsets. "Add another" is a submit button that
re-renders the page with one more empty row, so the page works without JavaScript; empty rows are
ignored and a row can be removed with its "Remove" checkbox.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms

from sendcase.core.forms import GovukDateField
from sendcase.plans import content as c
from sendcase.settings_data.codes import EstablishmentType, NeedType
from sendcase.settings_data.models import Establishment

Content = dict[str, Any]


def _text(label: str, *, rows: int = 0, hint: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    # strip=False would keep stray spaces; trimmed text is what a plan should hold.
    return forms.CharField(label=label, required=False, widget=widget, help_text=hint, max_length=c.MAX_TEXT)


class LockForm(forms.Form):
    """The draft's lock_version when the page was loaded: a save after someone else's is refused."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# --- single-value sections ------------------------------------------------------------------------


class SectionForm(forms.Form):
    """A section's own fields. `section` is the content key; subclasses map content <-> fields."""

    section: ClassVar[str] = ""

    @classmethod
    def initial_from(cls, content: Content) -> dict[str, Any]:
        data = content.get(cls.section) or {}
        return {name: data.get(name, "") for name in cls.base_fields}

    def apply(self, content: Content) -> None:
        content[self.section].update({name: self.cleaned_data[name] for name in self.fields})

    def field_for(self, path: str) -> str | None:
        """The form field showing the value at `path` (a content path), if this form has it."""
        name = path.removeprefix(f"{self.section}.")
        return name if name in self.fields else None


class SectionAForm(SectionForm):
    section = "A"
    views = _text("Views", rows=6, hint="What the child and their parents, or the young person, think.")
    interests = _text("Interests", rows=4)
    aspirations = _text("Aspirations for the future", rows=4)


class SectionCForm(SectionForm):
    section = "C"
    description = _text("Health needs related to special educational needs", rows=8)


class SectionDForm(SectionForm):
    section = "D"
    description = _text("Social care needs related to special educational needs or disability", rows=8)


class SectionIForm(SectionForm):
    section = "I"
    urn = forms.CharField(
        label="URN of the school or setting named",
        required=False,
        help_text="The unique reference number from Get Information about Schools. Leave blank to name "
        "only a type of setting.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    setting_type = forms.ChoiceField(
        label="Type of school or setting",
        required=False,
        choices=[("", "Not given")] + list(EstablishmentType.choices),
    )

    @classmethod
    def initial_from(cls, content: Content) -> dict[str, Any]:
        data = content.get("I") or {}
        est_id = data.get("establishment_id")
        urn = ""
        if est_id:
            est = Establishment.objects.filter(pk=est_id).only("urn").first()
            urn = str(est.urn) if est and est.urn else ""
        return {"urn": urn, "setting_type": data.get("setting_type", "")}

    def clean_urn(self) -> int | None:
        urn = re.sub(r"\s", "", self.cleaned_data["urn"])
        if not urn:
            return None
        if not urn.isdigit():
            raise forms.ValidationError("The URN must be a number, like 100000")
        est = Establishment.objects.filter(urn=int(urn)).first()
        if est is None:
            raise forms.ValidationError(f"There is no school or setting with URN {urn}")
        return est.pk

    def apply(self, content: Content) -> None:
        content["I"] = {
            "establishment_id": self.cleaned_data["urn"],
            "setting_type": self.cleaned_data["setting_type"],
        }

    def field_for(self, path: str) -> str | None:
        return {"I.establishment_id": "urn", "I.setting_type": "setting_type", "I": "urn"}.get(path)


_BUDGET_KINDS = [k for k in c.PERSONAL_BUDGET_KINDS if k != "none"]


class SectionJForm(SectionForm):
    section = "J"
    kinds = forms.MultipleChoiceField(
        label="Kinds of personal budget",
        required=False,
        choices=list(c.PERSONAL_BUDGET_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or “No personal budget”.",
    )
    amount_education = _text("Education budget, in pounds a year (optional)")
    amount_health = _text("Health budget, in pounds a year (optional)")
    amount_social_care = _text("Social care budget, in pounds a year (optional)")
    amount_direct_payments = _text("Direct payments, in pounds a year (optional)")
    notes = _text("How the budget will be used", rows=4)

    @classmethod
    def initial_from(cls, content: Content) -> dict[str, Any]:
        data = content.get("J") or {}
        amounts = data.get("amounts") or {}
        initial = {"kinds": data.get("kinds", []), "notes": data.get("notes", "")}
        initial.update({f"amount_{k}": amounts.get(k, "") for k in _BUDGET_KINDS})
        return initial

    def apply(self, content: Content) -> None:
        amounts = {}
        for kind in _BUDGET_KINDS:
            value = self.cleaned_data[f"amount_{kind}"].replace(",", "").removeprefix("£").strip()
            if value:
                amounts[kind] = value
        content["J"] = {
            "kinds": self.cleaned_data["kinds"],
            "amounts": amounts,
            "notes": self.cleaned_data["notes"],
        }

    def field_for(self, path: str) -> str | None:
        if path.startswith("J.amounts."):
            name = f"amount_{path.removeprefix('J.amounts.')}"
            return name if name in self.fields else "kinds"
        return {"J.kinds": "kinds", "J.notes": "notes", "J.amounts": "kinds", "J": "kinds"}.get(path)


# --- list items -----------------------------------------------------------------------------------


class ItemForm(forms.Form):
    """One item of a list. `id` keeps an item's identity across versions (comparison matches on it)."""

    noun: ClassVar[str] = "item"
    id = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, bound_field in self.fields.items():
            if isinstance(bound_field, forms.MultipleChoiceField):
                self.fields[name].choices = choices or []

    @classmethod
    def initial_from(cls, item: dict[str, Any]) -> dict[str, Any]:
        return {name: item.get(name, "") for name in cls.base_fields}

    def is_blank(self) -> bool:
        return not any(v for k, v in self.cleaned_data.items() if k not in ("id", "DELETE"))

    def item_from(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.base_fields}


class NeedForm(ItemForm):
    noun = "need"
    code = forms.ChoiceField(
        label="Type of need", required=False, choices=[("", "Select a type of need")] + list(NeedType.choices)
    )
    rank = forms.CharField(
        label="Rank",
        required=False,
        help_text="1 for the primary need, then 2, 3 and so on.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    description = _text("Description of the need", rows=4)

    def item_from(self) -> dict[str, Any]:
        item = super().item_from()
        rank = str(item["rank"]).strip()
        # Kept as typed when not a number, so the content rules say what is wrong with it.
        item["rank"] = int(rank) if rank.isdigit() else (rank or None)
        return item


class OutcomeForm(ItemForm):
    noun = "outcome"
    text = _text("Outcome", rows=3)
    timescale = _text("By when", hint="For example, by the end of Year 6 (July 2027).")
    needs = forms.MultipleChoiceField(
        label="Needs this outcome answers", required=False, widget=forms.CheckboxSelectMultiple
    )

    @classmethod
    def initial_from(cls, item: dict[str, Any]) -> dict[str, Any]:
        return {**super().initial_from(item), "needs": item.get("needs", [])}


class ProvisionForm(ItemForm):
    noun = "item of provision"
    what = _text("What the provision is", rows=3)
    who = _text("Who will provide it", hint="The role, for example speech and language therapist.")
    frequency = _text("How often", hint="For example, 3 sessions a week.")
    duration = _text("For how long", hint="For example, 30 minutes a session until July 2027.")
    group_size = _text("Group size or staff ratio (optional)", hint="For example, 1:1.")
    outcomes = forms.MultipleChoiceField(
        label="Outcomes this provision supports", required=False, widget=forms.CheckboxSelectMultiple
    )

    @classmethod
    def initial_from(cls, item: dict[str, Any]) -> dict[str, Any]:
        return {**super().initial_from(item), "outcomes": item.get("outcomes", [])}


class AdviceForm(ItemForm):
    noun = "piece of advice"
    adviser = _text("Who gave the advice")
    date = GovukDateField(label="Date of the advice", required=False)
    title = _text("Title of the document")

    @classmethod
    def initial_from(cls, item: dict[str, Any]) -> dict[str, Any]:
        import datetime as dt

        initial = super().initial_from(item)
        try:
            initial["date"] = dt.date.fromisoformat(item.get("date", ""))
        except (TypeError, ValueError):
            initial["date"] = None
        return initial

    def item_from(self) -> dict[str, Any]:
        date = self.cleaned_data["date"]
        return {
            "adviser": self.cleaned_data["adviser"],
            "date": date.isoformat() if date else "",
            "title": self.cleaned_data["title"],
        }


class ItemFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove this {getattr(form, 'noun', 'item')}"


def _need_choices(content: Content) -> list[tuple[str, str]]:
    needs = (content.get("B") or {}).get("needs") or []
    return [
        (
            n["id"],
            f"{NeedType(n['code']).label if n.get('code') in NeedType.values else n.get('code')}"
            f" (rank {n.get('rank')}): {str(n.get('description', ''))[:80]}",
        )
        for n in needs
        if isinstance(n, dict) and n.get("id")
    ]


def _outcome_choices(content: Content) -> list[tuple[str, str]]:
    outcomes = (content.get("E") or {}).get("outcomes") or []
    return [
        (o["id"], f"{o['id']}: {str(o.get('text', ''))[:100]}")
        for o in outcomes
        if isinstance(o, dict) and o.get("id")
    ]


@dataclass(frozen=True)
class ListSpec:
    section: str  # content section, e.g. "E"
    key: str  # the list inside it, e.g. "outcomes"
    prefix: str  # formset prefix, unique on the page
    form: type[ItemForm]
    noun: str  # for "Add another outcome"
    id_prefix: str  # item ids: "E1", "E2", ...
    heading: str = ""
    choices: Callable[[Content], list[tuple[str, str]]] | None = None
    keyed: bool = True  # items carry ids

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"

    def formset_class(self) -> type[forms.BaseFormSet]:
        return forms.formset_factory(self.form, formset=ItemFormSet, extra=0, can_delete=True)

    def formset(self, content: Content, data: Any = None, initial: list | None = None) -> forms.BaseFormSet:
        if initial is None:
            items = (content.get(self.section) or {}).get(self.key) or []
            initial = [self.form.initial_from(item) for item in items if isinstance(item, dict)]
            if not initial:
                initial = [{}]  # an empty list starts with one empty row to fill in
        kwargs = {"choices": self.choices(content)} if self.choices else {}
        return self.formset_class()(data, initial=initial, prefix=self.prefix, form_kwargs=kwargs)

    def items_from(self, formset: forms.BaseFormSet, existing: list[dict]) -> tuple[list[dict], list[int]]:
        """The list's new items, and for each the index of the form it came from (to show errors)."""
        items, origins = [], []
        used = [i for i in existing if isinstance(i, dict)]
        for index, form in enumerate(formset.forms):
            if form.cleaned_data.get("DELETE") or form.is_blank():
                continue
            item = form.item_from()
            if self.keyed:
                if not item.get("id"):
                    item["id"] = c.next_id([*used, *items], self.id_prefix)
                item = {"id": item.pop("id"), **item}
            else:
                item.pop("id", None)
            items.append(item)
            origins.append(index)
        return items, origins


@dataclass(frozen=True)
class SectionPage:
    code: str  # the editor page: A to K (H edits H1 and H2)
    title: str
    form: type[SectionForm] | None = None
    lists: tuple[ListSpec, ...] = field(default_factory=tuple)
    intro: str = ""

    @property
    def content_sections(self) -> tuple[str, ...]:
        return ("H1", "H2") if self.code == "H" else (self.code,)


def _provision(section: str, heading: str = "") -> ListSpec:
    return ListSpec(
        section,
        "items",
        section.lower(),
        ProvisionForm,
        "item of provision",
        section if len(section) == 1 else f"{section}-",
        heading,
        _outcome_choices,
    )


PAGES: dict[str, SectionPage] = {
    page.code: page
    for page in (
        SectionPage("A", c.SECTION_TITLES["A"], SectionAForm),
        SectionPage(
            "B",
            c.SECTION_TITLES["B"],
            lists=(ListSpec("B", "needs", "needs", NeedForm, "need", "N"),),
            intro="Rank the needs: the need ranked 1 is the primary need reported in the SEN2 return.",
        ),
        SectionPage("C", c.SECTION_TITLES["C"], SectionCForm),
        SectionPage("D", c.SECTION_TITLES["D"], SectionDForm),
        SectionPage(
            "E",
            c.SECTION_TITLES["E"],
            lists=(
                ListSpec("E", "outcomes", "outcomes", OutcomeForm, "outcome", "E", choices=_need_choices),
            ),
        ),
        SectionPage(
            "F",
            c.SECTION_TITLES["F"],
            lists=(_provision("F"),),
            intro="Each item must say what, who, how often and for how long: provision that is not "
            "specific and quantified cannot be secured.",
        ),
        SectionPage("G", c.SECTION_TITLES["G"], lists=(_provision("G"),)),
        SectionPage(
            "H",
            "Section H: social care provision",
            lists=(
                _provision("H1", c.SECTION_TITLES["H1"]),
                _provision("H2", c.SECTION_TITLES["H2"]),
            ),
        ),
        SectionPage("I", c.SECTION_TITLES["I"], SectionIForm),
        SectionPage("J", c.SECTION_TITLES["J"], SectionJForm),
        SectionPage(
            "K",
            c.SECTION_TITLES["K"],
            lists=(ListSpec("K", "advice", "advice", AdviceForm, "piece of advice", "K", keyed=False),),
        ),
    )
}
PAGE_ORDER: tuple[str, ...] = tuple(PAGES)


def page_for_section(section: str) -> str:
    """The editor page that edits a content section ("H1" -> "H")."""
    return "H" if section in ("H1", "H2") else section


def new_content(content: Content) -> Content:
    return copy.deepcopy(content)


_ITEM_PATH = re.compile(r"^(?P<list>[A-Z0-9]+\.[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<field>[a-z_]+))?")


def locate(
    path: str, page: SectionPage, origins: dict[str, list[int]]
) -> tuple[str, int | None, str | None] | None:
    """Where on this page the value at `path` is shown: (formset prefix or "form", form index, field);
    None when the path belongs to another page."""
    if page_for_section(re.split(r"[.\[]", path, maxsplit=1)[0]) != page.code:
        return None
    for spec in page.lists:
        if path == spec.path or path == spec.section:
            return spec.prefix, None, None
        match = _ITEM_PATH.match(path)
        if match and match.group("list") == spec.path:
            index = int(match.group("index"))
            form_index = origins.get(spec.prefix, [])
            at = form_index[index] if index < len(form_index) else None
            return spec.prefix, at, match.group("field")
    return "form", None, path
