"""The performance dashboards in the browser: from the overview's tiles to an indicator, its breakdown,
the cases behind a figure and a child's record; recomputing a month; and who may not see any of it.
Every page passes axe-core (checked on each navigation)."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sendcase.core.models import Role
from sendcase.performance.compute import month_end, previous_month_end, snapshot_month
from sendcase.portal.models import TotpDevice
from tests.factories import PASSWORD, ChildFactory, LocalityFactory, UserFactory
from tests.performance import factories as f

from .helpers import assert_error_summary, follow, follow_nav, sign_in, submit, success_banner, url_for

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(db):
    """New plans over the last three months in two localities, and the snapshots for those months."""
    last = previous_month_end(timezone.localdate())
    first_of_last = last.replace(day=1)
    east, west = LocalityFactory(code="east", name="East"), LocalityFactory(code="west", name="West")
    ontime = ChildFactory(legal_first_name="Ola", legal_last_name="Ontime", locality=east)
    late = ChildFactory(legal_first_name="Lee", legal_last_name="Later", locality=west)
    issued = first_of_last + dt.timedelta(days=2)
    f.request(
        ontime,
        received=issued - dt.timedelta(weeks=18),
        decided=issued - dt.timedelta(weeks=14),
        final=issued,
    )
    f.request(
        late, received=issued - dt.timedelta(weeks=25), decided=issued - dt.timedelta(weeks=20), final=issued
    )
    f.plan(ontime, issued=issued)
    earlier = previous_month_end(previous_month_end(last))
    for period_end in (earlier, previous_month_end(last), last):
        snapshot_month(period_end)
    return {"last": last, "ontime": ontime, "late": late}


def test_from_the_overview_to_the_child_behind_a_figure(page: Page, live_server, head_of_service, figures):
    sign_in(page, live_server, "head", PASSWORD)
    follow_nav(page, "Performance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service performance")
    tile = page.locator("#tile-plans_20_weeks_incl_rolling")
    expect(tile).to_contain_text("50.0%")
    expect(tile.get_by_role("img")).to_have_count(0)  # one computed month with plans: no sparkline yet
    expect(tile).to_contain_text("Not enough months computed")

    follow(page, "New plans issued within 20 weeks, including exceptions (rolling 12 months)")
    expect(page.locator("#headline")).to_contain_text("1 of 2")
    expect(page.locator("#commentary")).to_contain_text("England")
    expect(page.get_by_role("img", name=re.compile("month by month"))).to_be_visible()
    page.get_by_label("Break down by").select_option("locality")
    submit(page, "Show")
    breakdown = page.get_by_role("table", name=re.compile("By locality"))
    expect(breakdown.locator("tbody tr")).to_have_count(2)

    follow(page, "See cases for West")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases behind the figure")
    expect(page.locator("#cases tbody tr")).to_have_count(1)
    follow(page, "Lee Later")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lee")


def test_recomputing_a_month(page: Page, live_server, head_of_service, figures):
    sign_in(page, live_server, "head", PASSWORD)
    page.goto(url_for(live_server, "performance:overview") + f"?period={figures['last']:%Y-%m}")
    submit(page, f"Recompute {figures['last']:%B %Y}")
    expect(success_banner(page)).to_contain_text(f"Figures for {figures['last']:%B %Y} recomputed")


def test_board_members_read_but_cannot_recompute_and_families_are_refused(page: Page, live_server, figures):
    UserFactory(username="board", role=Role.READ_ONLY)
    parent = UserFactory(username="parent", role=Role.FAMILY)
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=parent, secret=secret, confirmed_at=timezone.now())
    sign_in(page, live_server, "board", PASSWORD)
    page.goto(url_for(live_server, "performance:overview"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Service performance")
    expect(page.get_by_role("button", name=re.compile("^Recompute"))).to_have_count(0)
    page.get_by_label("Month", exact=True).select_option(f"{month_end(figures['last']):%Y-%m}")
    submit(page, "Show month")
    page.context.clear_cookies()
    # A family account signs in with its password and then its authenticator app.
    sign_in(page, live_server, "parent", PASSWORD)
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    submit(page, "Sign in")
    response = page.goto(url_for(live_server, "performance:overview"))
    assert response is not None and response.status == 403


def test_programme_officer_changes_a_target_and_the_rag_follows(page: Page, live_server, figures):
    UserFactory(username="programme", role=Role.PROGRAMME_OFFICER)
    sign_in(page, live_server, "programme", PASSWORD)
    page.goto(url_for(live_server, "performance:indicator", indicator_id="plans_20_weeks_incl_rolling"))
    expect(page.locator("#summary")).to_contain_text("Near target")  # 50% against the definition's 60%
    follow(page, re.compile(r"^Change the target"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set the target")

    page.get_by_label("Target", exact=True).fill("120")
    submit(page, "Save the target")
    assert_error_summary(page, "Say why the target is being set or changed")
    page.get_by_label("Why is the target being set or changed?").fill("Agreed by the improvement board")
    submit(page, "Save the target")
    assert_error_summary(page, "The target must be a percentage from 0 to 100")  # the service's check

    page.get_by_label("Target", exact=True).fill("50")
    page.get_by_label("Amber margin").fill("0")
    # It applies from the month being looked at unless another is chosen.
    shown_month = page.get_by_label("Applies from").locator("option:checked").inner_text()
    submit(page, "Save the target")
    expect(success_banner(page)).to_contain_text(f"from {shown_month}")
    expect(page.locator("#summary")).to_contain_text("On target")
    expect(page.locator("#series tbody tr").first).to_contain_text("50.0%")  # that month's target
    expect(page.locator("#target-history + table")).to_contain_text("Agreed by the improvement board")
