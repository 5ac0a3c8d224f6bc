"""Synthetic records with known true matches, to measure the matcher's precision and recall.

Each person gets one record; a share of them get a second record with the mistakes real duplicates
carry: a typo in a name, a nickname or preferred name, day and month swapped, the UPN or NHS number
missing, a new postcode after a move. Hard negatives are added too: twins (same date of birth, surname
and address, different first names) and unrelated children who share a birthday. Only synthetic data:
names from Faker's lists, UPNs built by `make_upn`, NHS numbers in the 999 test range.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from typing import Any

from sendcase.core.identifiers import make_nhs_number, make_upn
from sendcase.demo.names import first_name, last_name

from .names import NICKNAMES

_NICKNAME_OF: dict[str, list[str]] = {}
for _short, _full in NICKNAMES.items():
    _NICKNAME_OF.setdefault(_full, []).append(_short)
_DISTRICTS = (
    [f"B{n}" for n in range(1, 40)] + [f"WS{n}" for n in range(1, 15)] + [f"DY{n}" for n in range(1, 12)]
)


def postcode(rng: random.Random, district: str) -> str:
    """A postcode in `district`, from about 150 per district: real postcodes cover about 15 homes, so
    children who are not related do share them, and the matcher must not over-trust a shared one."""
    return f"{district} {rng.randint(1, 9)}{rng.choice('ABDEG')}{rng.choice('HJLNP')}"


@dataclass
class SyntheticSet:
    records: list[dict[str, Any]]
    true_pairs: set[tuple[str, str]]  # unique ids ("<source>:<record_id>"), sorted within each pair

    @property
    def people(self) -> int:
        return len({r["person"] for r in self.records})


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:  # swap neighbours
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind < 0.7:  # drop one
        return text[:i] + text[i + 1 :]
    return text[:i] + rng.choice("aeiournst") + text[i + 1 :]  # replace one


def _swap_day_month(day: dt.date) -> dt.date:
    try:
        return dt.date(day.year, day.day, day.month)
    except ValueError:
        return day


def _person(rng: random.Random, serial: int, today: dt.date) -> dict[str, Any]:
    sex = rng.choice("FM")
    born = today - dt.timedelta(days=rng.randrange(365 * 2, 365 * 22))
    district = rng.choice(_DISTRICTS)
    return {
        "legal_first_name": first_name(rng, sex),
        "preferred_name": "",
        "legal_last_name": last_name(rng),
        "date_of_birth": born,
        "sex": sex,
        "postcode": postcode(rng, district),
        "upn": make_upn(330, serial // 1000 % 10000, born.year % 100, serial % 1000)
        if rng.random() < 0.85
        else "",
        "nhs_number": make_nhs_number(serial) if rng.random() < 0.7 else "",
    }


def _duplicate_of(rng: random.Random, record: dict[str, Any]) -> dict[str, Any]:
    """A second record of the same person with one to three realistic differences."""
    copy = dict(record)
    changes = rng.sample(
        [
            "first_typo",
            "last_typo",
            "nickname",
            "swap_dob",
            "dob_typo",
            "no_upn",
            "no_nhs",
            "moved",
            "preferred",
        ],
        k=rng.randint(1, 3),
    )
    for change in changes:
        if change == "first_typo":
            copy["legal_first_name"] = _typo(rng, copy["legal_first_name"])
        elif change == "last_typo":
            copy["legal_last_name"] = _typo(rng, copy["legal_last_name"])
        elif change == "nickname":
            key = copy["legal_first_name"].casefold()
            options = _NICKNAME_OF.get(NICKNAMES.get(key, key), [])
            if options:
                copy["legal_first_name"] = rng.choice(options).title()
        elif change == "preferred":
            copy["preferred_name"] = copy["legal_first_name"]
            copy["legal_first_name"] = first_name(rng, copy["sex"])
        elif change == "swap_dob":
            copy["date_of_birth"] = _swap_day_month(copy["date_of_birth"])
        elif change == "dob_typo":
            born = copy["date_of_birth"]
            copy["date_of_birth"] = born.replace(day=min(28, born.day % 10 + 10 * rng.choice([0, 1, 2])) or 1)
        elif change == "no_upn":
            copy["upn"] = ""
        elif change == "no_nhs":
            copy["nhs_number"] = ""
        elif change == "moved":
            copy["postcode"] = postcode(rng, rng.choice(_DISTRICTS))
    return copy


def generate(
    people: int,
    *,
    duplicate_share: float = 0.1,
    twin_share: float = 0.02,
    seed: int = 1,
    today: dt.date = dt.date(2026, 9, 1),
    source: str = "child",
) -> SyntheticSet:
    """About `people` people; `duplicate_share` of them recorded twice, `twin_share` of them born a twin
    (the twin is a different person and must not be matched)."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    true_pairs: set[tuple[str, str]] = set()
    ids = itertools.count(1)
    serials = itertools.count(1)
    for person in range(people):
        base = _person(rng, next(serials), today)
        base_id = next(ids)
        records.append({**base, "record_id": base_id, "person": person})
        if rng.random() < duplicate_share:
            dup_id = next(ids)
            records.append({**_duplicate_of(rng, base), "record_id": dup_id, "person": person})
            true_pairs.add(tuple(sorted((f"{source}:{base_id}", f"{source}:{dup_id}"))))
        if rng.random() < twin_share:
            twin = dict(base)
            twin["sex"] = rng.choice("FM")
            names = {base["legal_first_name"]}
            while twin["legal_first_name"] in names:
                twin["legal_first_name"] = first_name(rng, twin["sex"])
            serial = next(serials)
            twin["upn"] = (
                make_upn(330, serial // 1000 % 10000, base["date_of_birth"].year % 100, serial % 1000)
                if base["upn"]
                else ""
            )
            twin["nhs_number"] = make_nhs_number(serial) if base["nhs_number"] else ""
            records.append({**twin, "record_id": next(ids), "person": f"twin-{person}"})
    rng.shuffle(records)
    return SyntheticSet(records=records, true_pairs=true_pairs)


def precision_recall(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float]:
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    return precision, recall
