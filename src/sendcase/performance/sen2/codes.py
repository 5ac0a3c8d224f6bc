"""SEN2 code sets, in one place, so a change in DfE's specification is one edit.

Codes taken from the product's own reference data (which already follows SEN2): sex, ethnicity, need
type, cease reason, request source and setting codes. Codes this module defines because the product had
none (request and assessment outcomes, review outcome) are listed in docs/sen2.md with what they mean;
check them against the specification for the collection year before submitting.
"""

from __future__ import annotations

from sendcase.assessments.models import SEN2_REQUEST_SOURCE
from sendcase.plans.models import CeaseReason, ReviewDecision, SettingCode
from sendcase.settings_data.codes import Ethnicity, NeedType, Sex

# Request outcome (module 2).
REQUEST_ASSESS = "A"  # the authority decided to carry out an EHC needs assessment
REQUEST_NOT_ASSESS = "D"  # decided not to assess
REQUEST_WITHDRAWN = "W"  # withdrawn, or the child moved away, before a decision was made
HISTORIC = "H"  # no request on record: the plan was transferred in or pre-dates the records

# Assessment outcome (module 3): the decision whether to issue a plan.
ASSESSMENT_ISSUE = "Y"
ASSESSMENT_NOT_ISSUE = "N"
ASSESSMENT_WITHDRAWN = "W"

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
    "RequestOutcome": frozenset({REQUEST_ASSESS, REQUEST_NOT_ASSESS, REQUEST_WITHDRAWN, HISTORIC}),
    "AssessmentOutcome": frozenset({ASSESSMENT_ISSUE, ASSESSMENT_NOT_ISSUE, ASSESSMENT_WITHDRAWN, HISTORIC}),
    "CeaseReason": frozenset(CeaseReason.values),
    "SENSetting": frozenset(SettingCode.values),
    "SENtype": frozenset(NeedType.values),
    "ReviewOutcome": frozenset(REVIEW_OUTCOMES.values()),
}
