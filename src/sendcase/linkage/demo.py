"""Demo data for record linkage: a handful of duplicate children, so the review queue is not empty and
the merge history shows an automatic merge.

Copies of a few demo children are added with the mistakes real duplicates carry (a nickname, day and
month swapped, a typo in the surname, no UPN). The copies and their originals are scored by the real
matcher; the pairs go to the queue with their real comparison, and certain ones merge automatically.
"""

from __future__ import annotations

import datetime as dt
import random

from sendcase.people.models import Child

from . import matcher
from .merging import children_merge
from .models import LinkageRun
from .names import NICKNAMES
from .runs import CHILD_SOURCE, _queue, child_id, child_rows, is_certain

PLANTED = 6


def _variant(rng: random.Random, child: Child, kind: str) -> dict:
    values = {
        "legal_first_name": child.legal_first_name,
        "legal_middle_names": "",
        "legal_last_name": child.legal_last_name,
        "preferred_name": child.preferred_name,
        "date_of_birth": child.date_of_birth,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "postcode": child.postcode,
        "town": child.town,
        "locality_id": child.locality_id,
        "first_language": child.first_language,
    }
    if kind == "nickname":
        shorts = [short for short, full in NICKNAMES.items() if full == child.legal_first_name.casefold()]
        values["legal_first_name"] = rng.choice(shorts).title() if shorts else child.legal_first_name[:-1]
    elif kind == "swapped":
        born = child.date_of_birth
        if born.day <= 12 and born.day != born.month:
            values["date_of_birth"] = dt.date(born.year, born.day, born.month)
        else:
            values["legal_last_name"] = child.legal_last_name + "e"
    elif kind == "typo":
        last = child.legal_last_name
        values["legal_last_name"] = last[0] + last[2] + last[1] + last[3:] if len(last) > 3 else last + "s"
    elif kind == "certain":
        values["upn"] = child.upn
        values["nhs_number"] = child.nhs_number
    return values


def plant_duplicates(*, seed: int, count: int = PLANTED) -> LinkageRun:
    """Add `count` duplicate children (one of them a certain match) and score them against their
    originals: possible matches join the queue, the certain one is merged automatically."""
    rng = random.Random(seed * 7919)
    originals = list(Child.objects.exclude(upn="").order_by("pk")[:400])
    if len(originals) < count:
        return LinkageRun.objects.create(training="demo: too few children to plant duplicates")
    chosen = rng.sample(originals, count)
    kinds = ["certain"] + [("nickname", "swapped", "typo")[i % 3] for i in range(count - 1)]
    copies = [
        Child.objects.create(**_variant(rng, child, kind)) for child, kind in zip(chosen, kinds, strict=True)
    ]
    rows = child_rows(Child.objects.filter(pk__in=[c.pk for c in chosen + copies]))
    result = matcher.score(matcher.standardise(rows, source=CHILD_SOURCE), threshold=0.5)
    run = LinkageRun.objects.create(records_compared=result.records, training=result.training[:40])
    pairs = {
        (min(a, b), max(a, b)): p
        for p in result.pairs
        if (a := child_id(p.left)) and (b := child_id(p.right))
    }
    for child, copy in zip(chosen, copies, strict=True):
        pair = pairs.get((child.pk, copy.pk))
        if pair is None:
            continue
        run.pairs_scored += 1
        candidate = _queue(run, child.pk, copy.pk, pair)
        if is_certain(pair):
            children_merge(
                acting_user=None,
                survivor=child,
                duplicate=copy,
                candidate=candidate,
                automatic=True,
                reason="Certain match (demo)",
            )
            run.merged_automatically += 1
        else:
            run.queued_for_review += 1
    run.save()
    return run
