"""Running the matcher over children's records: certain matches merge automatically, possible matches
join the review queue. Also scores records from another source (an import) against the children.

Thresholds (`matcher.CERTAIN_THRESHOLD`, `matcher.REVIEW_THRESHOLD`; docs/linkage.md):
- a pair is *certain* when its match probability is at least `CERTAIN_THRESHOLD` AND the dates of birth
  agree exactly AND it agrees on a UPN or NHS number, or on both legal first and last names. Certain
  pairs are merged without a person, the lower id (the older record) surviving unless only the other
  has a plan in force;
- a pair is *possible* when its probability is at least `REVIEW_THRESHOLD` (and it is not certain):
  it waits in the review queue for a data officer.
Pairs a person has already decided (merged, or not the same child) are never queued again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from sendcase.core.errors import ServiceError
from sendcase.core.models import User
from sendcase.people.models import Child
from sendcase.plans.models.plan import PlanStatus

from . import matcher
from .matcher import REVIEW_THRESHOLD, is_certain
from .merging import children_merge, merged_away_ids, require_merger
from .models import CandidateStatus, LinkageRun, MatchCandidate

CHILD_SOURCE = "child"


def child_rows(children: Iterable[Child] | None = None) -> list[dict[str, Any]]:
    """The children's records as the matcher's input rows (children merged away are left out)."""
    fields = [
        "pk",
        "legal_first_name",
        "preferred_name",
        "legal_last_name",
        "date_of_birth",
        "postcode",
        "upn",
        "nhs_number",
        "sex",
    ]
    queryset = Child.objects.exclude(pk__in=merged_away_ids()) if children is None else children
    rows = []
    for values in queryset.values(*fields) if hasattr(queryset, "values") else []:
        values["record_id"] = values.pop("pk")
        rows.append(values)
    return rows


def child_id(unique_id: str) -> int | None:
    source, _, record = unique_id.partition(":")
    return int(record) if source == CHILD_SOURCE else None


def score_children(**options: Any) -> matcher.MatchResult:
    return matcher.score(matcher.standardise(child_rows(), source=CHILD_SOURCE), **options)


def _survivor_first(a: Child, b: Child) -> tuple[Child, Child]:
    """The older record survives, unless only the newer one has a plan in force."""
    older, newer = sorted((a, b), key=lambda c: c.pk)
    newer_active = newer.plans.filter(status=PlanStatus.ACTIVE).exists()
    if newer_active and not older.plans.filter(status=PlanStatus.ACTIVE).exists():
        return newer, older
    return older, newer


def find_duplicates(
    child_ids: Iterable[int] | None = None,
    *,
    acting_user: User | None = None,
    auto_merge: bool = True,
    **options: Any,
) -> LinkageRun:
    """Look for duplicates among the children (all of them against each other, or, given `child_ids`,
    pairs involving at least one of those children), merge the certain ones and queue the possible ones.

    Imports call this after loading rows with the ids of the children they created or changed.
    `acting_user=None` means the system (a command or an import), which may merge certain matches.
    """
    require_merger(acting_user)
    wanted = set(child_ids) if child_ids is not None else None
    run = LinkageRun.objects.create(
        started_by=acting_user if acting_user is not None and acting_user.pk else None
    )
    result = score_children(threshold=REVIEW_THRESHOLD, **options)
    run.records_compared = result.records
    run.training = result.training[:40]
    pairs = []
    for pair in result.pairs:
        a, b = child_id(pair.left), child_id(pair.right)
        if a is None or b is None:
            continue
        if wanted is not None and a not in wanted and b not in wanted:
            continue
        pairs.append((min(a, b), max(a, b), pair))
    run.pairs_scored = len(pairs)
    decided = set(
        MatchCandidate.objects.exclude(status=CandidateStatus.PENDING).values_list("child_a_id", "child_b_id")
    )
    merged_away: set[int] = set()
    for a, b, pair in sorted(pairs, key=lambda p: -p[2].match_probability):
        if (a, b) in decided or a in merged_away or b in merged_away:
            continue
        candidate = _queue(run, a, b, pair)
        if auto_merge and is_certain(pair):
            children = Child.objects.in_bulk([a, b])
            survivor, duplicate = _survivor_first(children[a], children[b])
            try:
                children_merge(
                    acting_user=acting_user,
                    survivor=survivor,
                    duplicate=duplicate,
                    candidate=candidate,
                    automatic=True,
                    reason=f"Certain match (probability {pair.match_probability:.4f})",
                )
            except ServiceError:
                # Left in the queue with the reason visible on the comparison page.
                run.not_merged += 1
                run.queued_for_review += 1
                continue
            run.merged_automatically += 1
            merged_away.add(duplicate.pk)
        else:
            run.queued_for_review += 1
    run.finished_at = timezone.now()
    run.save()
    return run


def _queue(run: LinkageRun, a: int, b: int, pair: matcher.ScoredPair) -> MatchCandidate:
    with transaction.atomic():
        candidate, created = MatchCandidate.objects.select_for_update().get_or_create(
            child_a_id=a,
            child_b_id=b,
            defaults={
                "run": run,
                "match_probability": pair.match_probability,
                "match_weight": pair.match_weight,
                "comparison": pair.details,
            },
        )
        if not created and candidate.status == CandidateStatus.PENDING:
            candidate.run = run
            candidate.match_probability = pair.match_probability
            candidate.match_weight = pair.match_weight
            candidate.comparison = pair.details
            candidate.version += 1
            candidate.save()
    return candidate


def match_candidates_to_children(
    candidates: Any, *, source: str = "import", threshold: float = REVIEW_THRESHOLD, **options: Any
) -> list[dict[str, Any]]:
    """Score records from another source (rows as for `matcher.standardise`, with `record_id`) against
    the children: for each pair of a candidate record and a child with probability >= threshold, a dict
    with `record_id`, `child_id`, `match_probability`, `certain` and the comparison `details`. Pairs
    within the children or within the candidates are not returned."""
    import pyarrow as pa

    table = pa.concat_tables(
        [
            matcher.standardise(child_rows(), source=CHILD_SOURCE),
            matcher.standardise(candidates, source=source),
        ]
    )
    result = matcher.score(table, threshold=threshold, **options)
    found = []
    for pair in result.pairs:
        ids = {pair.left.partition(":")[0]: pair.left, pair.right.partition(":")[0]: pair.right}
        if set(ids) != {CHILD_SOURCE, source}:
            continue
        found.append(
            {
                "record_id": ids[source].partition(":")[2],
                "child_id": child_id(ids[CHILD_SOURCE]),
                "match_probability": pair.match_probability,
                "certain": is_certain(pair),
                "details": pair.details,
            }
        )
    return sorted(found, key=lambda f: -f["match_probability"])


def candidate_reject(
    *, acting_user: User, candidate: MatchCandidate, expected_version: int, notes: str = ""
) -> MatchCandidate:
    """Record that the pair are different children: the pair is never queued again."""
    from sendcase.core.audit import audit_record
    from sendcase.core.errors import StaleEdit
    from sendcase.core.models import AuditAction

    require_merger(acting_user)
    with transaction.atomic():
        locked = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.version != expected_version:
            raise StaleEdit()
        if locked.status != CandidateStatus.PENDING:
            raise ServiceError("This possible match has already been decided.", code="already_decided")
        locked.status = CandidateStatus.NOT_A_MATCH
        locked.decided_by = acting_user
        locked.decided_at = timezone.now()
        locked.decision_notes = notes[:500]
        locked.version += 1
        locked.save()
        pair = f"SC{locked.child_a_id:07d} and SC{locked.child_b_id:07d}"
        for child_pk in (locked.child_a_id, locked.child_b_id):
            audit_record(
                user=acting_user,
                action=AuditAction.UPDATE,
                obj=locked,
                child_id=child_pk,
                summary=f"Decided {pair} are different children",
            )
    return locked


def candidate_merge(
    *,
    acting_user: User,
    candidate: MatchCandidate,
    expected_version: int,
    survivor_id: int,
    notes: str = "",
):
    """A reviewer's "same child": merge the pair, keeping the record they chose."""
    from sendcase.core.errors import StaleEdit

    require_merger(acting_user)
    with transaction.atomic():
        locked = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.version != expected_version:
            raise StaleEdit()
        if locked.status != CandidateStatus.PENDING:
            raise ServiceError("This possible match has already been decided.", code="already_decided")
        if survivor_id not in (locked.child_a_id, locked.child_b_id):
            raise ServiceError("Choose which record to keep", field="survivor")
        children = Child.objects.in_bulk([locked.child_a_id, locked.child_b_id])
        duplicate_id = locked.child_b_id if survivor_id == locked.child_a_id else locked.child_a_id
        return children_merge(
            acting_user=acting_user,
            survivor=children[survivor_id],
            duplicate=children[duplicate_id],
            candidate=locked,
            reason=notes,
        )
