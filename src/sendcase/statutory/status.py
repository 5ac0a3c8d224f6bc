"""Classify a step against its due date.

A step done on the due date is on time (statutory-rules.md, "Counting time"). An exception does not
move the due date; it stops the limit applying, so a missed limit is reported as "excepted" rather
than late or overdue, and the original due date is kept for reporting both ways (DfE statistics).
"""

from datetime import date
from typing import Final, Literal

StepStatusValue = Literal["on_time", "late", "due", "overdue", "excepted"]


class StepStatus:
    """The five values :func:`step_status` can return."""

    ON_TIME: Final = "on_time"
    LATE: Final = "late"
    DUE: Final = "due"
    OVERDUE: Final = "overdue"
    EXCEPTED: Final = "excepted"

    ALL: Final = (ON_TIME, LATE, DUE, OVERDUE, EXCEPTED)


def days_between(a: date, b: date) -> int:
    """Return the number of days from ``a`` to ``b`` (negative when ``b`` is earlier)."""
    return (b - a).days


def step_status(due: date, done: date | None, as_of: date, excepted: bool = False) -> StepStatusValue:
    """Return the status of a step due on ``due``, done on ``done`` (or not yet), seen on ``as_of``.

    A step already done is judged by its completion date alone, so ``as_of`` does not affect it.
    """
    if done is not None:
        if done <= due:
            return StepStatus.ON_TIME
        return StepStatus.EXCEPTED if excepted else StepStatus.LATE
    if as_of <= due:
        return StepStatus.DUE
    return StepStatus.EXCEPTED if excepted else StepStatus.OVERDUE
