"""Comparators from DfE's published statistics: England, region, statistical neighbours, rank.

    comparators_for("plans_20_weeks_excluding_exceptions", 2024, "330")   # or "E08000025"

reads DfE's "Education, health and care plans" release (the packaged headline copy, or the directory
named by the `PUBLISHED_STATISTICS_DIR` setting) and returns the authority's published figure beside
England's, its region's, its ten statistical neighbours' (closest first) and their mean, with its rank
and quartile band among every authority that has a figure. `available_measures()` lists what can be
asked for and the years each is published for; the year convention is in `published/measures.py`.

A published symbol (`x` suppressed, `z` not applicable, `c`/`low` low) is never a number here: it is a
`PublishedValue` with no value and that status, and it takes no part in means, ranks or quartiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from .published.measures import MEASURES, Measure, period_for, year_for
from .published.release import Release, current_release, normalise_name, parse_cell

Status = Literal["ok", "suppressed", "not_applicable", "low", "missing"]

_STATUS_DISPLAY = {
    "suppressed": "Suppressed",
    "not_applicable": "Not applicable",
    "low": "Low (withheld)",
    "missing": "Not published",
}


class UnknownMeasure(LookupError):
    pass


class UnknownAuthority(LookupError):
    pass


@dataclass(frozen=True)
class PublishedValue:
    value: Decimal | None
    status: Status
    display: str

    @property
    def available(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class MeasureInfo:
    title: str
    unit: str
    polarity: str
    source_file: str
    years: list[int]
    period: str = "calendar"  # "calendar" year of activity, or "january" census


@dataclass
class ComparatorSet:
    measure: str
    year: int
    authority: PublishedValue
    england: PublishedValue
    region: PublishedValue
    region_name: str
    neighbours: list[tuple[str, PublishedValue]]
    neighbours_average: PublishedValue
    quartile_band: int | None
    rank: int | None
    of: int
    authority_name: str = ""
    neighbours_available: int = 0  # how many neighbours the mean was taken over
    notes: list[str] = field(default_factory=list)


def format_value(value: Decimal, unit: str) -> str:
    if unit == "percent":
        return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}"


def published_value(raw: str | None, unit: str) -> PublishedValue:
    value, status = parse_cell(raw)
    if value is None:
        return PublishedValue(None, status, _STATUS_DISPLAY[status])  # type: ignore[arg-type]
    return PublishedValue(value, "ok", format_value(value, unit))


_MISSING = PublishedValue(None, "missing", _STATUS_DISPLAY["missing"])


def _measure(key: str) -> Measure:
    try:
        return MEASURES[key]
    except KeyError:
        raise UnknownMeasure(f"No published measure called {key!r}.") from None


def available_measures() -> dict[str, MeasureInfo]:
    """Every measure, with the years the release in use publishes it for (oldest first)."""
    release = current_release()
    return {
        key: MeasureInfo(
            title=m.title,
            unit=m.unit,
            polarity=m.polarity,
            source_file=f"data/{m.source_file}.csv",
            years=[year_for(m, p) for p in release.periods(m.source_file)],
            period=m.period,
        )
        for key, m in MEASURES.items()
    }


def _cell(release: Release, m: Measure, period: str, geo: tuple[str, str]) -> PublishedValue:
    row = release.rows.get(m.source_file, {}).get((period, geo))
    if row is None:
        return _MISSING
    return published_value(row.get(m.column), m.unit)


def rank_among(values: dict[str, Decimal], polarity: str) -> dict[str, int]:
    """Competition ranks (1 = best; ties share a rank) of each authority's value."""
    ordered = sorted(values.values(), reverse=(polarity == "higher"))
    first_position = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {code: first_position[value] for code, value in values.items()}


def quartile_band(rank: int, of: int) -> int:
    """1 (best quarter) to 4 (worst quarter) from a rank among `of`."""
    return min(4, 1 + (rank - 1) * 4 // of)


def comparators_for(measure: str, year: int, la_code: str) -> ComparatorSet:
    """The authority's figure for a measure and year beside England, region and neighbours.

    `la_code` is the old three-digit code ("330") or the new one ("E08000025"). A year the release does
    not publish the measure for gives values with status "missing", not an error.
    """
    m = _measure(measure)
    release = current_release()
    authority = release.authority(la_code)
    if authority is None:
        raise UnknownAuthority(f"No local authority with code {la_code!r} in the published statistics.")
    period = period_for(m, year)
    la_rows = release.la_rows(m.source_file, period)

    own = _cell(release, m, period, ("Local authority", authority.old_code))
    england = _cell(release, m, period, ("National", "E92000001"))
    region = _cell(release, m, period, ("Regional", authority.region_code))

    neighbours: list[tuple[str, PublishedValue]] = []
    notes: list[str] = []
    for name in release.neighbours.get(normalise_name(authority.name), []):
        neighbour = release.authority_named(name)
        if neighbour is None:
            notes.append(f"{name} is not in the published statistics.")
            neighbours.append((name, _MISSING))
            continue
        row = la_rows.get(neighbour.old_code)
        value = published_value(row.get(m.column), m.unit) if row else _MISSING
        neighbours.append((neighbour.name, value))
    available = [v.value for _, v in neighbours if v.value is not None]
    if available:
        mean = sum(available, Decimal(0)) / len(available)
        mean = mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        average = PublishedValue(
            mean, "ok", f"{format_value(mean, m.unit)} (mean of {len(available)} of {len(neighbours)})"
        )
    else:
        average = _MISSING

    values = {}
    for code, row in la_rows.items():
        value, _ = parse_cell(row.get(m.column))
        if value is not None:
            values[code] = value
    rank = band = None
    if m.polarity in ("higher", "lower") and own.value is not None and values:
        rank = rank_among(values, m.polarity)[authority.old_code]
        band = quartile_band(rank, len(values))
    return ComparatorSet(
        measure=measure,
        year=year,
        authority=own,
        england=england,
        region=region,
        region_name=authority.region_name,
        neighbours=neighbours,
        neighbours_average=average,
        quartile_band=band,
        rank=rank,
        of=len(values),
        authority_name=authority.name,
        neighbours_available=len(available),
        notes=notes,
    )
