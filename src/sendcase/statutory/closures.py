"""The school closure exception to the assessment time limits (Regs 5(4)(a), 10(4)(a), 13(3)(a)).

The same rule covers an early years provider (Regs 5(4)(b), 10(4)(b), 13(3)(b)): callers pass that
provider's closures instead.
"""

from collections.abc import Iterable
from datetime import date, timedelta

# Regs 5(4)(a), 10(4)(a), 13(3)(a): only a closure of at least 4 continuous weeks counts.
MIN_CLOSURE_DAYS = 4 * 7
# Regs 5(4)(a), 10(4)(a), 13(3)(a): the window starts one week before the closure and ends one week
# before the re-opening, because advice asked for just before a break cannot be gathered in time.
WINDOW_LEAD_DAYS = 7


def closure_window(first_closed: date, reopens: date) -> tuple[date, date] | None:
    """Return the inclusive (start, end) window for one closure, or None if it is too short to count.

    ``first_closed`` is the first day the institution is closed; ``reopens`` is the day it opens again.
    """
    if reopens <= first_closed:
        raise ValueError(
            f"closure re-opens on {reopens}, which is not after its first closed day {first_closed}"
        )
    if (reopens - first_closed).days < MIN_CLOSURE_DAYS:
        return None
    lead = timedelta(days=WINDOW_LEAD_DAYS)
    return first_closed - lead, reopens - lead


def school_closure_exception(advice_requested: date, closures: Iterable[tuple[date, date]]) -> bool:
    """Return True when advice was requested inside the window of a qualifying closure.

    Every closure is validated, even after a match, so bad data is reported rather than hidden.
    """
    excepted = False
    for first_closed, reopens in closures:
        window = closure_window(first_closed, reopens)
        if window is not None and window[0] <= advice_requested <= window[1]:
            excepted = True
    return excepted
