"""Every improvement page, read and edit, passes axe-core, including forms showing their errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sendcase.core.models import Role
from tests.factories import PASSWORD, UserFactory
from tests.improvement.factories import (
    ActionFactory,
    BoardMeetingFactory,
    BudgetActualFactory,
    EvidenceFactory,
    MilestoneFactory,
    RecommendationFactory,
    RiskFactory,
)

from .helpers import assert_error_summary, sign_in, submit

pytestmark = pytest.mark.browser


def test_every_improvement_page_is_accessible(page: Page, live_server, db) -> None:
    UserFactory(username="programme", role=Role.PROGRAMME_OFFICER)
    today = timezone.localdate()
    action = ActionFactory(
        due_on=today - dt.timedelta(days=3), status="at_risk", indicator_ids=["plans_20_weeks_incl_year"]
    )
    EvidenceFactory(action=action)
    milestone = MilestoneFactory(objective=action.objective, due_on=today - dt.timedelta(days=1))
    risk = RiskFactory(likelihood=5, impact=4, review_on=today - dt.timedelta(days=1))
    rec = RecommendationFactory()
    rec.actions.add(action)
    actual = BudgetActualFactory()
    meeting = BoardMeetingFactory(held_on=today.replace(day=1))
    o, line = action.objective.pk, actual.line
    urls = [
        "/improvement/",
        f"/improvement/objectives/{o}/",
        f"/improvement/objectives/{o}/edit/",
        f"/improvement/objectives/{o}/milestones/new/",
        f"/improvement/objectives/{o}/milestones/{milestone.pk}/achieved/",
        "/improvement/actions/",
        "/improvement/actions/?rag=red",
        "/improvement/actions/new/",
        f"/improvement/actions/{action.pk}/",
        f"/improvement/actions/{action.pk}/edit/",
        f"/improvement/actions/{action.pk}/status/",
        f"/improvement/actions/{action.pk}/evidence/new/",
        "/improvement/risks/",
        "/improvement/risks/new/",
        f"/improvement/risks/{risk.pk}/",
        f"/improvement/risks/{risk.pk}/edit/",
        "/improvement/recommendations/",
        "/improvement/recommendations/new/",
        f"/improvement/recommendations/{rec.pk}/",
        f"/improvement/recommendations/{rec.pk}/edit/",
        f"/improvement/budget/?year={line.financial_year}",
        "/improvement/budget/new/",
        f"/improvement/budget/{line.pk}/",
        f"/improvement/budget/{line.pk}/edit/",
        f"/improvement/budget/{line.pk}/actuals/",
        "/improvement/board/",
        "/improvement/board/new/",
        f"/improvement/board/{meeting.pk}/",
        f"/improvement/board/{meeting.pk}/edit/",
        f"/improvement/board/{meeting.pk}/items/new/",
        "/improvement/board-pack/",
        f"/improvement/board-pack/{today:%Y-%m}/",
    ]
    sign_in(page, live_server, "programme", PASSWORD)
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url

    page.goto(live_server.url + "/improvement/risks/new/")
    submit(page, "Add")
    assert_error_summary(page, "Enter the risk", "Select who owns the risk", "Select the likelihood (1 to 5)")
    page.goto(live_server.url + f"/improvement/budget/{line.pk}/actuals/")
    page.get_by_label("Amount spent, in pounds").fill("lots")
    submit(page, "Record actual")
    assert_error_summary(page, "Select the month", "Enter the amount spent as a number, like 1250.50")
