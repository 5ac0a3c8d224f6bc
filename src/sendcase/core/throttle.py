"""Sign-in throttling from the audit log's failed sign-ins.

Failures are counted per username and per address over a sliding window. The audit log is the one place
they are kept, so throttling works across processes and survives restarts.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import AuditAction, AuditEntry


def sign_in_locked(*, username: str, ip_address: str | None) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    failures = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, at__gte=since)
    limit = settings.LOGIN_FAILURE_LIMIT
    if username and failures.filter(username__iexact=username).count() >= limit:
        return True
    # An address gets more room than a username: a school or office shares one address.
    return bool(ip_address and failures.filter(ip_address=ip_address).count() >= limit * 4)
