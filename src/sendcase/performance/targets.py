"""The target each indicator is measured against, month by month.

A target is set from a month onwards (`TargetChange.applies_from`); months before it keep the target they
had, so a past month's RAG, its commentary and a regenerated board pack say what they said at the time.
With no change applying to a month, the target in the indicator's definition does. Reads only;
`services.target_set` changes a target."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from .indicators.base import Indicator
from .models import IndicatorTarget, TargetChange


@dataclasses.dataclass(frozen=True)
class TargetTimeline:
    """One indicator's targets over time: its definition and every change made to it, oldest first."""

    definition: Indicator
    changes: tuple[TargetChange, ...] = ()

    def change_at(self, day: dt.date) -> TargetChange | None:
        """The change in force in the month of `day`: of those applying from that month or earlier, the
        one made last (a later decision replaces an earlier one from the month it names onwards)."""
        month = day.replace(day=1)
        applying = [c for c in self.changes if c.applies_from <= month]
        return applying[-1] if applying else None

    def at(self, day: dt.date) -> Indicator:
        """The indicator as measured in the month of `day`: with the target and amber margin then."""
        change = self.change_at(day)
        if change is None:
            return self.definition
        return dataclasses.replace(
            self.definition, target=change.target_after, amber_within=change.amber_after
        )


def timelines(indicators: Iterable[Indicator]) -> dict[str, TargetTimeline]:
    """Each indicator's timeline, by id, from one query."""
    indicators = list(indicators)
    changes: dict[str, list[TargetChange]] = {}
    for change in TargetChange.objects.filter(indicator__in=[i.id for i in indicators]).order_by(
        "changed_at", "id"
    ):
        changes.setdefault(change.indicator, []).append(change)
    return {i.id: TargetTimeline(i, tuple(changes.get(i.id, ()))) for i in indicators}


def timeline(indicator: Indicator) -> TargetTimeline:
    return timelines([indicator])[indicator.id]


def targets_at(indicators: Iterable[Indicator], day: dt.date) -> list[Indicator]:
    """The indicators with the targets in force in the month of `day`."""
    indicators = list(indicators)
    lines = timelines(indicators)
    return [lines[i.id].at(day) for i in indicators]


def target_record(indicator: Indicator) -> IndicatorTarget | None:
    """The row that versions an indicator's target, so two people's edits cannot cross unseen."""
    return IndicatorTarget.objects.filter(indicator=indicator.id).first()


def target_history(indicator: Indicator) -> list[TargetChange]:
    return list(TargetChange.objects.filter(indicator=indicator.id).select_related("changed_by"))
