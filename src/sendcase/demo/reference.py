"""Localities and establishments as plain values, so the population can be generated without a database
(and tested that way), and a seeded choice of the school a child of a given age would attend."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from sendcase.settings_data.codes import EstablishmentType, Phase

from .sampling import one_of

K = EstablishmentType

# Phases a child of each age can be placed in, most likely first. Special schools and the like are
# usually "not applicable" (they take every age), so that phase is accepted at every age.
_PHASES_BY_AGE: list[tuple[range, tuple[str, ...]]] = [
    (range(0, 4), (Phase.NURSERY, Phase.PRIMARY, Phase.ALL_THROUGH)),
    (range(4, 11), (Phase.PRIMARY, Phase.ALL_THROUGH, Phase.MIDDLE)),
    (range(11, 16), (Phase.SECONDARY, Phase.ALL_THROUGH, Phase.MIDDLE)),
    (range(16, 19), (Phase.POST16, Phase.SECONDARY, Phase.ALL_THROUGH)),
    (range(19, 200), (Phase.POST16,)),
]


@dataclass(frozen=True)
class LocalityRef:
    id: int
    name: str
    # Outward postcodes (e.g. "B23") of the locality, taken from its establishments' postcodes.
    districts: tuple[str, ...]


@dataclass(frozen=True)
class EstablishmentRef:
    id: int
    name: str
    kind: str
    phase: str
    locality_id: int | None


def phases_for(age: int) -> tuple[str, ...]:
    for ages, phases in _PHASES_BY_AGE:
        if age in ages:
            return (*phases, Phase.NOT_APPLICABLE)
    return (Phase.POST16, Phase.NOT_APPLICABLE)


@dataclass
class Reference:
    localities: list[LocalityRef]
    establishments: list[EstablishmentRef]
    _by_kind: dict[str, list[EstablishmentRef]] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[str, int, int | None], tuple[EstablishmentRef, ...]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        if not self.localities:
            raise ValueError("the demo needs at least one locality")
        if not self.establishments:
            raise ValueError("the demo needs establishments: load the synthetic establishments first")
        by_kind: dict[str, list[EstablishmentRef]] = defaultdict(list)
        for est in self.establishments:
            by_kind[est.kind].append(est)
        self._by_kind = dict(by_kind)
        self.by_id = {est.id: est for est in self.establishments}

    def candidates(self, kind: str, age: int, locality_id: int | None) -> tuple[EstablishmentRef, ...]:
        """Establishments of `kind` suitable for `age`, nearest (same locality) first when there are any."""
        key = (kind, min(age, 25), locality_id)
        found = self._cache.get(key)
        if found is None:
            pool = self._by_kind.get(kind, [])
            fitting = [e for e in pool if e.phase in phases_for(age)] or pool
            local = [e for e in fitting if e.locality_id == locality_id]
            found = tuple(local or fitting)
            self._cache[key] = found
        return found

    def pick(
        self, rng: random.Random, kind: str, age: int, locality_id: int | None
    ) -> EstablishmentRef | None:
        """A school of `kind` for a child of `age`; mostly in their own locality, sometimes further away
        (as the authority's own figures show for special schools)."""
        local = self.candidates(kind, age, locality_id)
        if rng.random() < 0.2:
            local = self.candidates(kind, age, None)
        if not local:
            return None
        return one_of(rng, local)

    def current_setting(
        self, rng: random.Random, age: int, locality_id: int | None
    ) -> EstablishmentRef | None:
        """Where a child is before a plan: a nursery under 4, a mainstream school 4-15, a college after,
        or nowhere (no setting) for some under-fives and over-nineteens."""
        if age < 2 or (age < 4 and rng.random() < 0.4) or (age >= 19 and rng.random() < 0.4):
            return None
        if age < 4:
            kind = K.EARLY_YEARS
        elif age < 16:
            kind = K.MAINSTREAM
        else:
            kind = K.FURTHER_EDUCATION if rng.random() < 0.7 else K.MAINSTREAM
        return self.pick(rng, kind, age, locality_id) or self.pick(rng, K.MAINSTREAM, age, locality_id)
