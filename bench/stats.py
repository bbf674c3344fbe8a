"""Small statistics and alternation helpers shared by every measurement."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Sample:
    """The runs of one measurement: median with min and max beside it."""

    values: list[float] = field(default_factory=list)
    note: str = ""

    def add(self, value: float | None) -> None:
        if value is not None and not math.isnan(value):
            self.values.append(value)

    @property
    def ok(self) -> bool:
        return bool(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else math.nan

    @property
    def low(self) -> float:
        return min(self.values) if self.values else math.nan

    @property
    def high(self) -> float:
        return max(self.values) if self.values else math.nan

    def as_dict(self) -> dict[str, object]:
        return {"median": self.median, "min": self.low, "max": self.high, "runs": len(self.values), "values": self.values}


def alternate(runs: int, measures: Sequence[Callable[[], float | None]]) -> list[Sample]:
    """Run each measure ``runs`` times, interleaved (A B, B A, A B ...) so drift hits all alike."""
    samples = [Sample() for _ in measures]
    order = list(range(len(measures)))
    for run in range(runs):
        sequence = order if run % 2 == 0 else list(reversed(order))
        for index in sequence:
            samples[index].add(measures[index]())
    return samples


def growth_per_10x(size_a: float, value_a: float, size_b: float, value_b: float) -> float:
    """How much a cost grows per tenfold data: 1 = flat, 10 = linear, above 10 = worse than linear."""
    if value_a <= 0 or value_b <= 0 or size_b <= size_a:
        return math.nan
    return (value_b / value_a) ** (1.0 / math.log10(size_b / size_a))
