"""The target each indicator is measured against: the authority's own where it has set one, else the
one in the indicator's definition. Reads only; `services.target_set` changes a target."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .indicators.base import Indicator
from .models import IndicatorTarget, TargetChange


def with_targets(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators with the authority's targets applied (one query for all of them)."""
    indicators = list(indicators)
    set_here = {
        t.indicator: t for t in IndicatorTarget.objects.filter(indicator__in=[i.id for i in indicators])
    }
    return [_applied(i, set_here.get(i.id)) for i in indicators]


def with_target(indicator: Indicator) -> Indicator:
    return _applied(indicator, IndicatorTarget.objects.filter(indicator=indicator.id).first())


def _applied(indicator: Indicator, target: IndicatorTarget | None) -> Indicator:
    if target is None:
        return indicator
    return dataclasses.replace(indicator, target=target.target, amber_within=target.amber_within)


def target_record(indicator: Indicator) -> IndicatorTarget | None:
    return IndicatorTarget.objects.filter(indicator=indicator.id).first()


def target_history(indicator: Indicator) -> list[TargetChange]:
    return list(TargetChange.objects.filter(indicator=indicator.id).select_related("changed_by"))
