"""Decision letters for a refusal to assess or to issue a plan, with the family's rights and dates.

Regs 5(3) and 10(3): the letter must tell the family about their right to appeal, the time limits,
mediation, disagreement resolution and information, advice and support services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sendcase import statutory
from sendcase.people.models import Contact

from .models import AssessmentRequest, RequestStatus


@dataclass(frozen=True)
class DecisionLetter:
    request: AssessmentRequest
    addressee: str
    address_lines: list[str]
    decision_heading: str
    decision_text: str
    decided_on: dt.date
    reasons: str
    mediation_by: dt.date
    appeal_by: dt.date


LETTER_STATES = {RequestStatus.NOT_ASSESSING, RequestStatus.NOT_ISSUING}


def decision_letter(request: AssessmentRequest) -> DecisionLetter:
    """The letter for a closed refusal. The young person is the addressee when they act for themselves."""
    if request.status not in LETTER_STATES:
        raise ValueError("Only a decision not to assess or not to issue has a refusal letter.")
    child = request.child
    contact = _main_contact(child.pk)
    if child.acts_for_self or contact is None:
        addressee = child.legal_name
        address = [child.address_line_1, child.address_line_2, child.town, child.postcode]
    else:
        addressee = f"{contact.first_name} {contact.last_name}"
        address = [*contact.address.splitlines(), contact.postcode]
    if request.status == RequestStatus.NOT_ASSESSING:
        decided_on = request.assessment_decided_on
        heading = "Decision not to carry out an EHC needs assessment"
        text = (
            f"We have considered the request for an education, health and care (EHC) needs assessment for "
            f"{child.full_name}, received on {request.received_on:%-d %B %Y}. We have decided not to "
            "carry out an assessment."
        )
    else:
        decided_on = request.issue_decided_on
        heading = "Decision not to issue an EHC plan"
        text = (
            f"We have completed the EHC needs assessment for {child.full_name}. We have decided not to issue "
            "an EHC plan."
        )
    return DecisionLetter(
        request=request,
        addressee=addressee,
        address_lines=[line for line in address if line],
        decision_heading=heading,
        decision_text=text,
        decided_on=decided_on,
        reasons=request.decision_reason,
        mediation_by=statutory.mediation_contact_deadline(decided_on),
        appeal_by=statutory.appeal_deadline(decided_on),
    )


def _main_contact(child_id: int) -> Contact | None:
    contacts = Contact.objects.filter(child_id=child_id, parental_responsibility=True)
    return contacts.order_by("-is_main_contact", "id").first()
