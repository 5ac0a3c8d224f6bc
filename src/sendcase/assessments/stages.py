"""What each stage means, in plain English, for staff and for families."""

from .models import RequestStatus

STAGE_TEXT = {
    RequestStatus.RECEIVED: "The request has been received. The council must decide whether to carry out an "
    "EHC needs assessment.",
    RequestStatus.ASSESSING: "The council agreed to assess. Advice is being gathered from the people who "
    "work with the child.",
    RequestStatus.NOT_ASSESSING: "The council decided not to carry out an assessment. The family can "
    "appeal and can ask for mediation.",
    RequestStatus.ISSUE_DECIDED: "The council decided to issue an EHC plan. The draft plan is being written.",
    RequestStatus.NOT_ISSUING: "After the assessment the council decided not to issue an EHC plan. "
    "The family can appeal and can ask for mediation.",
    RequestStatus.DRAFT_SERVED: "The draft plan has been sent to the family for their comments and choice of "
    "school. Schools or settings are being consulted.",
    RequestStatus.FINAL_ISSUED: "The final EHC plan has been issued.",
    RequestStatus.WITHDRAWN: "The request was withdrawn.",
    RequestStatus.MOVED_OUT: "The child or young person moved out of the area before the request finished.",
}
