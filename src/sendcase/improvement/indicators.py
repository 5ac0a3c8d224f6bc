"""Which performance indicators an improvement action may be linked to: those in the performance
registry (`sendcase.performance.indicators.registry`), so a link always leads to a live figure."""

from __future__ import annotations


def known_indicator_ids() -> dict[str, str]:
    """Indicator id -> title, for the ids an action may be linked to."""
    from sendcase.performance.indicators.registry import INDICATORS

    return {indicator_id: indicator.title for indicator_id, indicator in INDICATORS.items()}


def indicator_title(indicator_id: str) -> str:
    return known_indicator_ids().get(indicator_id, indicator_id)
