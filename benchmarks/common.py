"""What the benchmarks share: the machine line, the load average, repeated timing."""

from __future__ import annotations

import gc
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path


def machine(*extra: str) -> str:
    """CPU model, cores, Python and the system, plus ``extra`` parts (versions)."""
    cpu = platform.processor() or platform.machine()
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    parts = [cpu, f"{os.cpu_count()} cores", f"Python {platform.python_version()}", *extra]
    return ", ".join([*parts, platform.system()])


def load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def timed(function: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    """Wall times of ``repeat`` runs (garbage collected in between) and the last result."""
    times: list[float] = []
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result
