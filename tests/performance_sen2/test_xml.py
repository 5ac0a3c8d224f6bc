"""The XML: SEN2's structure and item names, in order, with empty items left out."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest

from sendcase.performance.sen2.collect import sen2_return
from sendcase.performance.sen2.xml import to_xml

from .factories import (
    CENSUS,
    FinalPlanExceptionFactory,
    PlacementFactory,
    PlanFactory,
    ReviewFactory,
    Sen2ChildFactory,
    issued_request,
    plan_from_request,
)  # noqa: E501

pytestmark = pytest.mark.django_db


def _xml() -> ET.Element:
    return ET.fromstring(to_xml(sen2_return(CENSUS, la_code="330")))  # noqa: S314 - our own output


def test_header():
    root = _xml()
    assert root.tag == "Message"
    assert root.findtext("Header/CollectionDetails/Collection") == "SEN2"
    assert root.findtext("Header/CollectionDetails/Year") == "2026"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-01-15"
    assert root.findtext("Header/Source/SourceLevel") == "L"
    assert root.findtext("Header/Source/LEA") == "330"
    assert [root.findtext("Header/Source/DMO"), root.findtext("Header/Source/DCO")] == ["Y", "N"]
    assert root.find("Persons") is not None and len(root.find("Persons")) == 0


def test_person_request_assessment_plan_and_active_plan():
    child = Sen2ChildFactory(legal_first_name="Zara", legal_last_name="O'Neil & Co")
    request = issued_request(child, dt.date(2025, 2, 3), final=150)
    plan = plan_from_request(request)
    FinalPlanExceptionFactory(request=request)
    PlacementFactory(plan=plan, entry_on=dt.date(2025, 9, 1))
    ReviewFactory(plan=plan, meeting_on=dt.date(2025, 12, 1))
    root = _xml()
    person = root.find("Persons/Person")
    assert [e.tag for e in person][:8] == [
        "Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity", "PostCode", "UPN", "Requests",
    ]  # fmt: skip
    assert person.findtext("Surname") == "O'Neil & Co"  # escaped by the writer, read back intact
    req = person.find("Requests")
    assert [e.tag for e in req] == [
        "ReceivedDate", "RequestSource", "RYA", "RequestOutcomeDate", "RequestOutcome", "RequestMediation",
        "RequestTribunal", "Assessment", "ActivePlans",
    ]  # fmt: skip
    assert req.findtext("ReceivedDate") == "2025-02-03"
    assert req.findtext("RequestOutcome") == "Y" and req.findtext("RYA") == "0"
    assert req.findtext("Assessment/AssessmentOutcome") == "Y"
    assert req.findtext("Assessment/Week20") == "1"
    assert req.findtext("Assessment/NamedPlan/StartDate") == "2025-07-03"
    assert req.find("Assessment/NamedPlan/CeaseDate") is None  # empty items are left out
    assert req.findtext("Assessment/NamedPlan/PlanDetail/URN") == str(plan.named_establishment.urn)
    assert [e.tag for e in req.find("Assessment/NamedPlan")] == ["StartDate", "PlanDetail"]
    active = req.find("ActivePlans")
    # The specification's order: placements and needs before the review items.
    assert [e.tag for e in active] == ["PlacementDetail", "SENneed", "ReviewMeeting"]
    assert active.findtext("ReviewMeeting") == "2025-12-01"
    assert active.findtext("PlacementDetail/EntryDate") == "2025-09-01"
    assert active.findtext("PlacementDetail/PlacementRank") == "1"
    assert active.findtext("SENneed/SENtype") == "ASD" and active.findtext("SENneed/SENtypeRank") == "1"


def test_declaration_and_encoding():
    PlanFactory(child=Sen2ChildFactory(legal_first_name="Zoë"))
    content = to_xml(sen2_return(CENSUS, la_code="330"))
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert "Zoë".encode() in content


def test_text_is_escaped_and_characters_xml_cannot_carry_are_dropped():
    PlanFactory(child=Sen2ChildFactory(legal_last_name="Smith <b>&\x07 Co"))
    person = _xml().find("Persons/Person")
    assert person.findtext("Surname") == "Smith <b>& Co"
