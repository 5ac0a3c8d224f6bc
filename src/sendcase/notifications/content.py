"""What each kind of message says. Plain English, short, one subject and body per kind.

The text is rendered when the message is queued and kept in its personalisation (`subject`, `body`), so
what was sent is what the outbox shows, and Notify's generic templates need only ((subject)) and ((body)).
Fields in braces come from the personalisation the router or reminder job builds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

# kind: (subject, body)
TEXTS: dict[str, tuple[str, str]] = {
    "request_received": (
        "We have received the request for an EHC needs assessment for {child_name}",
        "We received the request on {date}. We will decide whether to assess {child_name}'s needs by "
        "{decision_due}. Your reference is {reference}.",
    ),
    "assessment_agreed": (
        "We will assess {child_name}'s special educational needs",
        "On {date} we decided to carry out an EHC needs assessment for {child_name}. We will ask for advice "
        "from the people who know {child_name}, and we will tell you what happens next.",
    ),
    "assessment_refused": (
        "Our decision about an EHC needs assessment for {child_name}",
        "On {date} we decided not to carry out an EHC needs assessment for {child_name}. A letter explains "
        "why, and your right to mediation and to appeal.",
    ),
    "issue_agreed": (
        "We will write an EHC plan for {child_name}",
        "On {date} we decided to issue an EHC plan for {child_name}. We will send you a draft to comment on.",
    ),
    "issue_refused": (
        "Our decision about an EHC plan for {child_name}",
        "On {date} we decided not to issue an EHC plan for {child_name}. A letter explains why, and your "
        "right to mediation and to appeal.",
    ),
    "draft_served": (
        "The draft EHC plan for {child_name} is ready for your comments",
        "We sent you the draft EHC plan on {date}. You have until {comments_end} to comment and to tell us "
        "which school or setting you would like named in the plan.",
    ),
    "final_plan_issued": (
        "The final EHC plan for {child_name} has been issued",
        "We issued {child_name}'s final EHC plan on {date}. A letter with the plan explains your right to "
        "mediation and to appeal.",
    ),
    "review_scheduled": (
        "{child_name}'s annual review meeting",
        "The annual review meeting for {child_name}'s EHC plan is on {meeting_on}. Tell us if you cannot "
        "come or would like something discussed.",
    ),
    "question_answered": (
        "We have answered your question about {child_name}",
        "We answered your question on {date}. Sign in to see the answer.",
    ),
    "advice_requested": (
        "Request for advice for an EHC needs assessment: {reference}",
        "We asked for your advice on {date} for child {reference}. It is due by {due}. Sign in to the portal "
        "to see the request and send your advice.",
    ),
    "consultation_sent": (
        "Consultation about naming your school or setting: {reference}",
        "On {date} we consulted {establishment} about naming it in the EHC plan for child {reference}. "
        "Please answer by {due}. Sign in to the portal to see the papers and answer.",
    ),
    "advice_due_soon": (
        "Advice due by {due}: {reference}",
        "The advice we asked for on {requested_on} for child {reference} is due by {due}, in {days} days.",
    ),
    "advice_overdue": (
        "Advice overdue: {reference}",
        "The advice we asked for on {requested_on} for child {reference} was due by {due}. It is {days} days "
        "late. Please send it as soon as you can, or tell us when it will come.",
    ),
    "advice_escalated": (
        "Advice {days} days overdue on {officer}'s case {reference}",
        "{adviser} advice for child {reference}, requested on {requested_on}, was due by {due} and is {days} "
        "days late. The case officer is {officer}.",
    ),
    "consultation_due_soon": (
        "Consultation answer due by {due}: {reference}",
        "Our consultation with {establishment} about child {reference} should be answered by {due}, in "
        "{days} days.",
    ),
    "consultation_overdue": (
        "Consultation answer overdue: {reference}",
        "Our consultation with {establishment} about child {reference} was due to be answered by {due}. "
        "It is {days} days late. Please answer as soon as you can.",
    ),
    "consultation_escalated": (
        "Consultation {days} days overdue on {officer}'s case {reference}",
        "The consultation with {establishment} for child {reference}, sent on {sent_on}, was due by {due} "
        "and is {days} days late. The case officer is {officer}.",
    ),
    "draft_comments_ending": (
        "{days} days left to comment on {child_name}'s draft EHC plan",
        "Your time to comment on the draft EHC plan and to name a school or setting ends on {comments_end}.",
    ),
    "officer_digest": (
        "Your cases this week: {overdue} overdue, {due_this_week} due",
        "{lines}",
    ),
}


def interpreter_line(language: str) -> str:
    return (
        f"If you would like an interpreter in {language}, tell us and we will arrange one at no cost to you."
        if language
        else ""
    )


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The personalisation for a message: the fields, plus the rendered subject, body and sign-off."""
    subject, body = TEXTS[kind]
    values = _Blank({k: v for k, v in fields.items() if v is not None})
    rendered_body = body.format_map(values)
    if fields.get("interpreter_line"):
        rendered_body += "\n\n" + fields["interpreter_line"]
    return {
        **{k: v for k, v in fields.items() if v is not None},
        "subject": subject.format_map(values),
        "body": rendered_body,
        "authority": settings.AUTHORITY_NAME,
    }


LABELS: dict[str, str] = {
    "request_received": "Request received",
    "assessment_agreed": "Decided to assess",
    "assessment_refused": "Decided not to assess",
    "issue_agreed": "Decided to issue a plan",
    "issue_refused": "Decided not to issue a plan",
    "draft_served": "Draft plan sent",
    "final_plan_issued": "Final plan issued",
    "review_scheduled": "Annual review arranged",
    "question_answered": "Question answered",
    "advice_requested": "Advice requested",
    "consultation_sent": "School or setting consulted",
    "advice_due_soon": "Advice due soon",
    "advice_overdue": "Advice overdue",
    "advice_escalated": "Overdue advice escalated",
    "consultation_due_soon": "Consultation answer due soon",
    "consultation_overdue": "Consultation answer overdue",
    "consultation_escalated": "Overdue consultation escalated",
    "draft_comments_ending": "Draft plan comments ending",
    "officer_digest": "Officer's morning digest",
}


def kind_label(kind: str) -> str:
    return LABELS.get(kind, kind.replace("_", " ").capitalize())
