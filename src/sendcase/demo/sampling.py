"""Seeded weighted choices. Every draw in the demo goes through a `random.Random` made from the seed."""

from __future__ import annotations

import itertools
import random
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)
S = TypeVar("S")


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
        # random.choices does the same bisect but costs ~20 microseconds a call in argument handling;
        # the demo makes about half a million draws.
        index = bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.values[min(index, len(self.values) - 1)]

    def share(self, value: T) -> float:
        """The probability of `value` (0 when it cannot be drawn)."""
        total = self.cumulative[-1]
        previous = 0.0
        for candidate, upto in zip(self.values, self.cumulative, strict=True):
            if candidate == value:
                return (upto - previous) / total
            previous = upto
        return 0.0


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from low to high inclusive: random.randint without its argument checks, which
    make it several times slower (and it is called about a million times for 25,000 children)."""
    return low + int(rng.random() * (high - low + 1))


def one_of(rng: random.Random, items: Sequence[S]) -> S:
    """random.choice, made the same way as `between`."""
    return items[int(rng.random() * len(items))]
