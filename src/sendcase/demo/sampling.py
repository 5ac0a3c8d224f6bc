"""Seeded weighted choices. Every draw in the demo goes through a `random.Random` made from the seed."""

from __future__ import annotations

import itertools
import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Weighted(Generic[T]):
    """A categorical distribution, drawn with cumulative weights (one bisect per draw)."""

    values: tuple[T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weights: Mapping[T, float] | Iterable[tuple[T, float]]) -> Weighted[T]:
        items = list(weights.items() if isinstance(weights, Mapping) else weights)
        # Zero-weight values can never be drawn; dropping them keeps the table short.
        items = [(value, float(weight)) for value, weight in items if weight > 0]
        if not items:
            raise ValueError("a distribution needs at least one value with a positive weight")
        values, raw = zip(*items, strict=True)
        return cls(tuple(values), tuple(itertools.accumulate(raw)))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]

    def share(self, value: T) -> float:
        """The probability of `value` (0 when it cannot be drawn)."""
        total = self.cumulative[-1]
        previous = 0.0
        for candidate, upto in zip(self.values, self.cumulative, strict=True):
            if candidate == value:
                return (upto - previous) / total
            previous = upto
        return 0.0


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability
