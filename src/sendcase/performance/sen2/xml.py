"""Write a SEN2 return as XML in the structure of DfE's SEN2 person-level specification.

    Message
      Header / CollectionDetails (Collection, Year, ReferenceDate) and Source (SourceLevel, LEA, ...)
      Persons / Person (Surname, Forename, PersonBirthDate, Sex, Ethnicity, PostCode, UPN, ...)
        Requests (ReceivedDate, RequestSource, RYA, RequestOutcomeDate, RequestOutcome, ...)
          Assessment (AssessmentOutcome, AssessmentOutcomeDate, ..., Week20)
            NamedPlan (StartDate, CeaseDate, CeaseReason) / PlanDetail (URN | UKPRN | SENSetting, ...)
          ActivePlans (TransferLA, ReviewMeeting, ReviewOutcome, ..., LastReview)
            PlacementDetail (URN | UKPRN | SENSetting, PlacementRank, EntryDate, LeavingDate, ...)
            SENneed (SENtype, SENtypeRank)

Empty optional items are left out; booleans are 1 or 0; dates are YYYY-MM-DD. docs/sen2.md says which
items the product does not record and so never writes.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from django.utils import timezone

from .records import ActivePlan, Assessment, NamedPlan, Person, Request, Sen2Return

SOFTWARE_CODE = "sendcase"
RELEASE = "1.0"


def _text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _items(parent: ET.Element, obj, names: list[str]) -> None:
    for name in names:
        text = _text(getattr(obj, name))
        if text is not None:
            ET.SubElement(parent, name).text = text


def _named_plan(parent: ET.Element, plan: NamedPlan) -> None:
    element = ET.SubElement(parent, "NamedPlan")
    _items(element, plan, ["StartDate", "CeaseDate", "CeaseReason"])
    for detail in plan.details:
        _items(
            ET.SubElement(element, "PlanDetail"),
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


def _assessment(parent: ET.Element, assessment: Assessment) -> None:
    element = ET.SubElement(parent, "Assessment")
    _items(
        element,
        assessment,
        ["AssessmentOutcome", "AssessmentOutcomeDate", "AssessmentMediation", "AssessmentTribunal",
         "OtherMediation", "OtherTribunal", "Week20"],
    )  # fmt: skip
    if assessment.named_plan is not None:
        _named_plan(element, assessment.named_plan)


def _active_plan(parent: ET.Element, active: ActivePlan) -> None:
    element = ET.SubElement(parent, "ActivePlans")
    _items(
        element,
        active,
        ["TransferLA", "ReviewMeeting", "ReviewOutcome", "ReviewDraft", "PhaseTransferDueDate",
         "PhaseTransferFinalDate", "LastReview"],
    )  # fmt: skip
    for place in active.placements:
        _items(
            ET.SubElement(element, "PlacementDetail"),
            place,
            ["URN", "UKPRN", "SENSetting", "PlacementRank", "EntryDate", "LeavingDate", "SENunitIndicator",
             "ResourcedProvisionIndicator"],
        )  # fmt: skip
    for need in active.needs:
        _items(ET.SubElement(element, "SENneed"), need, ["SENtype", "SENtypeRank"])


def _request(parent: ET.Element, request: Request) -> None:
    element = ET.SubElement(parent, "Requests")
    _items(
        element,
        request,
        ["ReceivedDate", "RequestSource", "RYA", "RequestOutcomeDate", "RequestOutcome", "RequestMediation",
         "RequestTribunal"],
    )  # fmt: skip
    if request.assessment is not None:
        _assessment(element, request.assessment)
    if request.active_plan is not None:
        _active_plan(element, request.active_plan)


def _person(parent: ET.Element, person: Person) -> None:
    element = ET.SubElement(parent, "Person")
    _items(
        element,
        person,
        ["Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity", "PostCode", "UPN",
         "UniqueLearnerNumber", "UPNunknown"],
    )  # fmt: skip
    for request in person.requests:
        _request(element, request)


def to_element(sen2: Sen2Return, *, generated_at: dt.datetime | None = None) -> ET.Element:
    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    ET.SubElement(details, "Collection").text = "SEN2"
    ET.SubElement(details, "Year").text = str(sen2.census_date.year)
    ET.SubElement(details, "ReferenceDate").text = sen2.census_date.isoformat()
    source = ET.SubElement(header, "Source")
    ET.SubElement(source, "SourceLevel").text = "L"
    ET.SubElement(source, "LEA").text = sen2.la_code
    ET.SubElement(source, "SoftwareCode").text = SOFTWARE_CODE
    ET.SubElement(source, "Release").text = RELEASE
    ET.SubElement(source, "SerialNo").text = "001"
    stamp = timezone.localtime(generated_at or timezone.now()).replace(microsecond=0, tzinfo=None)
    ET.SubElement(source, "DateTime").text = stamp.isoformat()
    persons = ET.SubElement(message, "Persons")
    for person in sen2.persons:
        _person(persons, person)
    return message


def to_xml(sen2: Sen2Return, *, generated_at: dt.datetime | None = None) -> bytes:
    """The return as UTF-8 XML bytes, with a declaration."""
    element = to_element(sen2, generated_at=generated_at)
    ET.indent(element, space="  ")
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)
