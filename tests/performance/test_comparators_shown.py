"""Comparators on the indicator page and in the board rows: the latest published year up to the
period's, England/region/neighbours with quartile band and rank, and a suppressed figure shown as
'Suppressed', never as zero."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from sendcase.core.models import Role
from sendcase.performance.comparison import comparison_for
from sendcase.performance.compute import snapshot_month
from sendcase.performance.indicators.registry import INDICATORS
from sendcase.performance.published.release import PACKAGED_RELEASE_DIR
from tests.factories import UserFactory

from . import factories as f

D = f.D
pytestmark = pytest.mark.django_db


def test_the_latest_published_year_up_to_the_period_is_used() -> None:
    timely = INDICATORS["plans_20_weeks_incl_rolling"]
    assert comparison_for(timely, D(2025, 6, 30)).year == 2024
    assert comparison_for(timely, D(2022, 6, 30)).year == 2022
    assert comparison_for(timely, D(2010, 6, 30)) is None  # nothing published that early
    assert comparison_for(INDICATORS["advice_6_weeks"], D(2025, 6, 30)) is None  # not a published measure


def test_rank_and_quartile_band_for_the_authority(settings) -> None:
    settings.AUTHORITY_LA_CODE = "330"
    found = comparison_for(INDICATORS["plans_20_weeks_incl_year"], D(2025, 6, 30))
    assert found.england.status == "ok" and found.england.value is not None
    assert 1 <= found.quartile_band <= 4 and 1 <= found.rank <= found.of
    assert len(found.neighbours) == 10


def test_an_unknown_authority_code_gives_no_comparators(settings) -> None:
    settings.AUTHORITY_LA_CODE = "000"
    assert comparison_for(INDICATORS["plans_20_weeks_incl_year"], D(2025, 6, 30)) is None


@pytest.fixture
def suppressed_release(settings, tmp_path: Path) -> Path:
    """The packaged release with the authority's 4-week review decision figure published as 'x'."""
    copy = tmp_path / "release"
    shutil.copytree(PACKAGED_RELEASE_DIR, copy)
    path = copy / "data" / "annual_reviews.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["old_la_code"] == "330" and row["geographic_level"] == "Local authority":
            row["pc_decsion_4weeks"] = "x"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    settings.PUBLISHED_STATISTICS_DIR = str(copy)
    return copy


def test_a_suppressed_figure_is_shown_as_suppressed_never_zero(suppressed_release) -> None:
    found = comparison_for(INDICATORS["review_decisions_4_weeks"], D(2025, 6, 30))
    assert found.authority.status == "suppressed" and found.authority.value is None
    assert found.rank is None and found.quartile_band is None
    plan = f.plan(issued=D(2024, 3, 1))
    f.review(plan, due=D(2025, 3, 1), held=D(2025, 3, 1), decided=D(2025, 3, 10))
    snapshot_month(D(2025, 6, 30))
    client = Client()
    client.force_login(UserFactory(username="board", role=Role.READ_ONLY))
    html = client.get(
        reverse("performance:indicator", args=["review_decisions_4_weeks"]), {"period": "2025-06"}
    ).content.decode()
    comparators = html[
        html.index('id="comparators"') : html.index("</table>", html.index('id="comparators"'))
    ]
    assert "Suppressed" in comparators
    assert ">0%<" not in comparators and ">0.0%<" not in comparators
    assert "No rank or quartile band" in html
