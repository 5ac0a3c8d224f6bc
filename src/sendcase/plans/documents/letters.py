"""The content of each generated document: plain data built from the case, with the family's rights
and the statutory dates, for the templates under templates/pdf/ to lay out.

Builders read the database only through the objects they are given (and the child's contacts, for the
addressee); they never write. A builder raises ServiceError when the case is not at a point where the
document makes sense (a review with no decision, say), with a message an officer can act on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models

from sendcase import statutory
from sendcase.assessments.letters import decision_letter
from sendcase.assessments.models import AssessmentRequest
from sendcase.core.errors import ServiceError
from sendcase.people.models import Child, Contact, DocumentKind
from sendcase.plans import content as c
from sendcase.plans.models import (
    AnnualReview,
    CeaseReason,
    Cessation,
    PlanVersion,
    ReviewDecision,
    VersionKind,
    VersionStatus,
)
from sendcase.settings_data.codes import NeedType

DRAFT_COMMENT_DAYS = 15  # Regs 13(1), 22(2): at least 15 days beginning with the day of service
AMENDED_PLAN_WEEKS = 8  # Regs 22(3)


def fmt(day: dt.date) -> str:
    """A date as letters print it, "5 January 2026" (the template filter's "j F Y")."""
    return f"{day:%-d %B %Y}"


# --- shared pieces -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    section: str
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class Block:
    """A titled part of a letter: paragraphs, then a bulleted list, then (for amendments) a table."""

    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    changes: tuple[ChangeRow, ...] = ()


@dataclass(frozen=True)
class Letter:
    kind: str  # people.DocumentKind
    title: str  # the PDF's title and the stored document's title
    heading: str
    child: Child
    addressee: str
    address_lines: tuple[str, ...]
    dated: dt.date
    opening: tuple[str, ...]
    blocks: tuple[Block, ...]
    subject: models.Model
    version: PlanVersion | None = None
    authority: str = field(default_factory=lambda: settings.AUTHORITY_NAME)
    template: str = "pdf/letter.html"
    is_draft: bool = False

    @property
    def reference(self) -> str:
        return self.child.reference


def addressee(child: Child) -> tuple[str, tuple[str, ...]]:
    """Who the letter is to: the young person when they act for themselves (or there is no contact with
    parental responsibility), else the main contact with parental responsibility."""
    contact = (
        Contact.objects.filter(child_id=child.pk, parental_responsibility=True)
        .order_by("-is_main_contact", "id")
        .first()
    )
    if child.acts_for_self or contact is None:
        lines = [child.address_line_1, child.address_line_2, child.town, child.postcode]
        return child.legal_name, tuple(line for line in lines if line)
    lines = [*contact.address.splitlines(), contact.postcode]
    return f"{contact.first_name} {contact.last_name}", tuple(line.strip() for line in lines if line.strip())


def appeal_rights(letter_date: dt.date, *, about: str, school_only_exempt: bool = False) -> Block:
    """The right to appeal to the SEND Tribunal with the mediation and appeal deadlines (CFA s.51;
    Regs 33; Tribunal Procedure Rules 2008 r.20)."""
    mediation_by = statutory.mediation_contact_deadline(letter_date)
    appeal_by = statutory.appeal_deadline(letter_date)
    mediation = (
        f"Before you appeal, you must contact a mediation adviser by {fmt(mediation_by)} (2 months from "
        "the date of this letter). You can then choose whether to go to mediation. The adviser will give "
        "you a certificate within 3 working days if you decide not to, or after mediation ends."
    )
    if school_only_exempt:
        mediation += (
            " You do not need to contact a mediation adviser if your appeal is only about the school or "
            "other institution named in section I."
        )
    return Block(
        heading="If you disagree: your right to appeal",
        paragraphs=(
            "You have the right to appeal to the First-tier Tribunal (Special Educational Needs and "
            f"Disability) about {about}.",
        ),
        bullets=(
            mediation,
            f"You must appeal by {fmt(appeal_by)} (2 months from the date of this letter), or within 1 month "
            "of the date on your mediation certificate, whichever is later.",
            "If you want mediation, we will arrange it within 30 days of being told.",
        ),
    )


def support_block() -> Block:
    return Block(
        heading="Help and advice",
        bullets=(
            "You can use our disagreement resolution service at any time. It is free, independent and does "
            "not affect your right to appeal.",
            "Our SEND information, advice and support service (SENDIASS) can give you free, impartial advice "
            "about this letter and your options.",
        ),
    )


def _version_label(version: PlanVersion | None) -> str:
    return f"version {version.number}" if version is not None else ""


def _titled(text: str, child: Child, version: PlanVersion | None = None) -> str:
    label = _version_label(version)
    return f"{text}{f' ({label})' if label else ''}: {child.full_name}"[:200]


# --- the plan --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str


@dataclass(frozen=True)
class PlanSection:
    code: str
    title: str
    fields: tuple[tuple[str, str], ...] = ()  # (label, value)
    table: Table | None = None
    empty: str = "Nothing is recorded in this section."


@dataclass(frozen=True)
class DraftNotice:
    served_on: dt.date
    comments_end: dt.date
    earliest_final: dt.date


@dataclass(frozen=True)
class PlanDocument:
    kind: str
    title: str
    child: Child
    version: PlanVersion
    is_draft: bool
    issue_date: dt.date | None
    sections: tuple[PlanSection, ...]
    notice: DraftNotice | None
    subject: models.Model
    authority: str = field(default_factory=lambda: settings.AUTHORITY_NAME)
    template: str = "pdf/plan.html"

    @property
    def reference(self) -> str:
        return self.child.reference


def _need_label(code: Any) -> str:
    return NeedType(code).label if code in NeedType.values else str(code or "")


def _items(content: Mapping[str, Any], section: str, key: str) -> list[dict]:
    data = content.get(section)
    items = data.get(key) if isinstance(data, dict) else None
    return [item for item in items or [] if isinstance(item, dict)]


def _joined(values: Any) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, list) else str(values or "")


def plan_sections(
    content: Mapping[str, Any], names: Mapping[int, str] | None = None
) -> tuple[PlanSection, ...]:
    """Sections A-K (H as H1 and H2) laid out for print: prose as labelled fields, needs, outcomes,
    provision and advice as tables."""
    names = names or {}
    sections: list[PlanSection] = []
    provision_columns = (
        "Ref",
        "Provision",
        "Provided by",
        "How often",
        "For how long",
        "Group size or ratio",
        "Supports outcomes",
    )
    for code in c.SECTIONS:
        title = c.SECTION_TITLES[code]
        if code == "B":
            needs = sorted(_items(content, "B", "needs"), key=lambda n: n.get("rank") or 99)
            rows = tuple(
                (
                    str(n.get("id", "")),
                    str(n.get("rank", "")),
                    _need_label(n.get("code")),
                    str(n.get("description", "")),
                )
                for n in needs
            )
            table = Table(("Ref", "Rank", "Type of need", "Description"), rows, "Special educational needs")
            sections.append(PlanSection(code, title, table=table if rows else None))
        elif code == "E":
            rows = tuple(
                (
                    str(o.get("id", "")),
                    str(o.get("text", "")),
                    str(o.get("timescale", "")),
                    _joined(o.get("needs")),
                )
                for o in _items(content, "E", "outcomes")
            )
            table = Table(("Ref", "Outcome", "By when", "Answers needs"), rows, "Outcomes")
            sections.append(PlanSection(code, title, table=table if rows else None))
        elif code in ("F", "G", "H1", "H2"):
            rows = tuple(
                (
                    str(p.get("id", "")),
                    str(p.get("what", "")),
                    str(p.get("who", "")),
                    str(p.get("frequency", "")),
                    str(p.get("duration", "")),
                    str(p.get("group_size", "")),
                    _joined(p.get("outcomes")),
                )
                for p in _items(content, code, "items")
            )
            table = Table(provision_columns, rows, title.split(": ", 1)[1].capitalize())
            sections.append(PlanSection(code, title, table=table if rows else None))
        elif code == "K":
            rows = tuple(
                (str(a.get("adviser", "")), str(a.get("title", "")), _advice_date(a.get("date")))
                for a in _items(content, "K", "advice")
            )
            table = Table(("Adviser", "Document", "Date"), rows, "Advice and information")
            sections.append(PlanSection(code, title, table=table if rows else None))
        else:
            fields = tuple(
                (row.label, row.value)
                for row in c.rows(content, code, establishment_names=names)
                if row.value not in ("", "None")
            )
            sections.append(PlanSection(code, title, fields=fields))
    return tuple(sections)


def _advice_date(value: Any) -> str:
    try:
        return fmt(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")


def draft_served_on(version: PlanVersion, *, today: dt.date) -> dt.date:
    """The day a draft is (or was) served: the amendment notice of the review the draft belongs to, or
    the assessment's draft served date for a plan's first version, or today for one not yet served."""
    review = AnnualReview.objects.filter(amendment_version=version).exclude(amendment_notice_on=None).first()
    if review is not None:
        return review.amendment_notice_on
    plan = version.plan
    if version.kind == VersionKind.ORIGINAL and plan.request_id and plan.request.draft_served_on:
        return plan.request.draft_served_on
    return today


def plan_document(
    version: PlanVersion,
    *,
    names: Mapping[int, str] | None = None,
    served_on: dt.date | None = None,
    today: dt.date,
) -> PlanDocument:
    """The plan version for print: a cover (name, date of birth, version, issue date or DRAFT), sections
    A-K, and for a draft the notice of the family's 15 days to comment (Regs 13(1))."""
    if version.status == VersionStatus.WITHDRAWN:
        raise ServiceError("This draft was withdrawn, so it cannot be printed as a plan.")
    child = version.plan.child
    is_draft = version.status == VersionStatus.DRAFT
    notice = None
    if is_draft:
        served = served_on or draft_served_on(version, today=today)
        notice = DraftNotice(
            served_on=served,
            comments_end=statutory.draft_comment_period_ends(served),
            earliest_final=statutory.earliest_final_plan_after_draft(served),
        )
    kind = DocumentKind.DRAFT_PLAN if is_draft else DocumentKind.FINAL_PLAN
    label = "Draft EHC plan" if is_draft else "EHC plan"
    return PlanDocument(
        kind=kind,
        title=_titled(label, child, version),
        child=child,
        version=version,
        is_draft=is_draft,
        issue_date=None if is_draft else version.issued_on,
        sections=plan_sections(version.content, names),
        notice=notice,
        subject=version,
    )


# --- letters ---------------------------------------------------------------------------------------


def refusal_letter(request: AssessmentRequest) -> Letter:
    """Not to assess or not to issue (Regs 5(3), 10(3)), from assessments.letters.decision_letter."""
    if request.status not in {"not_assessing", "not_issuing"}:
        raise ServiceError("Only a decision not to assess or not to issue a plan has a refusal letter.")
    content = decision_letter(request)
    child = request.child
    about = (
        "our decision not to carry out an EHC needs assessment"
        if request.status == "not_assessing"
        else "our decision not to issue an EHC plan"
    )
    return Letter(
        kind=DocumentKind.DECISION_LETTER,
        title=_titled(f"Decision letter: {content.decision_heading.lower()}", child),
        heading=content.decision_heading,
        child=child,
        addressee=content.addressee,
        address_lines=tuple(content.address_lines),
        dated=content.decided_on,
        opening=(content.decision_text,),
        blocks=(
            Block(heading="Why we made this decision", paragraphs=tuple(_paragraphs(content.reasons))),
            appeal_rights(content.decided_on, about=about),
            support_block(),
        ),
        subject=request,
    )


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in (text or "").split("\n\n") if p.strip()]
    return parts or [
        "The reasons are set out in the decision record; please contact us if you would like them."
    ]


def final_plan_letter(version: PlanVersion) -> Letter:
    """The letter that goes with an issued plan: the right to appeal about sections B, F and I."""
    if version.status != VersionStatus.ISSUED or version.issued_on is None:
        raise ServiceError("The plan version must be issued before the letter that goes with it is sent.")
    child = version.plan.child
    name, lines = addressee(child)
    amended = version.kind == VersionKind.AMENDMENT
    heading = "Your amended EHC plan" if amended else "Your final EHC plan"
    opening = (
        f"We have issued the {'amended' if amended else 'final'} education, health and care (EHC) plan for "
        f"{child.full_name}. It is version {version.number} of the plan, issued on {fmt(version.issued_on)}, "
        "and is enclosed with this letter.",
        "We must secure the special educational provision in section F, and the health provision in "
        "section G must be arranged by the health service.",
    )
    return Letter(
        kind=DocumentKind.DECISION_LETTER,
        title=_titled(f"Decision letter: {heading[5:].lower()} issued", child, version),
        heading=heading,
        child=child,
        addressee=name,
        address_lines=lines,
        dated=version.issued_on,
        opening=opening,
        blocks=(
            appeal_rights(
                version.issued_on,
                about=(
                    "the special educational needs in section B, the special educational provision in "
                    "section F, and the school or other institution named in section I, or that no school "
                    "is named"
                ),
                school_only_exempt=True,
            ),
            Block(
                heading="Health and social care",
                paragraphs=(
                    "The Tribunal can also make recommendations about the health and social care needs and "
                    "provision in sections C, D, G and H when you appeal about section B, F or I.",
                ),
            ),
            support_block(),
        ),
        subject=version,
        version=version,
    )


def review_outcome_letter(review: AnnualReview, *, latest: PlanVersion | None) -> Letter:
    """The decision after an annual review (Regs 20(10)): maintain, amend or cease."""
    if not review.decision or review.decision_on is None:
        raise ServiceError("Record the decision of the review before writing to the family about it.")
    child = review.plan.child
    name, lines = addressee(child)
    meeting = f" held on {fmt(review.meeting_on)}" if review.meeting_on else ""
    opening = [f"Thank you for taking part in the annual review of {child.full_name}'s EHC plan{meeting}."]
    blocks: list[Block] = []
    if review.decision == ReviewDecision.MAINTAIN:
        heading = "Annual review: we will keep the plan as it is"
        opening.append("We have decided to keep the EHC plan as it is, without changes.")
        blocks.append(appeal_rights(review.decision_on, about="our decision not to amend the plan"))
    elif review.decision == ReviewDecision.AMEND:
        heading = "Annual review: we propose to amend the plan"
        opening.append("We have decided to amend the EHC plan.")
        bullets = [
            "We will send you the proposed changes to the plan. You will have at least 15 days from the day "
            "they are sent to comment on them, to ask for a particular school or other institution to be "
            "named, and to ask for a meeting with us.",
            f"We must issue the amended plan within {AMENDED_PLAN_WEEKS} weeks of sending you the proposed "
            "changes.",
            "When the amended plan is issued, you will be able to appeal about sections B, F and I of it.",
        ]
        if notice_on := review.amendment_notice_on:
            bullets.insert(
                0,
                f"We sent the proposed changes on {fmt(notice_on)}: your comments are due by "
                f"{fmt(statutory.amendment_comments_end(notice_on))} and the amended plan by "
                f"{fmt(statutory.amended_plan_due(notice_on))}.",
            )
        blocks.append(Block(heading="What happens next", bullets=tuple(bullets)))
    else:
        heading = "Annual review: we propose to cease the plan"
        opening.append("We are thinking about ceasing (ending) the EHC plan.")
        blocks.append(
            Block(
                heading="What happens next",
                bullets=(
                    "Before we decide, we will consult you and the school or college (Regs 30). Please tell "
                    "us your views.",
                    "The plan stays in force while we consult you and, if we decide to cease it, while you "
                    "can appeal and while any appeal is under way.",
                    "If we decide to cease the plan, we will write to you with the reasons, your right to "
                    "appeal and the deadlines.",
                ),
            )
        )
    blocks.append(support_block())
    return Letter(
        kind=DocumentKind.DECISION_LETTER,
        title=_titled("Annual review decision letter", child, latest),
        heading=heading,
        child=child,
        addressee=name,
        address_lines=lines,
        dated=review.decision_on,
        opening=tuple(opening),
        blocks=tuple(blocks),
        subject=review,
        version=latest,
    )


def _change_rows(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[ChangeRow, ...]:
    rows = []
    for change in c.diff(old, new):
        section = c.SECTION_TITLES.get(change.section, change.section).split(":", 1)[0]
        label = c._FIELD_LABELS.get(change.field, change.field.replace("_", " "))  # noqa: SLF001
        item = change.item.lstrip("#")
        where = f" ({'item ' if change.item.startswith('#') else ''}{item})" if item else ""
        what = {
            "added": f"Added{where}",
            "removed": f"Removed{where}",
            "reordered": "Order changed",
            "changed": f"{(label or 'Content').capitalize()} changed{where}",
        }[change.kind]
        rows.append(ChangeRow(section, what, change.old, change.new))
    return tuple(rows)


def amendment_notice_letter(review: AnnualReview, *, today: dt.date) -> Letter:
    """The proposed amendments after a review (Regs 22): the changes, 15 days to comment, and the
    amended plan within 8 weeks of the notice."""
    # Read the draft afresh: it may have been edited since the review was loaded.
    version = (
        PlanVersion.objects.select_related("based_on").filter(pk=review.amendment_version_id).first()
        if review.amendment_version_id
        else None
    )
    if review.decision != ReviewDecision.AMEND or version is None:
        raise ServiceError("Start the draft amendment of the plan before writing the amendment notice.")
    child = review.plan.child
    name, lines = addressee(child)
    notice_on = review.amendment_notice_on or today
    based_on = version.based_on
    changes = _change_rows(based_on.content if based_on else c.empty_content(), version.content)
    comments_end = statutory.amendment_comments_end(notice_on)
    due = statutory.amended_plan_due(notice_on)
    changes_block = Block(
        heading="The changes we propose",
        paragraphs=(
            f"These are the changes from version {based_on.number if based_on else 0} of the plan. The full "
            f"proposed plan (version {version.number}, draft) is enclosed.",
        )
        if changes
        else ("We have not yet recorded any changes to the plan.",),
        changes=changes,
    )
    return Letter(
        kind=DocumentKind.DECISION_LETTER,
        title=_titled("Amendment notice", child, version),
        heading="Proposed amendments to the EHC plan",
        child=child,
        addressee=name,
        address_lines=lines,
        dated=notice_on,
        opening=(
            f"After the annual review of {child.full_name}'s EHC plan we decided to amend it"
            + (f" on {fmt(review.decision_on)}" if review.decision_on else "")
            + ". This notice sets out the changes we propose.",
        ),
        blocks=(
            changes_block,
            Block(
                heading="Your right to comment",
                bullets=(
                    f"You have {DRAFT_COMMENT_DAYS} days, beginning with the day of this notice, to comment "
                    f"on the proposed changes: until {fmt(comments_end)}.",
                    "In that time you can ask for a particular school or other institution to be named in "
                    "the plan, and ask for a meeting with us to discuss the changes.",
                    f"We must issue the amended plan by {fmt(due)} ({AMENDED_PLAN_WEEKS} weeks from the date "
                    "of this notice). You can then appeal about sections B, F and I of the amended plan.",
                ),
            ),
            support_block(),
        ),
        subject=review,
        version=version,
    )


def cease_notice_letter(cessation: Cessation, *, latest: PlanVersion | None, today: dt.date) -> Letter:
    """The decision to cease the plan (CFA s.45; Regs 31), with the appeal rights and the deadline,
    and that the plan stays in force while an appeal is possible or under way."""
    if cessation.reason == CeaseReason.DIED:
        raise ServiceError("No cease notice is sent after a death: there is no decision to appeal.")
    if cessation.decided_on is None:
        raise ServiceError("Record the decision to cease the plan before writing the notice.")
    child = cessation.plan.child
    name, lines = addressee(child)
    dated = cessation.notice_sent_on or today
    appeal_by = cessation.appeal_by or statutory.appeal_deadline(dated)
    return Letter(
        kind=DocumentKind.DECISION_LETTER,
        title=_titled("Decision letter: ceasing the EHC plan", child, latest),
        heading="Decision to cease the EHC plan",
        child=child,
        addressee=name,
        address_lines=lines,
        dated=dated,
        opening=(
            f"After consulting you and the school or college, on {fmt(cessation.decided_on)} we decided to "
            f"cease (end) the EHC plan for {child.full_name}.",
        ),
        blocks=(
            Block(
                heading="Why we made this decision",
                paragraphs=(f"Reason: {CeaseReason(cessation.reason).label}.",),
            ),
            appeal_rights(dated, about="our decision to cease the plan"),
            Block(
                heading="The plan stays in force",
                paragraphs=(
                    f"The plan stays in force until the time to appeal has passed ({fmt(appeal_by)}) and, if "
                    "you appeal, until the appeal is decided. We will keep securing the provision in the "
                    "plan until then.",
                ),
            ),
            support_block(),
        ),
        subject=cessation,
        version=latest,
    )


def one_paragraph_letter(child: Child, *, dated: dt.date) -> Letter:
    """A minimal letter (used as the benchmark's baseline)."""
    return Letter(
        kind=DocumentKind.CORRESPONDENCE,
        title=_titled("Letter", child),
        heading="A short letter",
        child=child,
        addressee=child.legal_name,
        address_lines=(),
        dated=dated,
        opening=("This is a one-paragraph letter about the EHC plan.",),
        blocks=(),
        subject=child,
    )
