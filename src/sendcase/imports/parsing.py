"""Turning a spreadsheet cell into a value: UK dates, yes/no, SEN2 and local codes, identifiers.

Each parser returns the value or raises FieldProblem with a reason a data officer can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from sendcase.assessments.models import AdviserType, RequestSource
from sendcase.core import identifiers
from sendcase.people.models import Relationship
from sendcase.plans.models import SettingCode
from sendcase.plans.models.review import ReviewDecision
from sendcase.settings_data.codes import Ethnicity, NeedType, Sex


class FieldProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise(value: str) -> str:
    """Lower case, punctuation as spaces, single spaces: how headings and local values are compared."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(value).lower()).split())


# --- dates -------------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_TEXT_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d %b %y",
    "%d-%b-%y",
    "%d %B %y",
    "%Y/%m/%d",
)
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")


def _short_year(yy: int, today: dt.date) -> int:
    # 2-digit years: this century unless that would be in the future (a child born in '09 is 2009;
    # '98 is 1998). Records in this service are of people aged 0-25, so this never guesses wrong for them.
    year = 2000 + yy
    return year if year <= today.year else 1900 + yy


def parse_date(value: Any, *, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    text = " ".join(str(value).replace(",", " ").split())
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial(float(text))
    text = re.sub(r"[T ]00:00(:00)?$", "", text)
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.I)
    match = _NUMERIC.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if month > 12 and day <= 12:
            raise FieldProblem(f"‘{value}’ is not a real date: dates are read day first (day/month/year)")
        try:
            return dt.date(year if year > 99 else _short_year(year, today), month, day)
        except ValueError:
            raise FieldProblem(f"‘{value}’ is not a real date") from None
    for fmt in _TEXT_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if "%y" in fmt:
            parsed = parsed.replace(year=_short_year(parsed.year % 100, today))
        return parsed
    raise FieldProblem(
        f"‘{value}’ is not a date we can read: use a UK date such as 01/03/2024, 1/3/24 or 1 Mar 2024"
    )


def _serial(number: float) -> dt.date:
    # Excel's day numbers count from 30 December 1899 (its 1900 leap-year bug makes that the zero).
    if not 1 <= number < 2958466:
        raise FieldProblem(f"‘{number}’ is not a date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


# --- yes / no ----------------------------------------------------------------------------------------

_TRUE = {"y", "yes", "true", "1", "agreed", "x"}
_FALSE = {"n", "no", "false", "0", "refused", "declined"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(as_str(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldProblem(f"‘{value}’ is not yes or no")


def as_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- code sets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeSet:
    name: str
    label: str
    choices: type[models.TextChoices]
    synonyms: dict[str, str]


CODE_SETS: dict[str, CodeSet] = {
    code_set.name: code_set
    for code_set in (
        CodeSet(
            "Sex",
            "sex",
            Sex,
            {
                "boy": "M",
                "girl": "F",
                "man": "M",
                "woman": "F",
                "unknown": "U",
                "not stated": "U",
                "9": "U",
                "1": "M",
                "2": "F",
            },
        ),
        CodeSet(
            "Ethnicity",
            "ethnicity",
            Ethnicity,
            {
                "white british": "WBRI",
                "british": "WBRI",
                "irish": "WIRI",
                "not obtained": "NOBT",
                "not known": "NOBT",
                "refused": "REFU",
                "pakistani": "APKN",
                "indian": "AIND",
                "bangladeshi": "ABAN",
                "chinese": "CHNE",
                "black african": "BAFR",
                "black caribbean": "BCRB",
            },
        ),
        CodeSet(
            "NeedType",
            "primary need",
            NeedType,
            {
                "asc": "ASD",
                "autism": "ASD",
                "autistic spectrum condition": "ASD",
                "slc": "SLCN",
                "speech and language": "SLCN",
                "semh": "SEMH",
                "mental health": "SEMH",
                "dyslexia": "SPLD",
                "physical": "PD",
                "hearing": "HI",
                "visual": "VI",
            },
        ),
        CodeSet(
            "SettingCode", "setting code", SettingCode, {"home educated": "EHE", "home education": "EHE"}
        ),
        CodeSet(
            "RequestSource",
            "who made the request",
            RequestSource,
            # SEN2 RequestSource codes 1-5.
            {
                "1": "parent",
                "2": "school",
                "3": "health",
                "4": "social_care",
                "5": "other",
                "parent": "parent",
                "carer": "parent",
                "yp": "young_person",
                "setting": "school",
                "college": "school",
                "nursery": "school",
                "gp": "health",
                "nhs": "health",
                "social worker": "social_care",
            },
        ),
        CodeSet(
            "Relationship",
            "relationship",
            Relationship,
            {
                "mum": "mother",
                "mom": "mother",
                "dad": "father",
                "stepmother": "step_parent",
                "stepfather": "step_parent",
                "step mum": "step_parent",
                "step dad": "step_parent",
                "foster parent": "foster_carer",
                "carer": "other",
                "grandmother": "grandparent",
                "grandfather": "grandparent",
                "nan": "grandparent",
            },
        ),
        CodeSet(
            "AdviserType",
            "type of adviser",
            AdviserType,
            {"ep": "educational_psychology", "psychology": "educational_psychology", "school": "education"},
        ),
        CodeSet(
            "ReviewDecision",
            "review decision",
            ReviewDecision,
            {
                "maintained": "maintain",
                "no change": "maintain",
                "amended": "amend",
                "ceased": "cease",
                "cease plan": "cease",
            },
        ),
    )
}


def code_lookup(code_set: CodeSet, local: dict[str, str]) -> dict[str, str]:
    """Every accepted spelling (normalised) -> code: the codes, their labels, built-in synonyms, and the
    authority's own mappings (which win)."""
    table: dict[str, str] = {}
    for value, label in code_set.choices.choices:
        table[normalise(value)] = value
        table[normalise(label)] = value
    for spelling, value in code_set.synonyms.items():
        table.setdefault(normalise(spelling), value)
    table.update(local)
    return table


def parse_code(code_set: CodeSet, table: dict[str, str], value: Any) -> str:
    code = table.get(normalise(as_str(value)))
    if code is None:
        raise FieldProblem(
            f"‘{as_str(value)}’ is not a {code_set.label} code we know: use a {code_set.name} code, or map "
            "this value to one on the code mappings page"
        )
    return code


# --- identifiers -------------------------------------------------------------------------------------

IDENTIFIER_VALIDATORS = {
    "upn": identifiers.validate_upn,
    "uln": identifiers.validate_uln,
    "nhs": identifiers.validate_nhs_number,
    "postcode": identifiers.validate_postcode,
}


def parse_identifier(kind: str, value: Any) -> str:
    try:
        return IDENTIFIER_VALIDATORS[kind](as_str(value))
    except ValidationError as exc:
        raise FieldProblem(f"‘{as_str(value)}’: {exc.messages[0]}") from None
