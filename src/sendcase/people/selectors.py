"""Reading children's records, with the permission filter applied here and nowhere else.

Staff of the authority and service accounts may read every child's record; anyone else (families,
schools, advisers) sees none until portal links exist. Every function that returns children, or things
that belong to a child, starts from `children_visible_to`, so a new role needs one change here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from sendcase.core import permissions
from sendcase.core.models import User

from .models import Child, Contact, Document, Note


def children_visible_to(user: User) -> QuerySet[Child]:
    if permissions.can_read_records(user):
        return Child.objects.all()
    return Child.objects.none()


def child_for_user(user: User, pk: int) -> Child:
    """The child with this id if the user may see them; otherwise 404, so a record's existence is not
    revealed to someone who may not see it."""
    return get_object_or_404(children_visible_to(user).select_related("locality"), pk=pk)


def contact_for_user(user: User, child: Child, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.filter(child__in=children_visible_to(user), child=child), pk=pk)


def documents_for_child(user: User, child: Child) -> QuerySet[Document]:
    return Document.objects.filter(child__in=children_visible_to(user), child=child).select_related(
        "created_by"
    )


def document_for_user(user: User, child: Child, pk: int) -> Document:
    return get_object_or_404(documents_for_child(user, child), pk=pk)


def notes_for_child(user: User, child: Child) -> QuerySet[Note]:
    return Note.objects.filter(child__in=children_visible_to(user), child=child).select_related("created_by")


# --- Search --------------------------------------------------------------------------------------

_REFERENCE = re.compile(r"^SC(\d{1,9})$", re.IGNORECASE)
_UPN_LIKE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _without_merged_away(children: QuerySet[Child]) -> QuerySet[Child]:
    """Leave out records merged into another child's record (record linkage), while the merge stands."""
    from sendcase.linkage.merging import merged_away_ids

    return children.exclude(pk__in=merged_away_ids())


def merged_into(child: Child) -> Child | None:
    """The record this child's record was merged into as a duplicate (while the merge stands)."""
    from sendcase.linkage.models import MergedRecord

    standing = MergedRecord.objects.filter(duplicate=child, undone_at__isnull=True)
    found = standing.select_related("merged_into").first()
    return found.merged_into if found is not None else None


def child_search(user: User, query: str) -> QuerySet[Child]:
    """Children matching what an officer typed: a reference (SC0000123), a UPN, an NHS number or ULN,
    a date of birth (dd/mm/yyyy), or words of a name (each word must appear in one of the names)."""
    everyone = children_visible_to(user)
    query = " ".join(str(query or "").split())
    compact = query.replace(" ", "")
    if match := _REFERENCE.match(compact):
        # A reference finds the record even if it was merged into another (its page says so).
        return everyone.filter(pk=int(match.group(1)))
    children = _without_merged_away(everyone)
    if not query:
        return children
    if _UPN_LIKE.match(compact):
        return children.filter(upn=compact.upper())
    if compact.isdigit() and len(compact) == 10:
        return children.filter(Q(nhs_number=compact) | Q(uln=compact))
    if match := _DATE.match(query):
        day, month, year = (int(part) for part in match.groups())
        try:
            born = dt.date(year, month, day)
        except ValueError:
            return children.none()
        return children.filter(date_of_birth=born)
    for word in query.split(" "):
        children = children.filter(
            Q(legal_first_name__icontains=word)
            | Q(legal_last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(legal_middle_names__icontains=word)
        )
    return children


# --- Possible duplicates -------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A name reduced for comparison: accents removed, case folded, only letters kept.

    'Zoë O'Brien-Smith' and 'zoe obriensmith' give the same key, so spelling conventions of accents,
    apostrophes, hyphens and spaces do not hide a duplicate.
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in decomposed.casefold() if ch.isalpha())


def _first_names(first: str, preferred: str = "") -> set[str]:
    return {key for key in (name_key(first), name_key(preferred)) if key}


def names_match(
    first: str,
    last: str,
    other_first: str,
    other_last: str,
    *,
    preferred: str = "",
    other_preferred: str = "",
) -> bool:
    """Whether two children's names are similar enough to be the same child.

    Same last name and the same first initial (a first name is often shortened or spelt differently:
    'Mohammed'/'Muhammad', 'Kate'/'Katherine'), or first and last names swapped, which happens when
    a name order is misread.
    """
    last_key, other_last_key = name_key(last), name_key(other_last)
    firsts, other_firsts = _first_names(first, preferred), _first_names(other_first, other_preferred)
    same_initial = bool({f[0] for f in firsts} & {f[0] for f in other_firsts})
    if last_key and last_key == other_last_key and same_initial:
        return True
    return bool(last_key and last_key in other_firsts and other_last_key in firsts)


def _matches(
    candidates: Iterable[Child],
    *,
    first_name: str,
    last_name: str,
    preferred_name: str,
    date_of_birth: dt.date,
) -> list[Child]:
    return [
        child
        for child in candidates
        if child.date_of_birth == date_of_birth
        and names_match(
            first_name,
            last_name,
            child.legal_first_name,
            child.legal_last_name,
            preferred=preferred_name,
            other_preferred=child.preferred_name,
        )
    ]


def possible_duplicates(
    user: User,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    upn: str = "",
    preferred_name: str = "",
    exclude_pk: int | None = None,
) -> list[Child]:
    """Children already recorded who may be this child: the same date of birth and a similar name
    (see `names_match`), or the same UPN.

    Names are compared in Python rather than in SQL so accents and punctuation are handled the same on
    SQLite and PostgreSQL; the date of birth (indexed) narrows the candidates to a handful first.
    """
    children = children_visible_to(user)
    if exclude_pk is not None:
        children = children.exclude(pk=exclude_pk)
    found: dict[int, Child] = {}
    if date_of_birth is not None:
        same_birthday = children.filter(date_of_birth=date_of_birth)
        for child in _matches(
            same_birthday,
            first_name=first_name,
            last_name=last_name,
            preferred_name=preferred_name,
            date_of_birth=date_of_birth,
        ):
            found[child.pk] = child
    if upn:
        for child in children.filter(upn=upn.upper()):
            found.setdefault(child.pk, child)
    return sorted(found.values(), key=lambda c: (c.legal_last_name, c.legal_first_name, c.pk))
