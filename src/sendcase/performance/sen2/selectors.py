"""Reads of the SEN2 return, with the permission check inside.

The return is authority-wide. Its counts carry no names, so anyone who may read performance may see
them; the list of problems (which names children) and the XML itself are for those who produce returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction, User

from .collect import sen2_return
from .counts import counts_from_return, module_counts
from .records import Sen2Return
from .validation import ValidationReport, validate
from .xml import to_xml


@dataclass
class Sen2Result:
    census_date: dt.date
    sen2: Sen2Return
    report: ValidationReport
    modules: dict[str, int]
    counts: dict


def sen2_result_for(*, user: User, census_date: dt.date) -> Sen2Result:
    """Generate and validate the return for a census day, and record that it was generated."""
    if not permissions.can_read_performance(user):
        raise PermissionDenied
    sen2 = sen2_return(census_date)
    report = validate(sen2)
    audit_record(
        user=user,
        action=AuditAction.VIEW,
        summary=(
            f"Generated the SEN2 return for census day {census_date:%-d %B %Y}: "
            f"{len(sen2.persons)} children, "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        ),
    )
    return Sen2Result(census_date, sen2, report, module_counts(sen2), counts_from_return(sen2))


def sen2_xml_for(*, user: User, census_date: dt.date) -> tuple[bytes, int]:
    """The return as XML for download, audited as an export. Returns (xml, number of children)."""
    if not permissions.can_produce_returns(user):
        raise PermissionDenied
    sen2 = sen2_return(census_date)
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        summary=(
            f"Downloaded the SEN2 return XML for census day {census_date:%-d %B %Y} "
            f"({len(sen2.persons)} children)"
        ),
    )
    return to_xml(sen2), len(sen2.persons)
