"""manage.py performance_snapshot: one month, a run of months, one indicator, and bad input."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sendcase.performance.indicators.registry import INDICATOR_LIST
from sendcase.performance.models import IndicatorSnapshot

from . import factories as f

D = f.D
pytestmark = pytest.mark.django_db


def _call(*args: str) -> str:
    out = StringIO()
    call_command("performance_snapshot", *args, stdout=out)
    return out.getvalue()


def test_one_month_stores_every_indicator_overall_and_by_breakdown() -> None:
    child = f.plan(issued=D(2024, 1, 1)).child
    f.allocation(child, started=D(2024, 1, 1))
    f.request(received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 26), child=child)
    output = _call("--month", "2025-06")
    assert "June 2025" in output
    overall = IndicatorSnapshot.objects.filter(period_end=D(2025, 6, 30), breakdown="all")
    assert overall.count() == len(INDICATOR_LIST)
    timely = overall.get(indicator="plans_20_weeks_incl_year")
    assert (timely.numerator, timely.denominator, timely.value) == (1, 1, 100)
    by_locality = IndicatorSnapshot.objects.get(
        indicator="plans_20_weeks_incl_year", period_end=D(2025, 6, 30), breakdown="locality"
    )
    assert by_locality.breakdown_value == child.locality.name


def test_recomputing_replaces_the_month_rather_than_adding_to_it() -> None:
    f.request(received=D(2025, 6, 1))
    _call("--month", "2025-06")
    first = IndicatorSnapshot.objects.count()
    f.request(received=D(2025, 6, 2))
    _call("--month", "2025-06")
    assert IndicatorSnapshot.objects.count() >= first
    opened = IndicatorSnapshot.objects.get(
        indicator="open_requests", period_end=D(2025, 6, 30), breakdown="all"
    )
    assert opened.value == 2
    assert IndicatorSnapshot.objects.filter(indicator="open_requests", breakdown="all").count() == 1


def test_a_run_of_months_and_a_single_indicator() -> None:
    output = _call("--from", "2025-01", "--month", "2025-03", "--indicator", "open_requests")
    assert output.count("figures for 1 indicators") == 3
    assert sorted(IndicatorSnapshot.objects.values_list("period_end", flat=True).distinct()) == [
        D(2025, 1, 31),
        D(2025, 2, 28),
        D(2025, 3, 31),
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--month", "June"], "YYYY-MM"),
        (["--month", "2999-01"], "not started"),
        (["--from", "2025-05", "--month", "2025-03"], "--from"),
        (["--indicator", "nonsense"], "Unknown indicator"),
    ],
)
def test_bad_arguments_are_refused(args, message) -> None:
    with pytest.raises(CommandError, match=message):
        _call(*args)
