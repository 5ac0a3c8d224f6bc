"""Reads of the SEN2 return, with the permission check inside.

The return is authority-wide. Its counts carry no names, so anyone who may read performance may see
them; the list of problems (which names children) and the XML itself are for those who produce returns.

Generating a large authority's return takes seconds, and a data officer pages and filters its list of
problems many times while putting them right. So a generated result is kept (in the cache) and used again
until any record changes: every change to the record writes an audit entry, and the key holds the latest
one. "Generate it again" always generates afresh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction, AuditEntry, User

from .collect import sen2_return
from .counts import counts_from_return, module_counts
from .validation import ValidationReport, validate
from .xml import to_xml


@dataclass
class Sen2Result:
    """What the page shows of a generated return: its figures and problems, not the records themselves
    (the XML download generates those afresh), so keeping it is cheap."""

    census_date: dt.date
    children: int
    report: ValidationReport
    modules: dict[str, int]
    counts: dict
    generated_at: dt.datetime = field(default_factory=timezone.now)


# How long an unchanged result is kept: long enough to work through its problems.
KEEP_SECONDS = 30 * 60
WRITES = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE)


def _records_stamp() -> int:
    """The latest audited change to any record: a result generated after it is still current."""
    return AuditEntry.objects.filter(action__in=WRITES).aggregate(latest=Max("id"))["latest"] or 0


def sen2_result_for(*, user: User, census_date: dt.date, fresh: bool = False) -> Sen2Result:
    """The validated return for a census day: the one generated earlier if no record has changed since
    (unless `fresh`), else generated now. Either way, who saw it is recorded."""
    if not permissions.can_read_performance(user):
        raise PermissionDenied
    key = f"sen2-result:{census_date.isoformat()}:{_records_stamp()}"
    result = None if fresh else cache.get(key)
    if result is None:
        sen2 = sen2_return(census_date)
        report = validate(sen2)
        result = Sen2Result(
            census_date, len(sen2.persons), report, module_counts(sen2), counts_from_return(sen2)
        )
        cache.set(key, result, KEEP_SECONDS)
        verb = "Generated"
    else:
        verb = f"Viewed (as generated at {timezone.localtime(result.generated_at):%H:%M})"
    audit_record(
        user=user,
        action=AuditAction.VIEW,
        summary=(
            f"{verb} the SEN2 return for census day {census_date:%-d %B %Y}: "
            f"{result.children} children, "
            f"{len(result.report.errors)} errors, {len(result.report.warnings)} warnings"
        ),
    )
    return result


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
