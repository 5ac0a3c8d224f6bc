"""Helpers for the document tests: PDF text extraction and cases at each point a document is made."""

from __future__ import annotations

import copy
import datetime as dt
import io

from pypdf import PdfReader

from sendcase.people.models import Document
from sendcase.plans.models import EHCPlan, PlanVersion
from sendcase.plans.services import versions as vs


def fmt(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """The PDF's text with whitespace collapsed (lines wrap anywhere)."""
    raw = "\n".join(page.extract_text() or "" for page in reader(pdf).pages)
    return " ".join(raw.split())


def stored_pdf(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def change_draft(user, version: PlanVersion, **sections) -> PlanVersion:
    content = copy.deepcopy(version.content)
    content.update(sections)
    return vs.draft_save(
        acting_user=user, version=version, expected_lock_version=version.lock_version, content=content
    )


def fresh(plan: EHCPlan) -> EHCPlan:
    return EHCPlan.objects.select_related("child", "request").get(pk=plan.pk)
