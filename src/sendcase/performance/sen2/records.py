"""The SEN2 return's modules as plain data.

Field names follow the SEN2 XML item names (see docs/sen2.md for the structure followed). Each record
also keeps where it came from (`child_id`, `request_id`, `plan_id`, ...), so a validation problem can
link to the page where it is fixed, and the facts a rule needs that the XML does not carry (for example
how many exceptions to the 20-week limit were recorded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class PlanDetail:
    """A setting named in the plan (module 4b)."""

    URN: int | None = None
    UKPRN: int | None = None
    SENSetting: str = ""
    PlacementRank: int = 1
    SENunitIndicator: bool = False
    ResourcedProvisionIndicator: bool = False


@dataclass
class NamedPlan:
    """The EHC plan that followed an assessment (module 4a)."""

    plan_id: int | None
    StartDate: dt.date | None
    CeaseDate: dt.date | None = None
    CeaseReason: int | None = None
    details: list[PlanDetail] = field(default_factory=list)


@dataclass
class Assessment:
    """The EHC needs assessment that followed a decision to assess (module 3)."""

    AssessmentOutcome: str = ""
    AssessmentOutcomeDate: dt.date | None = None
    AssessmentMediation: bool = False
    AssessmentTribunal: bool = False
    OtherMediation: bool = False
    OtherTribunal: bool = False
    Week20: bool | None = None  # 20-week time limit exceptions apply; None when no plan was issued
    exceptions_recorded: int = 0  # exceptions to the final-plan limit recorded on the request
    named_plan: NamedPlan | None = None


@dataclass
class PlacementDetail:
    """Where the child was educated while the plan was in force (module 5b)."""

    placement_id: int | None
    URN: int | None = None
    UKPRN: int | None = None
    SENSetting: str = ""
    PlacementRank: int = 1
    EntryDate: dt.date | None = None
    LeavingDate: dt.date | None = None
    SENunitIndicator: bool = False
    ResourcedProvisionIndicator: bool = False


@dataclass
class SENNeed:
    SENtype: str
    SENtypeRank: int = 1


@dataclass
class ActivePlan:
    """A plan in force at some time in the year or on census day (module 5a)."""

    plan_id: int
    in_force_on_census: bool
    plan_start: dt.date | None = None
    TransferLA: str = ""
    ReviewMeeting: dt.date | None = None
    ReviewOutcome: str = ""
    ReviewDraft: dt.date | None = None
    PhaseTransferDueDate: dt.date | None = None
    PhaseTransferFinalDate: dt.date | None = None
    LastReview: dt.date | None = None
    last_meeting_before_census: dt.date | None = None  # any date, for the overdue-review warning
    placements: list[PlacementDetail] = field(default_factory=list)
    needs: list[SENNeed] = field(default_factory=list)


@dataclass
class Request:
    """A request for an EHC needs assessment (module 2). `request_id` is None for a plan with no
    recorded request (transferred in, or made before the service's records began)."""

    request_id: int | None
    ReceivedDate: dt.date | None
    RequestSource: int | None = None
    RYA: bool = False
    RequestOutcomeDate: dt.date | None = None
    RequestOutcome: str = ""
    RequestMediation: bool = False
    RequestTribunal: bool = False
    assessment: Assessment | None = None
    active_plan: ActivePlan | None = None


@dataclass
class Person:
    """A child or young person in the return (module 1)."""

    child_id: int
    Surname: str
    Forename: str
    PersonBirthDate: dt.date | None
    Sex: str
    Ethnicity: str
    PostCode: str = ""
    UPN: str = ""
    UniqueLearnerNumber: str = ""
    UPNunknown: str = ""
    requests: list[Request] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.Forename} {self.Surname}".strip()


@dataclass
class Sen2Return:
    census_date: dt.date
    la_code: str
    persons: list[Person]
    # Header: whether the area has a designated medical officer and a designated clinical officer.
    DMO: str = ""
    DCO: str = ""
