"""Time limits for disagreeing with a decision: mediation and appeal to the SEND Tribunal."""

from __future__ import annotations

import calendar
from datetime import date

# Before appealing, the family must contact a mediation adviser within 2 months of the decision letter
# (Regs 33); the appeal itself is due 2 months from the letter (Tribunal Procedure Rules 2008 r.20).
MEDIATION_CONTACT_MONTHS = 2  # Regs 33
APPEAL_MONTHS = 2  # Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008 r.20
APPEAL_AFTER_CERTIFICATE_MONTHS = 1  # r.20: or 1 month from the mediation certificate, if later


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the last day of the month where that day does not exist
    (31 August + 1 month is 30 September)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def appeal_deadline(letter: date) -> date:
    """The last day to appeal a decision letter, before any later mediation certificate.

    The Tribunal's moves of deadlines falling in August or over Christmas are not applied here: the
    reference marks that rule for verification, and a letter that states the earlier date is never wrong.
    """
    return add_months(letter, APPEAL_MONTHS)


def mediation_contact_deadline(letter: date) -> date:
    return add_months(letter, MEDIATION_CONTACT_MONTHS)
