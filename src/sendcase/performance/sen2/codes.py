"""SEN2 code sets, in one place, so a change in DfE's specification is one edit.

Codes taken from the product's own reference data (which already follows SEN2): sex, ethnicity, need
type, cease reason, request source and setting codes. The outcome and review codes below, and the header's
designated officer codes, are SEN2's own; docs/sen2.md says where each was checked and what is still to
be checked against the specification for the collection year before submitting.
"""

from __future__ import annotations

from sendcase.assessments.models import SEN2_REQUEST_SOURCE
from sendcase.plans.models import CeaseReason, ReviewDecision, SettingCode
from sendcase.settings_data.codes import Ethnicity, NeedType, Sex

# Request outcome (module 2): always reported; a date goes with every outcome except "yet to be made".
REQUEST_ASSESS = "Y"  # the authority proceeded with an EHC needs assessment
REQUEST_NOT_ASSESS = "N"  # decided not to assess
REQUEST_PENDING = "A"  # decision yet to be made
REQUEST_WITHDRAWN = "W"  # withdrawn or ceased (moved away, left education, died) before a decision
# Historical: decided before the collection period, or no request on record because the plan was
# transferred in or pre-dates the records (also an assessment outcome).
HISTORIC = "H"

# Assessment outcome (module 3): the decision whether to issue a plan.
ASSESSMENT_ISSUE = "Y"
ASSESSMENT_NOT_ISSUE = "N"
ASSESSMENT_PENDING = "A"  # decision not yet made
ASSESSMENT_WITHDRAWN = "W"

# Header: whether the area has a designated medical officer (DMO) and a designated clinical officer
# (DCO). The specification's codes are Y, N and R; set per authority (SEN2_DMO, SEN2_DCO).
DESIGNATED_OFFICER_CODES = frozenset({"Y", "N", "R"})

# Annual review decision (module 5a).
REVIEW_OUTCOMES = {
    ReviewDecision.MAINTAIN: "M",
    ReviewDecision.AMEND: "A",
    ReviewDecision.CEASE: "C",
}

CODE_SETS: dict[str, frozenset] = {
    "Sex": frozenset(Sex.values),
    "Ethnicity": frozenset(Ethnicity.values),
    "RequestSource": frozenset(SEN2_REQUEST_SOURCE.values()),
    "RequestOutcome": frozenset(
        {REQUEST_ASSESS, REQUEST_NOT_ASSESS, REQUEST_PENDING, REQUEST_WITHDRAWN, HISTORIC}
    ),
    "AssessmentOutcome": frozenset(
        {ASSESSMENT_ISSUE, ASSESSMENT_NOT_ISSUE, ASSESSMENT_PENDING, ASSESSMENT_WITHDRAWN, HISTORIC}
    ),
    "DMO": DESIGNATED_OFFICER_CODES,
    "DCO": DESIGNATED_OFFICER_CODES,
    "CeaseReason": frozenset(CeaseReason.values),
    "SENSetting": frozenset(SettingCode.values),
    "SENtype": frozenset(NeedType.values),
    "ReviewOutcome": frozenset(REVIEW_OUTCOMES.values()),
}
