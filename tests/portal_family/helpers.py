"""Moving a case to the draft plan stage through the real assessment services, as an officer would."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sendcase.assessments import services

from ..factories import AssessmentRequestFactory


def case_with_draft(child, officer, *, served_days_ago: int = 3):
    today = timezone.localdate()
    request = AssessmentRequestFactory(child=child, received_on=today - dt.timedelta(days=110))
    services.assessment_decision_record(
        acting_user=officer, request=request, decided_on=today - dt.timedelta(days=100), assess=True
    )
    request.refresh_from_db()
    services.issue_decision_record(
        acting_user=officer, request=request, decided_on=today - dt.timedelta(days=20), issue=True
    )
    request.refresh_from_db()
    services.draft_plan_serve(
        acting_user=officer, request=request, served_on=today - dt.timedelta(days=served_days_ago)
    )
    request.refresh_from_db()
    return request
