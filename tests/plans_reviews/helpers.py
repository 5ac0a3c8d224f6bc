"""Plans in any review, cessation or placement state, built through the real services.

Every date is in the past relative to `timezone.localdate()` (the services refuse future dates), so the
plan is issued long enough ago for a whole review cycle to fit before today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sendcase.core.models import AuditEntry
from sendcase.people.models import CaseEvent
from sendcase.plans.models import AnnualReview, EHCPlan
from sendcase.plans.services import reviews as rs
from sendcase.plans.services import versions as vs
from tests.assessments.helpers import Timeline, drive_to

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def complete_content(establishment_id: int | None) -> dict:
    """Content that may be issued: one need, outcome and provision item, and a named school."""
    return {
        "schema": 1,
        "A": {"views": "Likes trains", "interests": "Drawing", "aspirations": "To be a driver"},
        "B": {"needs": [{"id": "n1", "code": "SLCN", "rank": 1, "description": "Speech and language"}]},
        "C": {"description": ""},
        "D": {"description": ""},
        "E": {
            "outcomes": [
                {"id": "o1", "text": "Speak in sentences", "timescale": "July 2027", "needs": ["n1"]}
            ]
        },
        "F": {
            "items": [
                {
                    "id": "f1",
                    "what": "Speech and language therapy",
                    "who": "NHS therapist",
                    "frequency": "1 session each week",
                    "duration": "45 minutes until July 2027",
                    "group_size": "1:1",
                    "outcomes": ["o1"],
                }
            ]
        },
        "G": {"items": []},
        "H1": {"items": []},
        "H2": {"items": []},
        "I": {"establishment_id": establishment_id, "setting_type": "" if establishment_id else "mainstream"},
        "J": {"kinds": [], "amounts": {}, "notes": ""},
        "K": {"advice": []},
    }


def issued_plan(user, *, days_ago: int = 300, child=None) -> EHCPlan:
    """An active plan issued (days_ago - 120) days ago, with version 1 recorded as issued."""
    request = drive_to("final_issued", user=user, child=child, timeline=Timeline.ago(days_ago))
    plan = EHCPlan.objects.get(request=request)
    draft = vs.draft_start(acting_user=user, plan=plan)
    draft = vs.draft_save(
        acting_user=user,
        version=draft,
        expected_lock_version=draft.lock_version,
        content=complete_content(plan.named_establishment_id),
    )
    vs.version_issue(acting_user=user, version=draft, issued_on=plan.issued_on)
    return EHCPlan.objects.get(pk=plan.pk)


@dataclass(frozen=True)
class Cycle:
    """Review dates counted from the plan's issue date."""

    notice: dt.date
    meeting: dt.date
    report: dt.date
    decided: dt.date
    amendment_notice: dt.date
    amended: dt.date

    @classmethod
    def after(cls, issued_on: dt.date) -> Cycle:
        return cls(
            notice=issued_on + 10 * DAY,
            meeting=issued_on + 30 * DAY,
            report=issued_on + 35 * DAY,
            decided=issued_on + 40 * DAY,
            amendment_notice=issued_on + 41 * DAY,
            amended=issued_on + 60 * DAY,
        )


def review_at(user, plan: EHCPlan, stage: str, *, decision: str = "amend") -> AnnualReview:
    """Open the plan's review and drive it to `stage` (due, scheduled, held, report_received, decided,
    amendment_notice, completed)."""
    c = Cycle.after(plan.issued_on)
    review = rs.review_open(acting_user=user, plan=plan)
    steps = ["due", "scheduled", "held", "report_received", "decided", "amendment_notice", "completed"]
    target = steps.index(stage)
    if target >= 1:
        review = rs.review_schedule(
            acting_user=user,
            review=review,
            meeting_on=c.meeting,
            invitees="Parent, SENCO",
            notice_sent_on=c.notice,
        )
    if target >= 2:
        review = rs.review_meeting_held(acting_user=user, review=review, held_on=c.meeting)
    if target >= 3:
        review = rs.review_report_received(acting_user=user, review=review, received_on=c.report)
    if target >= 4:
        review = rs.review_decide(
            acting_user=user,
            review=review,
            decision=decision,
            decided_on=c.decided,
            reason="Needs have changed",
        )
    if target >= 5:
        review = rs.amendment_notice_send(acting_user=user, review=review, sent_on=c.amendment_notice)
    if target >= 6:
        review = rs.amended_plan_issue(acting_user=user, review=review, issued_on=c.amended)
    return AnnualReview.objects.get(pk=review.pk)


def counts() -> tuple[int, int]:
    return CaseEvent.objects.count(), AuditEntry.objects.count()
