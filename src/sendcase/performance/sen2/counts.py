"""The headline figures of a SEN2 return, counted from the return itself.

DfE computes its published figures from the person-level return, so counting from the same records
(rather than from the database by another route) gives the numbers DfE will publish for this authority,
to reconcile with the dashboard's indicators:

    plans_in_force                 plans in force on census day
    new_plans                      plans first issued in the calendar year after an assessment here
    requests_received              requests received in the calendar year
    assessments_agreed / _refused  decisions whether to assess made in the calendar year
    plans_issued                   the 20-week denominator: plans issued in the year after a request
    issued_within_20_weeks         ... of which issued within 20 weeks of the request (including
                                   exceptions, DfE's first measure)
    plans_issued_excluding_exceptions / issued_within_20_weeks_excluding_exceptions
                                   the same, leaving out plans where an exception to the limit applied
    *_pc                           percentages to one decimal place (None when the denominator is 0)
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sendcase.statutory.assessment import assessment_deadlines

from . import codes
from .census import CensusPeriod
from .collect import sen2_return
from .records import Sen2Return


def _pc(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def module_counts(sen2: Sen2Return) -> dict[str, int]:
    """How many records of each module the return holds."""
    counts = dict.fromkeys(
        ["persons", "requests", "assessments", "named_plans", "plan_details", "active_plans", "placements",
         "sen_needs"],
        0,
    )  # fmt: skip
    for person in sen2.persons:
        counts["persons"] += 1
        for request in person.requests:
            counts["requests"] += 1
            if request.assessment is not None:
                counts["assessments"] += 1
                if request.assessment.named_plan is not None:
                    counts["named_plans"] += 1
                    counts["plan_details"] += len(request.assessment.named_plan.details)
            if request.active_plan is not None:
                counts["active_plans"] += 1
                counts["placements"] += len(request.active_plan.placements)
                counts["sen_needs"] += len(request.active_plan.needs)
    return counts


def counts_from_return(sen2: Sen2Return) -> dict:
    period = CensusPeriod(sen2.census_date)
    c = dict.fromkeys(
        ["plans_in_force", "new_plans", "requests_received", "assessments_agreed", "assessments_refused",
         "plans_issued", "issued_within_20_weeks", "plans_issued_excluding_exceptions",
         "issued_within_20_weeks_excluding_exceptions"],
        0,
    )  # fmt: skip
    for person in sen2.persons:
        for request in person.requests:
            historic = request.RequestOutcome == codes.HISTORIC
            if request.active_plan is not None and request.active_plan.in_force_on_census:
                c["plans_in_force"] += 1
            if historic:
                continue
            if period.in_period(request.ReceivedDate):
                c["requests_received"] += 1
            if period.in_period(request.RequestOutcomeDate):
                if request.RequestOutcome == codes.REQUEST_ASSESS:
                    c["assessments_agreed"] += 1
                elif request.RequestOutcome == codes.REQUEST_NOT_ASSESS:
                    c["assessments_refused"] += 1
            named = request.assessment.named_plan if request.assessment else None
            if named is None or not period.in_period(named.StartDate):
                continue
            c["new_plans"] += 1
            c["plans_issued"] += 1
            due = assessment_deadlines(request.ReceivedDate).final_plan_due
            on_time = named.StartDate <= due
            c["issued_within_20_weeks"] += on_time
            if not request.assessment.Week20:
                c["plans_issued_excluding_exceptions"] += 1
                c["issued_within_20_weeks_excluding_exceptions"] += on_time
    c["within_20_weeks_including_exceptions_pc"] = _pc(c["issued_within_20_weeks"], c["plans_issued"])
    c["within_20_weeks_excluding_exceptions_pc"] = _pc(
        c["issued_within_20_weeks_excluding_exceptions"], c["plans_issued_excluding_exceptions"]
    )
    decided = c["assessments_agreed"] + c["assessments_refused"]
    c["assessments_refused_pc"] = _pc(c["assessments_refused"], decided)
    return c


def sen2_counts(census_date: dt.date) -> dict:
    """The headline figures of the SEN2 return for a census day (see the module docstring)."""
    return counts_from_return(sen2_return(census_date))
