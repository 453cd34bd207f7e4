"""Other processes: starting one detached from the terminal, and telling whether one lives."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence


def start_detached(command: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start ``command`` in a session of its own (no terminal: a hang-up never reaches
    it), its stdio on /dev/null, from ``/`` (it holds no directory busy)."""
    return subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
        cwd="/",
    )


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (ours or someone else's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True
