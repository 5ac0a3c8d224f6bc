"""The improvement plan's rules, in plain Python (no database, no "today": the caller passes `as_of`):
the action state machine, how an action's RAG is derived, risk scores and bands, and financial years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# --- actions ---------------------------------------------------------------------------------------

NOT_STARTED = "not_started"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
COMPLETE = "complete"
CLOSED = "closed"

# Which status an action may move to from each status. Closed is final (an action dropped or merged
# into another); a completed action may be reopened (back on track) or closed.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    NOT_STARTED: frozenset({ON_TRACK, AT_RISK, OFF_TRACK, COMPLETE, CLOSED}),
    ON_TRACK: frozenset({AT_RISK, OFF_TRACK, COMPLETE, CLOSED}),
    AT_RISK: frozenset({ON_TRACK, OFF_TRACK, COMPLETE, CLOSED}),
    OFF_TRACK: frozenset({ON_TRACK, AT_RISK, COMPLETE, CLOSED}),
    COMPLETE: frozenset({ON_TRACK, CLOSED}),
    CLOSED: frozenset(),
}

# An action not yet started this close to its due date is amber.
NOT_STARTED_WARNING_DAYS = 28

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
RAG_LABELS = {GREEN: "Green", AMBER: "Amber", RED: "Red", NONE: "No rating"}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in ACTION_TRANSITIONS.get(from_status, frozenset())


@dataclass(frozen=True)
class Rag:
    rating: str
    explanation: str

    @property
    def label(self) -> str:
        return RAG_LABELS[self.rating]


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _fmt(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def action_rag(*, status: str, due_on: dt.date, completed_on: dt.date | None, as_of: dt.date) -> Rag:
    """The RAG rating of an action and why, from its reported status and its due date.

    Overdue beats what the owner reported: an action past its due date that is not complete is red,
    even if reported on track. A completed action is green; a closed one has no rating.
    """
    if status == CLOSED:
        return Rag(NONE, "Closed without being completed")
    if status == COMPLETE:
        when = _fmt(completed_on) if completed_on else "a date not recorded"
        late = completed_on is not None and completed_on > due_on
        return Rag(
            GREEN, f"Completed on {when}" + (f", {_days((completed_on - due_on).days)} late" if late else "")
        )
    left = (due_on - as_of).days
    if left < 0:
        return Rag(RED, f"Overdue: was due on {_fmt(due_on)}, {_days(-left)} ago")
    if status == OFF_TRACK:
        return Rag(RED, "Reported off track by its owner")
    if status == AT_RISK:
        return Rag(AMBER, "Reported at risk by its owner")
    if status == NOT_STARTED and left <= NOT_STARTED_WARNING_DAYS:
        return Rag(AMBER, f"Not started, and due in {_days(left)}")
    if status == NOT_STARTED:
        return Rag(GREEN, f"Not started yet; due on {_fmt(due_on)}")
    return Rag(GREEN, f"Reported on track; due on {_fmt(due_on)}")


def is_overdue(*, status: str, due_on: dt.date, as_of: dt.date) -> bool:
    return status not in (COMPLETE, CLOSED) and due_on < as_of


# --- risks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    rag: str
    low: int
    high: int


# The authority's 5x5 matrix. A score of 15 or more goes to the board as an exception.
BANDS = (
    Band("low", "Low", GREEN, 1, 4),
    Band("medium", "Medium", AMBER, 5, 9),
    Band("high", "High", RED, 10, 14),
    Band("very_high", "Very high", RED, 15, 25),
)
BOARD_RISK_SCORE = 15


def risk_score(likelihood: int, impact: int) -> int:
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"{name} must be a whole number from 1 to 5, not {value!r}")
    return likelihood * impact


def risk_band(score: int) -> Band:
    for band in BANDS:
        if band.low <= score <= band.high:
            return band
    raise ValueError(f"A risk score is from 1 to 25, not {score!r}")


def trend(scores: list[int]) -> str:
    """'up', 'down' or 'flat' comparing the latest score with the one before; 'none' with one score."""
    if len(scores) < 2:
        return "none"
    if scores[-1] > scores[-2]:
        return "up"
    if scores[-1] < scores[-2]:
        return "down"
    return "flat"


# --- money and financial years ---------------------------------------------------------------------

# Local authority financial years run from 1 April to 31 March; a year is named by the year it starts.
OVERSPEND_EXCEPTION = Decimal("0.10")


def financial_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year_months(start_year: int) -> list[dt.date]:
    """The first day of each month of the year, April to March."""
    return [dt.date(start_year + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def months_elapsed(start_year: int, as_of: dt.date) -> int:
    """How many months of the year have ended or begun by `as_of` (0 before April, 12 after March)."""
    return sum(1 for month in financial_year_months(start_year) if month <= as_of)


@dataclass(frozen=True)
class BudgetPosition:
    planned: Decimal
    actual: Decimal
    planned_to_date: Decimal
    forecast: Decimal
    variance: Decimal  # forecast minus planned: positive is an overspend

    @property
    def variance_ratio(self) -> Decimal | None:
        return None if not self.planned else self.variance / self.planned

    @property
    def over_threshold(self) -> bool:
        ratio = self.variance_ratio
        return ratio is not None and ratio >= OVERSPEND_EXCEPTION

    @property
    def variance_percent(self) -> str:
        ratio = self.variance_ratio
        return "" if ratio is None else f"{ratio * 100:+.1f}%"


def budget_position(
    *,
    planned: Decimal,
    actuals: dict[dt.date, Decimal],
    start_year: int,
    as_of: dt.date,
    forecast: Decimal | None = None,
) -> BudgetPosition:
    """Planned against actual for one line (or a total) in one financial year.

    The forecast for the year is the one the budget holder entered; without one it is the actual spent
    so far plus the plan's monthly share for each month still to come (the plan spread evenly).
    """
    months = financial_year_months(start_year)
    actual = sum((v for k, v in actuals.items() if k in months), Decimal("0"))
    elapsed = months_elapsed(start_year, as_of)
    monthly = planned / 12
    planned_to_date = (monthly * elapsed).quantize(Decimal("0.01"))
    if forecast is None:
        recorded = {k for k in actuals if k in months}
        remaining = sum(1 for m in months if m not in recorded and m > as_of.replace(day=1))
        forecast = (actual + monthly * remaining).quantize(Decimal("0.01"))
    return BudgetPosition(
        planned=planned,
        actual=actual,
        planned_to_date=planned_to_date,
        forecast=forecast,
        variance=forecast - planned,
    )
