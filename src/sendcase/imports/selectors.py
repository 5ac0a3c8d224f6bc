"""Reads for the import pages; only data officers and administrators see any of it."""

from __future__ import annotations

from django.db.models import QuerySet

from sendcase.core import permissions
from sendcase.core.models import User

from .models import ImportBatch, QuarantinedRow, QuarantineStatus


def batches(user: User) -> QuerySet[ImportBatch]:
    if not permissions.can_import_data(user):
        return ImportBatch.objects.none()
    return ImportBatch.objects.defer("content").select_related("created_by")


def quarantine(user: User, *, status: str = QuarantineStatus.OPEN) -> QuerySet[QuarantinedRow]:
    if not permissions.can_import_data(user):
        return QuarantinedRow.objects.none()
    return QuarantinedRow.objects.filter(status=status).select_related("batch").defer("batch__content")
