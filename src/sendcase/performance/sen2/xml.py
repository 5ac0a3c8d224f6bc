"""Write a SEN2 return as XML in the structure of DfE's SEN2 person-level specification.

    Message
      Header / CollectionDetails (Collection, Year, ReferenceDate) and Source (SourceLevel, LEA, ...)
      Persons / Person (Surname, Forename, PersonBirthDate, Sex, Ethnicity, PostCode, UPN, ...)
        Requests (ReceivedDate, RequestSource, RYA, RequestOutcomeDate, RequestOutcome, ...)
          Assessment (AssessmentOutcome, AssessmentOutcomeDate, ..., Week20)
            NamedPlan (StartDate, PlanDetail (URN | UKPRN | SENSetting, ...), CeaseDate, CeaseReason)
          ActivePlans (TransferLA, PlacementDetail (URN | UKPRN | SENSetting, PlacementRank, EntryDate,
                       LeavingDate, ...), SENneed (SENtype, SENtypeRank), ReviewMeeting, ReviewOutcome,
                       LastReview, then the 2026 items ReviewDraft, PhaseTransferDueDate,
                       PhaseTransferFinalDate)

Items are written in the specification's order: DfE's schema checks the order of elements, not only
their names.

Empty optional items are left out; booleans are 1 or 0; dates are YYYY-MM-DD. docs/sen2.md says which
items the product does not record and so never writes.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape

from django.utils import timezone

from .records import ActivePlan, Assessment, NamedPlan, Person, Request, Sen2Return

SOFTWARE_CODE = "sendcase"
RELEASE = "1.0"
INDENT = "  "
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot carry

# Written directly as text rather than through ElementTree: a large authority's return is tens of
# megabytes, and building then indenting a tree of it took several times longer than the rest of the
# return put together.


def _text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape(_XML_ILLEGAL.sub("", str(value)))


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = ["<?xml version='1.0' encoding='utf-8'?>\n"]
        self.depth = 0

    def open(self, tag: str) -> None:
        self.parts.append(f"{INDENT * self.depth}<{tag}>\n")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.parts.append(f"{INDENT * self.depth}</{tag}>\n")

    def item(self, tag: str, value) -> None:
        text = _text(value)
        if text is not None:
            self.parts.append(f"{INDENT * self.depth}<{tag}>{text}</{tag}>\n")

    def items(self, obj, names: list[str]) -> None:
        for name in names:
            self.item(name, getattr(obj, name))

    def group(self, tag: str, obj, names: list[str]) -> None:
        self.open(tag)
        self.items(obj, names)
        self.close(tag)


def _named_plan(w: _Writer, plan: NamedPlan) -> None:
    w.open("NamedPlan")
    w.item("StartDate", plan.StartDate)
    for detail in plan.details:
        w.group(
            "PlanDetail",
            detail,
            [
                "URN",
                "UKPRN",
                "SENSetting",
                "PlacementRank",
                "SENunitIndicator",
                "ResourcedProvisionIndicator",
            ],
        )
    w.items(plan, ["CeaseDate", "CeaseReason"])
    w.close("NamedPlan")


def _assessment(w: _Writer, assessment: Assessment) -> None:
    w.open("Assessment")
    w.items(
        assessment,
        ["AssessmentOutcome", "AssessmentOutcomeDate", "AssessmentMediation", "AssessmentTribunal",
         "OtherMediation", "OtherTribunal", "Week20"],
    )  # fmt: skip
    if assessment.named_plan is not None:
        _named_plan(w, assessment.named_plan)
    w.close("Assessment")


def _active_plan(w: _Writer, active: ActivePlan) -> None:
    w.open("ActivePlans")
    w.item("TransferLA", active.TransferLA)
    for place in active.placements:
        w.group(
            "PlacementDetail",
            place,
            ["URN", "UKPRN", "SENSetting", "PlacementRank", "EntryDate", "LeavingDate", "SENunitIndicator",
             "ResourcedProvisionIndicator"],
        )  # fmt: skip
    for need in active.needs:
        w.group("SENneed", need, ["SENtype", "SENtypeRank"])
    w.items(
        active,
        ["ReviewMeeting", "ReviewOutcome", "LastReview", "ReviewDraft", "PhaseTransferDueDate",
         "PhaseTransferFinalDate"],
    )  # fmt: skip
    w.close("ActivePlans")


def _request(w: _Writer, request: Request) -> None:
    w.open("Requests")
    w.items(
        request,
        ["ReceivedDate", "RequestSource", "RYA", "RequestOutcomeDate", "RequestOutcome", "RequestMediation",
         "RequestTribunal"],
    )  # fmt: skip
    if request.assessment is not None:
        _assessment(w, request.assessment)
    if request.active_plan is not None:
        _active_plan(w, request.active_plan)
    w.close("Requests")


def _person(w: _Writer, person: Person) -> None:
    w.open("Person")
    w.items(
        person,
        ["Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity", "PostCode", "UPN",
         "UniqueLearnerNumber", "UPNunknown"],
    )  # fmt: skip
    for request in person.requests:
        _request(w, request)
    w.close("Person")


def to_xml(sen2: Sen2Return, *, generated_at: dt.datetime | None = None) -> bytes:
    """The return as UTF-8 XML bytes, with a declaration, indented two spaces."""
    w = _Writer()
    w.open("Message")
    w.open("Header")
    w.open("CollectionDetails")
    w.item("Collection", "SEN2")
    w.item("Year", sen2.census_date.year)
    w.item("ReferenceDate", sen2.census_date)
    w.close("CollectionDetails")
    w.open("Source")
    w.item("SourceLevel", "L")
    w.item("LEA", sen2.la_code)
    w.item("SoftwareCode", SOFTWARE_CODE)
    w.item("Release", RELEASE)
    w.item("SerialNo", "001")
    stamp = timezone.localtime(generated_at or timezone.now()).replace(microsecond=0, tzinfo=None)
    w.item("DateTime", stamp.isoformat())
    w.item("DMO", sen2.DMO)
    w.item("DCO", sen2.DCO)
    w.close("Source")
    w.close("Header")
    w.open("Persons")
    for person in sen2.persons:
        _person(w, person)
    w.close("Persons")
    w.close("Message")
    return "".join(w.parts).encode("utf-8")
