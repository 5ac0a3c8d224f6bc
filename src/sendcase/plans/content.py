"""The content of an EHC plan: sections A-K as structured data, their validation, and comparison.

A version's `content` (PlanVersion.content, JSON) has this shape, described by the TypedDicts below:

    {"schema": 1, "A": {...}, "B": {"needs": [...]}, ..., "H1": {"items": [...]}, ..., "K": {...}}

Section H is stored as two parts, H1 (social care provision under s.2 of the Chronically Sick and
Disabled Persons Act 1970) and H2 (other social care provision), because the Regs keep them apart
(Regs 12(1)(h)); the editor shows them on one page.

No database access here: validation, diffs and display rows are plain functions of the content, so
they can be tested exhaustively and reused by the API, PDF rendering and imports. Whether a named
establishment exists is checked by the service, which can see the database.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypedDict

from sendcase.settings_data.codes import EstablishmentType, NeedType

SCHEMA = 1
MAX_TEXT = 20_000  # a plan section is long prose, but a paste of a whole report is a mistake

# Sections in the order of the plan (Regs 12(1)); H1 and H2 are the two parts of section H.
SECTIONS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
SECTION_TITLES: dict[str, str] = {
    "A": "Section A: views, interests and aspirations",
    "B": "Section B: special educational needs",
    "C": "Section C: health needs related to SEN",
    "D": "Section D: social care needs related to SEN or disability",
    "E": "Section E: outcomes",
    "F": "Section F: special educational provision",
    "G": "Section G: health provision",
    "H1": "Section H1: social care provision under section 2 of the CSDPA 1970",
    "H2": "Section H2: other social care provision",
    "I": "Section I: placement",
    "J": "Section J: personal budget",
    "K": "Section K: advice and information",
}

PERSONAL_BUDGET_KINDS: dict[str, str] = {
    "none": "No personal budget",
    "education": "Education",
    "health": "Health",
    "social_care": "Social care",
    "direct_payments": "Direct payments",
}

# Words that make provision unquantified: tribunals and the CoP (9.69) expect "how often" and "for how
# long" to be stated, not left to "as needed" or "regular" sessions.
VAGUE_PHRASES: tuple[str, ...] = (
    "as needed",
    "as required",
    "when needed",
    "when required",
    "as appropriate",
    "where appropriate",
    "regular",
    "regularly",
    "access to",
    "opportunities",
    "ongoing",
    "tbc",
    "to be confirmed",
)


# --- the shape -------------------------------------------------------------------------------------


class NeedItem(TypedDict):
    id: str
    code: str  # SEN2 need code (settings_data.codes.NeedType)
    rank: int  # 1 = primary need (SEN2)
    description: str


class OutcomeItem(TypedDict):
    id: str
    text: str
    timescale: str  # e.g. "by July 2027"
    needs: list[str]  # ids of the needs (section B) it answers


class ProvisionItem(TypedDict):
    id: str
    what: str
    who: str  # provider role, e.g. "speech and language therapist"
    frequency: str  # how often, e.g. "3 sessions a week"
    duration: str  # for how long, e.g. "30 minutes each, until July 2027"
    group_size: str  # optional, e.g. "1:1" or "groups of up to 4"
    outcomes: list[str]  # ids of the outcomes (section E) it supports


class AdviceItem(TypedDict):
    adviser: str
    date: str  # ISO date
    title: str


class SectionA(TypedDict):
    views: str
    interests: str
    aspirations: str


class SectionB(TypedDict):
    needs: list[NeedItem]


class TextSection(TypedDict):
    description: str


class SectionE(TypedDict):
    outcomes: list[OutcomeItem]


class ProvisionSection(TypedDict):
    items: list[ProvisionItem]


class SectionI(TypedDict):
    establishment_id: int | None  # settings_data.Establishment
    setting_type: str  # settings_data.codes.EstablishmentType, or ""


class SectionJ(TypedDict):
    kinds: list[str]  # PERSONAL_BUDGET_KINDS keys
    amounts: dict[str, str]  # kind -> amount in pounds, e.g. "1200.00" (optional)
    notes: str


class SectionK(TypedDict):
    advice: list[AdviceItem]


class Content(TypedDict):
    schema: int
    A: SectionA
    B: SectionB
    C: TextSection
    D: TextSection
    E: SectionE
    F: ProvisionSection
    G: ProvisionSection
    H1: ProvisionSection
    H2: ProvisionSection
    I: SectionI  # noqa: E741 (the plan's section letter)
    J: SectionJ
    K: SectionK


@dataclass(frozen=True)
class ContentError:
    """A rule the content breaks. `path` names the value at fault, e.g. "F.items[2].frequency"."""

    path: str
    message: str

    @property
    def section(self) -> str:
        return re.split(r"[.\[]", self.path, maxsplit=1)[0]


ChangeKind = Literal["added", "removed", "changed", "reordered"]


@dataclass(frozen=True)
class Change:
    """One difference between two versions: an item added or removed, a field changed, or a list
    reordered. `item` is the item's id (or "#n" for lists without ids); `field` the field's name."""

    section: str
    kind: ChangeKind
    item: str = ""
    field: str = ""
    old: str = ""
    new: str = ""


def empty_content() -> Content:
    return {
        "schema": SCHEMA,
        "A": {"views": "", "interests": "", "aspirations": ""},
        "B": {"needs": []},
        "C": {"description": ""},
        "D": {"description": ""},
        "E": {"outcomes": []},
        "F": {"items": []},
        "G": {"items": []},
        "H1": {"items": []},
        "H2": {"items": []},
        "I": {"establishment_id": None, "setting_type": ""},
        "J": {"kinds": [], "amounts": {}, "notes": ""},
        "K": {"advice": []},
    }


def primary_need(content: Mapping[str, Any]) -> str:
    """The SEN2 code of the need ranked 1, or "" if there is none."""
    for need in (content.get("B") or {}).get("needs") or []:
        if isinstance(need, dict) and need.get("rank") == 1:
            return str(need.get("code") or "")
    return ""


def next_id(items: list[Mapping[str, Any]], prefix: str) -> str:
    """A new item id ("E4") one past the highest used, so ids are never reused within a plan's
    versions and a comparison matches items by id."""
    highest = 0
    for item in items:
        match = re.fullmatch(rf"{re.escape(prefix)}(\d+)", str(item.get("id", "")))
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1}"


def content_from_request(request: Any) -> Content:
    """The content a plan starts from after its assessment: section K lists the advice received.

    Section B starts empty: needs are the officer's judgement on the advice, not something to guess.
    `request` is an assessments.AssessmentRequest (duck-typed to keep this module free of the ORM).
    """
    content = empty_content()
    advice = [a for a in request.advice_requests.all() if a.received_on is not None]
    advice.sort(key=lambda a: (a.received_on, a.pk))
    content["K"]["advice"] = [
        {
            "adviser": a.adviser_name or a.get_adviser_type_display(),
            "date": a.received_on.isoformat(),
            "title": f"{a.get_adviser_type_display()} advice",
        }
        for a in advice
    ]
    return content


# --- validation ------------------------------------------------------------------------------------


class _Checker:
    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(ContentError(path, message))

    def section(self, data: Mapping[str, Any], code: str) -> dict | None:
        value = data.get(code)
        if not isinstance(value, dict):
            self.add(code, f"{SECTION_TITLES[code]} is missing")
            return None
        return value

    def text(self, obj: Mapping[str, Any], key: str, path: str, *, required: str = "") -> str:
        value = obj.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(path, "Enter text")
            return ""
        if len(value) > MAX_TEXT:
            self.add(path, f"Must be {MAX_TEXT:,} characters or fewer")
        if required and not value.strip():
            self.add(path, required)
        return value

    def items(self, obj: Mapping[str, Any], key: str, path: str) -> list[dict]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.add(path, "Must be a list")
            return []
        good = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.add(f"{path}[{index}]", "Must be an item with fields")
                good.append({})
        return good

    def ids(self, items: list[dict], path: str) -> set[str]:
        seen: set[str] = set()
        for index, item in enumerate(items):
            ident = item.get("id")
            if not isinstance(ident, str) or not ident.strip():
                self.add(f"{path}[{index}].id", "Each item needs an id")
            elif ident in seen:
                self.add(f"{path}[{index}].id", f"The id {ident} is used twice")
            else:
                seen.add(ident)
        return seen

    def refs(
        self, item: Mapping[str, Any], key: str, path: str, known: set[str], *, noun: str, required: str = ""
    ) -> None:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(path, f"Must be a list of {noun} ids")
            return
        if required and not value:
            self.add(path, required)
        for ref in value:
            if ref not in known:
                self.add(path, f"There is no {noun} {ref} in this plan")


def _vague(text: str) -> str:
    lowered = f" {text.lower()} "
    for phrase in VAGUE_PHRASES:
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return phrase
    return ""


def validate_content(data: Any, *, for_issue: bool = False) -> list[ContentError]:
    """Every rule the content breaks, each with the path at fault; empty if the content is valid.

    A draft may be incomplete (no outcomes yet, no placement named), but what it holds must be right:
    every item complete, ranks consistent, references resolvable. `for_issue=True` adds what a plan
    must contain before it is issued: at least one need, outcome and item of special educational
    provision, and a named school or type of setting (CFA s.37(2); Regs 12).
    """
    check = _Checker()
    if not isinstance(data, dict):
        return [ContentError("", "The plan's content must be an object with sections A to K")]
    for key in data:
        if key != "schema" and key not in SECTIONS:
            check.add(str(key), f"Unknown section {key}")
    if data.get("schema", SCHEMA) != SCHEMA:
        check.add("schema", f"Unknown content schema {data.get('schema')!r}")

    # A: views, interests and aspirations (of the child and parent, or the young person).
    if (a := check.section(data, "A")) is not None:
        for key in ("views", "interests", "aspirations"):
            check.text(a, key, f"A.{key}")

    # B: special educational needs, ranked for SEN2 (1 = primary).
    need_ids: set[str] = set()
    if (b := check.section(data, "B")) is not None:
        needs = check.items(b, "needs", "B.needs")
        need_ids = check.ids(needs, "B.needs")
        ranks: dict[int, int] = {}
        for index, need in enumerate(needs):
            path = f"B.needs[{index}]"
            code = need.get("code")
            if not code:
                check.add(f"{path}.code", "Select the type of need")
            elif code not in NeedType.values:
                check.add(f"{path}.code", f"{code} is not a SEN2 type of need")
            rank = need.get("rank")
            if rank is None or rank == "":
                check.add(f"{path}.rank", "Enter the need's rank (1 for the primary need)")
            elif isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
                check.add(f"{path}.rank", "The rank must be a whole number, 1 or more")
            elif rank in ranks:
                message = (
                    "Only one need can be the primary need (rank 1)"
                    if rank == 1
                    else f"Rank {rank} is given to more than one need"
                )
                check.add(f"{path}.rank", message)
            else:
                ranks[rank] = index
            check.text(need, "description", f"{path}.description", required="Describe the need")
        if needs and 1 not in ranks and not any(e.path.endswith(".rank") for e in check.errors):
            check.add("B.needs", "Rank one need 1: the primary need")
        if ranks:
            # Ranks run 1, 2, 3 ... so the SEN2 return's order of needs is unambiguous.
            for rank, index in sorted(ranks.items()):
                if rank > len(needs):
                    check.add(
                        f"B.needs[{index}].rank",
                        f"Ranks must run from 1 to {len(needs)} with no gaps",
                    )
        if for_issue and not needs:
            check.add("B.needs", "Add at least one special educational need")

    for code in ("C", "D"):
        if (section := check.section(data, code)) is not None:
            check.text(section, "description", f"{code}.description")

    # E: outcomes, each answering needs in B.
    outcome_ids: set[str] = set()
    if (e := check.section(data, "E")) is not None:
        outcomes = check.items(e, "outcomes", "E.outcomes")
        outcome_ids = check.ids(outcomes, "E.outcomes")
        for index, outcome in enumerate(outcomes):
            path = f"E.outcomes[{index}]"
            check.text(outcome, "text", f"{path}.text", required="Enter the outcome")
            check.text(
                outcome,
                "timescale",
                f"{path}.timescale",
                required="Enter when the outcome should be achieved",
            )
            check.refs(
                outcome,
                "needs",
                f"{path}.needs",
                need_ids,
                noun="need",
                required="Select the needs this outcome answers",
            )
        if for_issue and not outcomes:
            check.add("E.outcomes", "Add at least one outcome")

    # F: special educational provision, which must be specified and quantified (CoP 9.69).
    if (f := check.section(data, "F")) is not None:
        items = check.items(f, "items", "F.items")
        check.ids(items, "F.items")
        for index, item in enumerate(items):
            path = f"F.items[{index}]"
            check.text(item, "what", f"{path}.what", required="Enter what the provision is")
            check.text(item, "who", f"{path}.who", required="Enter who will provide it")
            for key, missing in (
                ("frequency", "Enter how often it is provided, for example 3 sessions a week"),
                ("duration", "Enter for how long, for example 30 minutes each until July 2027"),
            ):
                value = check.text(item, key, f"{path}.{key}", required=missing)
                if value.strip() and (phrase := _vague(value)):
                    check.add(
                        f"{path}.{key}",
                        f"“{phrase}” is not specific: say exactly how often and for how long",
                    )
            check.text(item, "group_size", f"{path}.group_size")
            check.refs(
                item,
                "outcomes",
                f"{path}.outcomes",
                outcome_ids,
                noun="outcome",
                required="Select the outcomes this provision supports",
            )
        if for_issue and not items:
            check.add("F.items", "Add at least one item of special educational provision")

    # G, H1, H2: health and social care provision: what and who are required; the rest if known.
    for code in ("G", "H1", "H2"):
        if (section := check.section(data, code)) is not None:
            items = check.items(section, "items", f"{code}.items")
            check.ids(items, f"{code}.items")
            for index, item in enumerate(items):
                path = f"{code}.items[{index}]"
                check.text(item, "what", f"{path}.what", required="Enter what the provision is")
                check.text(item, "who", f"{path}.who", required="Enter who will provide it")
                for key in ("frequency", "duration", "group_size"):
                    check.text(item, key, f"{path}.{key}")
                check.refs(item, "outcomes", f"{path}.outcomes", outcome_ids, noun="outcome")

    # I: the school or other institution, or the type (CFA s.40(2)).
    if (i := check.section(data, "I")) is not None:
        est = i.get("establishment_id")
        if est is not None and (isinstance(est, bool) or not isinstance(est, int) or est < 1):
            check.add("I.establishment_id", "Select a school or setting")
        setting = i.get("setting_type", "")
        if setting and setting not in EstablishmentType.values:
            check.add("I.setting_type", "Select a type of setting from the list")
        if for_issue and est is None and not setting:
            check.add("I.establishment_id", "Name the school or setting, or the type of setting")

    # J: personal budget (Regs 12(1)(j)).
    if (j := check.section(data, "J")) is not None:
        kinds = j.get("kinds", [])
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            check.add("J.kinds", "Select the kinds of personal budget")
            kinds = []
        for kind in kinds:
            if kind not in PERSONAL_BUDGET_KINDS:
                check.add("J.kinds", f"{kind} is not a kind of personal budget")
        if len(set(kinds)) != len(kinds):
            check.add("J.kinds", "Each kind of personal budget can be selected only once")
        if "none" in kinds and len(kinds) > 1:
            check.add("J.kinds", "Select “No personal budget” on its own, or the kinds of budget")
        amounts = j.get("amounts", {})
        if not isinstance(amounts, dict):
            check.add("J.amounts", "Amounts must be given per kind of budget")
            amounts = {}
        for kind, amount in amounts.items():
            path = f"J.amounts.{kind}"
            if kind not in kinds or kind == "none":
                check.add(path, f"Select {PERSONAL_BUDGET_KINDS.get(kind, kind)} to give an amount for it")
            try:
                value = Decimal(str(amount))
            except InvalidOperation:
                check.add(path, "Enter an amount in pounds, like 1200 or 1200.50")
                continue
            if (
                not isinstance(amount, str)
                or not value.is_finite()
                or value < 0
                or value.as_tuple().exponent < -2
            ):
                check.add(path, "Enter an amount in pounds, like 1200 or 1200.50")
        check.text(j, "notes", "J.notes")

    # K: advice and information gathered during the assessment (Regs 12(1)(k)).
    if (k := check.section(data, "K")) is not None:
        for index, item in enumerate(check.items(k, "advice", "K.advice")):
            path = f"K.advice[{index}]"
            check.text(item, "adviser", f"{path}.adviser", required="Enter who gave the advice")
            check.text(item, "title", f"{path}.title", required="Enter the title of the document")
            date = item.get("date")
            if not date:
                check.add(f"{path}.date", "Enter the date of the advice")
            else:
                try:
                    dt.date.fromisoformat(str(date))
                except ValueError:
                    check.add(f"{path}.date", "The date of the advice must be a real date")
    return check.errors


# --- comparison ------------------------------------------------------------------------------------

# How each section is compared: named fields, or a list of items matched by id (or by position).
_FIELDS: dict[str, tuple[str, ...]] = {
    "A": ("views", "interests", "aspirations"),
    "C": ("description",),
    "D": ("description",),
    "I": ("establishment_id", "setting_type"),
    "J": ("kinds", "amounts", "notes"),
}
_LISTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "B": ("needs", ("code", "rank", "description"), True),
    "E": ("outcomes", ("text", "timescale", "needs"), True),
    "F": ("items", ("what", "who", "frequency", "duration", "group_size", "outcomes"), True),
    "G": ("items", ("what", "who", "frequency", "duration", "group_size", "outcomes"), True),
    "H1": ("items", ("what", "who", "frequency", "duration", "group_size", "outcomes"), True),
    "H2": ("items", ("what", "who", "frequency", "duration", "group_size", "outcomes"), True),
    "K": ("advice", ("adviser", "date", "title"), False),
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    return str(value)


def _keyed(items: Any, use_ids: bool) -> list[tuple[str, Any]]:
    """Items with the key they are matched on: their id when every id is present and unique, else
    their position (an invalid draft is still comparable)."""
    if not isinstance(items, list):
        return []
    if use_ids:
        ids = [item.get("id") if isinstance(item, dict) else None for item in items]
        if all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids):
            return list(zip(ids, items, strict=True))
    return [(f"#{n + 1}", item) for n, item in enumerate(items)]


def _diff_fields(section: str, item: str, fields: tuple[str, ...], old: Any, new: Any) -> list[Change]:
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    names = list(fields) + sorted({str(k) for k in (*old, *new)} - set(fields) - {"id"})
    changes = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if before != after:
            changes.append(Change(section, "changed", item, name, _text(before), _text(after)))
    return changes


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """What changed from `old` to `new`, section by section and item by item (items match by id)."""
    changes: list[Change] = []
    keys = [*SECTIONS, *sorted({str(k) for k in (*old, *new)} - set(SECTIONS))]
    for section in keys:
        before, after = old.get(section), new.get(section)
        if before == after:
            continue
        found: list[Change] = []
        if section in _FIELDS and isinstance(before, dict) and isinstance(after, dict):
            found = _diff_fields(section, "", _FIELDS[section], before, after)
        elif section in _LISTS and isinstance(before, dict) and isinstance(after, dict):
            list_key, fields, use_ids = _LISTS[section]
            old_items = dict(_keyed(before.get(list_key), use_ids))
            new_items = dict(_keyed(after.get(list_key), use_ids))
            for key, item in old_items.items():
                if key not in new_items:
                    found.append(Change(section, "removed", key, old=_item_text(item)))
            for key, item in new_items.items():
                if key not in old_items:
                    found.append(Change(section, "added", key, new=_item_text(item)))
                elif old_items[key] != item:
                    found.extend(_diff_fields(section, key, fields, old_items[key], item))
            common_old = [k for k in old_items if k in new_items]
            common_new = [k for k in new_items if k in old_items]
            if common_old != common_new:
                found.append(
                    Change(section, "reordered", old=", ".join(common_old), new=", ".join(common_new))
                )
            other_before = {k: v for k, v in before.items() if k != list_key}
            other_after = {k: v for k, v in after.items() if k != list_key}
            if other_before != other_after:
                found.extend(_diff_fields(section, "", (), other_before, other_after))
        if not found:
            # A difference the structured comparison does not describe (malformed or unknown data) is
            # still reported, so "no changes" is never shown for versions that differ.
            found = [Change(section, "changed", old=_text(before), new=_text(after))]
        changes.extend(found)
    return changes


def _item_text(item: Any) -> str:
    if not isinstance(item, dict):
        return _text(item)
    return "; ".join(_text(v) for k, v in item.items() if k != "id" and v not in ("", None, []))


Segment = tuple[Literal["equal", "delete", "insert"], str]


def text_diff(old: str, new: str) -> list[Segment]:
    """Word-level differences between two texts, for marking <del> and <ins> on the comparison page."""
    old_words, new_words = re.split(r"(\s+)", old or ""), re.split(r"(\s+)", new or "")
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(new_words[b1:b2])))
    return [s for s in segments if s[1]]


# --- display ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One labelled value of a section, for the summary, read-only and comparison pages. `key` is
    stable across versions (it uses item ids), so two versions' rows line up."""

    key: str
    label: str
    value: str
    item: str = ""


_FIELD_LABELS = {
    "views": "Views",
    "interests": "Interests",
    "aspirations": "Aspirations",
    "description": "Description",
    "code": "Type of need",
    "rank": "Rank",
    "text": "Outcome",
    "timescale": "By when",
    "needs": "Answers needs",
    "what": "Provision",
    "who": "Provided by",
    "frequency": "How often",
    "duration": "For how long",
    "group_size": "Group size or ratio",
    "outcomes": "Supports outcomes",
    "adviser": "Adviser",
    "date": "Date",
    "title": "Document",
}
_ITEM_NOUNS = {
    "B": "Need",
    "E": "Outcome",
    "F": "Provision",
    "G": "Provision",
    "H1": "Provision",
    "H2": "Provision",
    "K": "Advice",
}


def _display(section: str, field: str, value: Any, names: Mapping[int, str]) -> str:
    if field == "code":
        return NeedType(value).label if value in NeedType.values else _text(value)
    if field == "establishment_id":
        return names.get(value, f"Establishment {value}") if value else ""
    if field == "setting_type":
        return EstablishmentType(value).label if value in EstablishmentType.values else _text(value)
    if field == "kinds":
        return ", ".join(PERSONAL_BUDGET_KINDS.get(k, k) for k in value or [])
    if field == "amounts" and isinstance(value, dict):
        return ", ".join(f"{PERSONAL_BUDGET_KINDS.get(k, k)}: £{v}" for k, v in value.items())
    if field == "date" and value:
        try:
            return f"{dt.date.fromisoformat(str(value)):%-d %B %Y}"
        except ValueError:
            return _text(value)
    return _text(value)


def rows(
    content: Mapping[str, Any], section: str, *, establishment_names: Mapping[int, str] | None = None
) -> list[Row]:
    """A section as labelled rows (every field of every item), in the plan's order."""
    names = establishment_names or {}
    data = content.get(section)
    if not isinstance(data, dict):
        return []
    if section in _FIELDS:
        labels = {
            "establishment_id": "School or setting named",
            "setting_type": "Type of setting",
            "kinds": "Kinds of personal budget",
            "amounts": "Amounts",
            "notes": "Notes",
        }
        return [
            Row(f, labels.get(f, _FIELD_LABELS.get(f, f)), _display(section, f, data.get(f), names))
            for f in _FIELDS[section]
        ]
    list_key, fields, use_ids = _LISTS[section]
    result = []
    for position, (key, item) in enumerate(_keyed(data.get(list_key), use_ids), start=1):
        item = item if isinstance(item, dict) else {}
        noun = f"{_ITEM_NOUNS[section]} {position}"
        for field in fields:
            result.append(
                Row(
                    f"{key}.{field}",
                    f"{noun}: {_FIELD_LABELS[field].lower()}",
                    _display(section, field, item.get(field), names),
                    item=key,
                )
            )
    return result


def section_content(content: Mapping[str, Any], section: str) -> Any:
    """A deep copy of one section, for an editor to change without touching the version's data."""
    return copy.deepcopy(content.get(section))
