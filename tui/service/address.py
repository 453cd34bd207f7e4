"""Where a data dir's service listens: a Unix socket in a directory only the user can enter.

``$XDG_RUNTIME_DIR/podtui/`` where that exists, else ``podtui-<uid>`` in ``$TMPDIR`` or
``/tmp``; one socket per data dir, named by a hash of the data dir's real path. A path
too long for ``sun_path`` falls back to a shorter directory.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from tui.core.errors import PodtuiError

SUN_PATH_MAX = 107  # bytes of a socket path (108 with the terminating NUL) on Linux
SHORT_ROOT = "/tmp"


class UnsafeDirectory(PodtuiError):
    """The socket directory exists but another user could enter it or owns it."""


def socket_name(data_dir: Path) -> str:
    digest = hashlib.sha256(os.fsencode(os.path.realpath(data_dir))).hexdigest()
    return f"service-{digest[:16]}.sock"


def candidate_dirs() -> list[Path]:
    """The socket directories in order of preference."""
    found: list[Path] = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        found.append(Path(runtime) / "podtui")
    uid = os.getuid()
    tmp = os.environ.get("TMPDIR")
    if tmp and os.path.isabs(tmp) and os.path.isdir(tmp):
        found.append(Path(tmp) / f"podtui-{uid}")
    found.append(Path(SHORT_ROOT) / f"podtui-{uid}")
    return found


def socket_path(data_dir: Path) -> Path:
    """The socket for ``data_dir``: in the first candidate directory whose path fits."""
    name = socket_name(data_dir)
    for directory in candidate_dirs():
        path = directory / name
        if len(os.fsencode(path)) <= SUN_PATH_MAX:
            return path
    raise PodtuiError(f"no directory gives a socket path short enough for {name}")


def ensure_private_dir(directory: Path) -> None:
    """Create ``directory`` (0700) if needed and check that only this user can enter it."""
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise PodtuiError(f"cannot create {directory}: {exc.strerror or exc}") from None
    info = os.lstat(directory)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UnsafeDirectory(f"{directory} is not a directory of this user's")
    if info.st_mode & 0o077:
        try:
            os.chmod(directory, 0o700)
        except OSError as exc:
            raise UnsafeDirectory(f"{directory} is open to other users: {exc}") from None


def lock_path(data_dir: Path) -> Path:
    """The lock held by the data dir's running service."""
    return data_dir / "service.lock"
