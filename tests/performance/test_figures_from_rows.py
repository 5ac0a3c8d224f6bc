"""The stored figures (counted per breakdown without keeping the rows' text) are exactly the figures of
the rows behind them: overall, and for every breakdown value, for every indicator."""

from __future__ import annotations

import datetime as dt

import pytest

from sendcase.assessments.models import AdviserType
from sendcase.performance.compute import compute, snapshot_month
from sendcase.performance.indicators.base import figure
from sendcase.performance.indicators.registry import INDICATOR_LIST
from sendcase.performance.models import OVERALL, IndicatorSnapshot
from sendcase.plans.models import NoPlaceReason
from sendcase.settings_data.codes import EstablishmentType
from tests.factories import ChildFactory, LocalityFactory, TeamFactory

from . import factories as f

D = f.D
JUNE = D(2025, 6, 30)
DAY = dt.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_history() -> None:
    """Children in two localities and teams, with plans, places, requests, advice, reviews and
    transfers, some on time and some late, so that every indicator has rows in more than one group."""
    east, west = LocalityFactory(code="east", name="East"), LocalityFactory(code="west", name="West")
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    kinds = [EstablishmentType.MAINSTREAM, EstablishmentType.SPECIAL, EstablishmentType.FURTHER_EDUCATION]
    for i in range(6):
        child = ChildFactory(date_of_birth=D(2008 + 3 * i % 15, 1 + i, 10), locality=(east, west)[i % 2])
        made = f.request(
            child,
            received=D(2024, 9, 2) + i * DAY,
            decided=D(2024, 10, 14) + 2 * i * DAY,
            final=D(2025, 1, 10) + 6 * i * DAY,
        )
        if i == 1:
            f.exception(made, starts=D(2024, 11, 1))
        f.advice(
            made, requested=D(2024, 10, 20), received=D(2024, 11, 25) + i * DAY, adviser=AdviserType.HEALTH
        )
        f.advice(made, requested=D(2024, 10, 20), received=D(2024, 12, 1), adviser=AdviserType.SOCIAL_CARE)
        plan = f.plan(child, issued=made.final_issued_on, need=("ASD", "SEMH", "SLCN")[i % 3])
        if i == 5:
            f.placement(child, entry=D(2025, 3, 1), kind=None, no_place_reason=NoPlaceReason.AWAITING_PLACE)
        else:
            f.placement(child, entry=made.final_issued_on, kind=kinds[i % 3])
        if i != 4:
            f.allocation(child, team=(north, south)[i % 2], started=D(2024, 9, 10))
        f.review(
            plan,
            due=D(2025, 5, 1) + i * DAY,
            held=D(2025, 4, 20) + 3 * i * DAY,
            decided=D(2025, 5, 10) + 4 * i * DAY,
            amendment_notice=D(2025, 5, 12) + 4 * i * DAY if i % 2 else None,
            amended=D(2025, 6, 20) if i % 2 else None,
        )
        f.phase_transfer(plan, deadline=D(2025, 2, 15), named=D(2025, 2, 1) + 5 * i * DAY)
    # Open requests at different stages and a refusal.
    f.request(received=D(2025, 5, 1))
    f.request(received=D(2025, 3, 1), decided=D(2025, 4, 1))
    f.request(received=D(2025, 2, 1), decided=D(2025, 3, 20), refused=True)


def test_every_figure_equals_the_figure_of_its_rows(mixed_history) -> None:
    for indicator in INDICATOR_LIST:
        result = compute(indicator, JUNE)
        assert result.rows, indicator.id
        assert result.overall == figure(indicator, result.rows), indicator.id
        for name in indicator.breakdowns:
            values = {r.attrs[name] for r in result.rows if r.attrs.get(name)}
            assert set(result.breakdowns[name]) == values, (indicator.id, name)
            for value, fig in result.breakdowns[name].items():
                members = [r for r in result.rows if r.attrs.get(name) == value]
                assert fig == figure(indicator, members), (indicator.id, name, value)


def test_stored_figures_are_the_computed_figures(mixed_history) -> None:
    snapshot_month(JUNE)
    stored = {
        (s.indicator, s.breakdown, s.breakdown_value): (s.numerator, s.denominator, s.value)
        for s in IndicatorSnapshot.objects.filter(period_end=JUNE)
    }
    expected = {}
    for indicator in INDICATOR_LIST:
        result = compute(indicator, JUNE)
        figures = [(OVERALL, OVERALL, result.overall)] + [
            (name, value, fig) for name, values in result.breakdowns.items() for value, fig in values.items()
        ]
        for name, value, fig in figures:
            expected[indicator.id, name, value] = (fig.numerator, fig.denominator, fig.value)
    assert stored == expected
