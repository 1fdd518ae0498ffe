"""Day-ordinal interval helpers behind the availability calendar (private).

Spans are half-open ``(start, end)`` pairs of ``date.toordinal()`` values: plain ints compare
and bisect several times faster than ``date`` objects, which matters on the hot path.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

import attrs

T = TypeVar("T")


@attrs.frozen
class SpanIndex(Generic[T]):
    """Possibly overlapping spans sorted by start, with a running maximum of their ends.

    Among spans starting before ``e``, one overlaps ``[s, e)`` iff the largest end among them
    is after ``s``. Listing *which* ones overlap walks back from there and stops as soon as the
    running maximum says nothing further back can reach ``s``.
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    reach: tuple[int, ...]
    items: tuple[T, ...]

    @classmethod
    def of(cls, rows: Iterable[tuple[int, int, T]]) -> SpanIndex[T]:
        """Index ``(start, end, item)`` rows; items are never compared."""
        ordered = sorted(rows, key=lambda row: (row[0], row[1]))
        reach: list[int] = []
        for _, end, _ in ordered:
            reach.append(max(end, reach[-1]) if reach else end)
        return cls(
            tuple(row[0] for row in ordered),
            tuple(row[1] for row in ordered),
            tuple(reach),
            tuple(row[2] for row in ordered),
        )

    def any_overlapping(self, s: int, e: int) -> bool:
        """Whether some span overlaps ``[s, e)``: O(log n)."""
        j = bisect_left(self.starts, e) - 1
        return j >= 0 and self.reach[j] > s

    def overlapping(self, s: int, e: int) -> Iterator[T]:
        """Items whose span overlaps ``[s, e)``, latest start first."""
        j = bisect_left(self.starts, e) - 1
        while j >= 0 and self.reach[j] > s:
            if self.ends[j] > s:
                yield self.items[j]
            j -= 1


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted by start, merged into disjoint ones (touching spans are joined)."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged
