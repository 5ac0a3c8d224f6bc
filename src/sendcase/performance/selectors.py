"""Reads for the performance pages, with the permission check inside."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.people.models import Child

from .compute import rows_for
from .indicators.base import Indicator, Row
from .models import OVERALL, IndicatorSnapshot


def _require(user: User) -> None:
    if not permissions.can_read_performance(user):
        raise PermissionDenied


def computed_months(user: User) -> list[dt.date]:
    """Month ends with stored figures, newest first."""
    _require(user)
    return list(
        IndicatorSnapshot.objects.filter(breakdown=OVERALL)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .distinct()
    )


def breakdown_figures(
    user: User, indicator: Indicator, period_end: dt.date, breakdown: str
) -> list[IndicatorSnapshot]:
    _require(user)
    return list(
        IndicatorSnapshot.objects.filter(
            indicator=indicator.id, period_end=period_end, breakdown=breakdown
        ).order_by("breakdown_value")
    )


def cases_behind(
    user: User,
    indicator: Indicator,
    period_end: dt.date,
    *,
    breakdown: str = "",
    value: str = "",
    with_breakdowns: bool = True,
) -> list[Row]:
    """The rows behind a figure, recomputed from the record as at the period end (so they match the
    stored figure unless the record was corrected since), optionally for one breakdown value."""
    _require(user)
    # The children's breakdown values are read only when they are shown or a breakdown is chosen.
    rows = rows_for(indicator, period_end, with_attrs=with_breakdowns or bool(breakdown))
    if breakdown and breakdown in indicator.breakdowns:
        rows = [r for r in rows if r.attrs.get(breakdown) == value]
    return rows


def children_by_id(user: User, ids: set[int]) -> dict[int, Child]:
    if not permissions.can_read_records(user):
        return {}
    return {c.pk: c for c in Child.objects.filter(pk__in=ids)}
