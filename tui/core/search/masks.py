"""Byte masks (one byte, 0 or 1, per index row), a small LRU of them, and row arithmetic.

Rows are newest first with the episodes without a date (``UNKNOWN_TIME``) last, so every
date bound is a cut in the run of dated rows, found by bisection.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Sequence
from itertools import compress, repeat
from operator import contains
from typing import TypeVar

UNKNOWN_TIME = -(2**62)
"""``published`` of an episode without a date."""

K = TypeVar("K", bound=Hashable)


def both(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "little") & int.from_bytes(b, "little")).to_bytes(len(a), "little")


def either(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "little") | int.from_bytes(b, "little")).to_bytes(len(a), "little")


def invert(a: bytes) -> bytes:
    ones = int.from_bytes(b"\x01" * len(a), "little")
    return (int.from_bytes(a, "little") ^ ones).to_bytes(len(a), "little")


class Lru(OrderedDict[K, bytes]):
    """A tiny LRU of masks."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key: K, compute: Callable[[], bytes]) -> bytes:
        found = self.get(key)
        if found is None:
            found = compute()
            self[key] = found
            if len(self) > self.size:
                self.popitem(last=False)
        else:
            self.move_to_end(key)
        return found


def narrow(candidates: bytes, titles: Sequence[str], text: str) -> bytes:
    """The mask of the candidate rows whose title contains ``text``."""
    rows = list(compress(range(len(candidates)), candidates))
    hits = map(contains, compress(titles, candidates), repeat(text))
    mask = bytearray(len(candidates))
    deque(map(mask.__setitem__, compress(rows, hits), repeat(1)), maxlen=0)
    return bytes(mask)


def count_dated(published: Sequence[int]) -> int:
    """How many leading rows have a date (rows are newest first, unknown dates last)."""
    low, high = 0, len(published)
    while low < high:
        middle = (low + high) // 2
        if published[middle] == UNKNOWN_TIME:
            high = middle
        else:
            low = middle + 1
    return low


def first_below(published: Sequence[int], dated: int, bound: int) -> int:
    """The first row (of the dated, newest-first run) published before ``bound``."""
    low, high = 0, dated
    while low < high:
        middle = (low + high) // 2
        if published[middle] >= bound:
            low = middle + 1
        else:
            high = middle
    return low
