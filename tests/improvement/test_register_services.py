"""Risks, recommendations, budget lines and board meetings through their services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sendcase.core.errors import NotPermitted, ServiceError, StaleEdit
from sendcase.improvement import services
from sendcase.improvement.models import BudgetActual, ChangeRecord, Risk, RiskScore

from .factories import (
    ActionFactory,
    BoardMeetingFactory,
    BudgetLineFactory,
    RecommendationFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def _labels(obj):
    return [
        c.label for c in ChangeRecord.objects.filter(item_type=obj._meta.label, item_id=obj.pk).order_by("id")
    ]


def _risk_kwargs(risk, **over):
    values = dict(
        title=risk.title,
        owner=risk.owner,
        likelihood=risk.likelihood,
        impact=risk.impact,
        review_on=risk.review_on,
        status=risk.status,
        kind=risk.kind,
        mitigation=risk.mitigation,
    )
    values.update(over)
    return values


def test_risk_is_scored_and_banded(programme_officer):
    risk = services.risk_create(
        acting_user=programme_officer,
        kind="risk",
        title="Educational psychologist capacity",
        owner=programme_officer,
        likelihood=4,
        impact=4,
        review_on=today() + dt.timedelta(days=30),
        mitigation="Locum EPs",
    )
    assert risk.reference == "R-001" and risk.score == 16 and risk.band.label == "Very high"
    assert list(risk.scores.values_list("score", flat=True)) == [16]


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, None)])
def test_risk_scale_is_1_to_5(programme_officer, likelihood, impact):
    with pytest.raises(ServiceError):
        services.risk_create(
            acting_user=programme_officer,
            kind="risk",
            title="x",
            owner=programme_officer,
            likelihood=likelihood,
            impact=impact,
            review_on=today(),
        )


def test_the_database_refuses_a_score_that_is_not_likelihood_times_impact():
    risk = RiskFactory(likelihood=2, impact=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(score=20)


def test_rescoring_keeps_the_score_history_and_the_trend(programme_officer):
    risk = RiskFactory(likelihood=3, impact=4)
    services.risk_update(
        acting_user=programme_officer,
        risk=risk,
        expected_version=1,
        **_risk_kwargs(risk, likelihood=4, impact=4),
        note="Recruitment failed",
    )
    risk.refresh_from_db()
    services.risk_update(
        acting_user=programme_officer,
        risk=risk,
        expected_version=2,
        **_risk_kwargs(risk, mitigation="Agency EPs"),
    )
    risk.refresh_from_db()
    services.risk_update(
        acting_user=programme_officer, risk=risk, expected_version=3, **_risk_kwargs(risk, likelihood=2)
    )
    scores = list(RiskScore.objects.filter(risk=risk).values_list("score", flat=True))
    assert scores == [12, 16, 8]  # the mitigation change alone did not add a score
    history = _labels(risk)
    assert history.count("Likelihood") == 2 and "Mitigation" in history and "Score" in history


def test_closing_a_risk_needs_a_reason_and_stale_reviews_are_refused(programme_officer):
    risk = RiskFactory()
    with pytest.raises(ServiceError) as error:
        services.risk_update(
            acting_user=programme_officer,
            risk=risk,
            expected_version=1,
            **_risk_kwargs(risk, status="closed"),
        )
    assert error.value.field == "note"
    services.risk_update(
        acting_user=programme_officer,
        risk=risk,
        expected_version=1,
        **_risk_kwargs(risk, status="closed"),
        note="Passed",
    )
    with pytest.raises(StaleEdit):
        services.risk_update(
            acting_user=programme_officer, risk=risk, expected_version=1, **_risk_kwargs(risk)
        )


def test_overdue_review_is_flagged_only_for_open_risks():
    past = today() - dt.timedelta(days=1)
    assert RiskFactory(review_on=past).review_overdue(today())
    assert not RiskFactory(review_on=past, status="closed").review_overdue(today())
    assert not RiskFactory(review_on=today()).review_overdue(today())


def test_board_members_cannot_review_risks(read_only_user):
    risk = RiskFactory()
    with pytest.raises(NotPermitted):
        services.risk_update(acting_user=read_only_user, risk=risk, expected_version=1, **_risk_kwargs(risk))


def test_recommendation_response_actions_and_history(programme_officer):
    first, second = ActionFactory(), ActionFactory()
    rec = services.recommendation_create(
        acting_user=programme_officer,
        source="commissioner",
        made_on=dt.date(2026, 6, 1),
        text="Agree a joint commissioning strategy",
        owner=programme_officer,
        actions=[first],
    )
    assert rec.reference == "REC-001" and rec.status == "open"
    with pytest.raises(ServiceError) as error:
        services.recommendation_update(
            acting_user=programme_officer,
            recommendation=rec,
            expected_version=1,
            source="commissioner",
            made_on=rec.made_on,
            text=rec.text,
            owner=programme_officer,
            status="accepted",
            actions=[first],
        )
    assert error.value.field == "response"
    services.recommendation_update(
        acting_user=programme_officer,
        recommendation=rec,
        expected_version=1,
        source="commissioner",
        made_on=rec.made_on,
        text=rec.text,
        owner=programme_officer,
        status="accepted",
        response="Accepted: strategy by March",
        actions=[first, second],
    )
    rec.refresh_from_db()
    assert rec.version == 2 and set(rec.actions.all()) == {first, second}
    assert "Linked actions" in _labels(rec) and "Status" in _labels(rec)
    with pytest.raises(ServiceError):
        services.recommendation_create(
            acting_user=programme_officer,
            source="commissioner",
            made_on=today() + dt.timedelta(days=1),
            text="x",
            owner=programme_officer,
        )


def test_relinking_actions_alone_still_bumps_the_version(programme_officer):
    rec = RecommendationFactory()
    action = ActionFactory()
    services.recommendation_update(
        acting_user=programme_officer,
        recommendation=rec,
        expected_version=1,
        source=rec.source,
        made_on=rec.made_on,
        text=rec.text,
        owner=rec.owner,
        status=rec.status,
        actions=[action],
    )
    rec.refresh_from_db()
    assert rec.version == 2


def test_budget_lines_and_monthly_actuals(programme_officer):
    line = services.budget_line_create(
        acting_user=programme_officer,
        workstream="Timeliness",
        title="Agency case officers",
        financial_year=2026,
        planned=Decimal("120000"),
    )
    with pytest.raises(ServiceError, match="already has a line"):
        services.budget_line_create(
            acting_user=programme_officer,
            workstream="Timeliness",
            title="Agency case officers",
            financial_year=2026,
            planned=Decimal("1"),
        )
    services.budget_actual_record(
        acting_user=programme_officer,
        line=line,
        expected_version=1,
        month=dt.date(2026, 4, 15),
        amount=Decimal("9000"),
    )
    services.budget_actual_record(
        acting_user=programme_officer,
        line=line,
        expected_version=2,
        month=dt.date(2026, 4, 1),
        amount=Decimal("9500"),
    )
    assert list(BudgetActual.objects.filter(line=line).values_list("month", "amount")) == [
        (dt.date(2026, 4, 1), Decimal("9500.00"))
    ]
    with pytest.raises(ServiceError, match="2026-27"):
        services.budget_actual_record(
            acting_user=programme_officer,
            line=line,
            expected_version=3,
            month=dt.date(2026, 3, 1),
            amount=Decimal("1"),
        )
    with pytest.raises(StaleEdit):
        services.budget_actual_record(
            acting_user=programme_officer,
            line=line,
            expected_version=1,
            month=dt.date(2026, 5, 1),
            amount=Decimal("1"),
        )
    history = ChangeRecord.objects.filter(
        item_type="improvement.BudgetLine", item_id=line.pk, field="actual"
    ).order_by("id")
    assert [(c.old_value, c.new_value) for c in history] == [("", "£9,000.00"), ("£9,000.00", "£9,500.00")]
    with pytest.raises(ServiceError):
        services.budget_line_create(
            acting_user=programme_officer,
            workstream="x",
            title="y",
            financial_year=2026,
            planned=Decimal("-1"),
        )


def test_budget_line_update_keeps_history(programme_officer):
    line = BudgetLineFactory(planned=Decimal("1000"))
    services.budget_line_update(
        acting_user=programme_officer,
        line=line,
        expected_version=1,
        workstream=line.workstream,
        title=line.title,
        planned=Decimal("1500"),
        forecast=Decimal("1600"),
    )
    change = ChangeRecord.objects.get(item_type="improvement.BudgetLine", item_id=line.pk, field="planned")
    assert (change.old_value, change.new_value) == ("£1,000.00", "£1,500.00")


def test_board_meeting_decisions_and_actions_arising(programme_officer):
    meeting = services.board_meeting_create(
        acting_user=programme_officer, held_on=dt.date(2026, 10, 14), attendees="Chair\nDCS"
    )
    assert meeting.attendee_list == ["Chair", "DCS"]
    with pytest.raises(ServiceError, match="already"):
        services.board_meeting_create(acting_user=programme_officer, held_on=dt.date(2026, 10, 14))
    action = ActionFactory()
    services.board_item_add(
        acting_user=programme_officer,
        meeting=meeting,
        expected_version=1,
        kind="decision",
        text="Approve the plan",
    )
    with pytest.raises(ServiceError) as error:
        services.board_item_add(
            acting_user=programme_officer,
            meeting=meeting,
            expected_version=2,
            kind="action",
            text="Report back",
        )
    assert error.value.field == "owner"
    item = services.board_item_add(
        acting_user=programme_officer,
        meeting=meeting,
        expected_version=2,
        kind="action",
        text="Report back on EPs",
        owner=programme_officer,
        due_on=dt.date(2026, 11, 11),
        action=action,
    )
    assert item.action == action and meeting.items.count() == 2
    assert "Board action arising" in _labels(action)
    with pytest.raises(StaleEdit):
        services.board_meeting_update(
            acting_user=programme_officer,
            meeting=meeting,
            expected_version=1,
            held_on=meeting.held_on,
            title="x",
        )


def test_meeting_date_must_be_free(programme_officer):
    BoardMeetingFactory(held_on=dt.date(2026, 9, 9))
    meeting = BoardMeetingFactory(held_on=dt.date(2026, 10, 9))
    with pytest.raises(ServiceError):
        services.board_meeting_update(
            acting_user=programme_officer,
            meeting=meeting,
            expected_version=1,
            held_on=dt.date(2026, 9, 9),
            title="Board",
        )
