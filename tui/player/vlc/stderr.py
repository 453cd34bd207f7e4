"""Keeping native output off the terminal: fd 2 sent to a log file, libVLC's own start-up
lines captured, ALSA's error printer silenced."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


class StderrRedirect:
    """fd 2 points at a log file; Python's ``sys.stderr``/``sys.__stderr__`` keep the terminal.

    Native code (libVLC, ALSA, PulseAudio) writes straight to fd 2; Textual draws on
    ``sys.__stderr__``. After :func:`redirect_stderr` the first goes to the log and the second
    still reaches the terminal through a duplicate of the original descriptor.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for stream in (sys.stderr, sys.__stderr__):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.flush()
        self._saved_fd = os.dup(2)
        encoding = getattr(sys.__stderr__, "encoding", None) or "utf-8"
        self.terminal: TextIO = os.fdopen(
            os.dup(self._saved_fd), "w", buffering=1, encoding=encoding, errors="backslashreplace"
        )
        self._old = (sys.stderr, sys.__stderr__)
        log_fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.dup2(log_fd, 2)
        finally:
            os.close(log_fd)
        if sys.stderr is sys.__stderr__ or sys.stderr is None:
            sys.stderr = self.terminal
        _set_dunder_stderr(self.terminal)
        self._active = True

    def restore(self) -> None:
        if not self._active:
            return
        self._active = False
        with contextlib.suppress(Exception):
            self.terminal.flush()
        os.dup2(self._saved_fd, 2)
        os.close(self._saved_fd)
        if sys.stderr is self.terminal:
            sys.stderr = self._old[0]
        _set_dunder_stderr(self._old[1])
        with contextlib.suppress(Exception):
            self.terminal.close()

    def __enter__(self) -> StderrRedirect:
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()


def _set_dunder_stderr(stream: TextIO | None) -> None:
    # typeshed marks sys.__stderr__ Final; Textual reads it to find the terminal.
    setattr(sys, "__stderr__", stream)  # noqa: B010


def redirect_stderr(path: str | os.PathLike[str]) -> StderrRedirect:
    """Send whatever native code writes to fd 2 into ``path``; Python keeps the terminal."""
    return StderrRedirect(Path(path))


@contextlib.contextmanager
def captured_fd2() -> Iterator[list[str]]:
    """Collect what is written to fd 2 inside the block (libVLC prints a few lines itself)."""
    lines: list[str] = []
    try:
        saved = os.dup(2)
    except OSError:
        yield lines
        return
    with tempfile.TemporaryFile() as tmp:
        try:
            os.dup2(tmp.fileno(), 2)
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            text = tmp.read(64 * 1024).decode("utf-8", "replace")
            lines.extend(line.strip() for line in text.splitlines() if line.strip())


_AlsaErrorHandler = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore_alsa_error(file: bytes, line: int, func: bytes, err: int, fmt: bytes) -> None:
    return None


class _Alsa:
    handler: object = None  # kept alive while ALSA may call it; False: no ALSA to silence


def silence_alsa() -> None:
    """ALSA prints its own errors on stderr (e.g. on a box without a sound card): drop them."""
    if _Alsa.handler is not None or not sys.platform.startswith("linux"):
        return
    try:
        lib = ctypes.CDLL("libasound.so.2")
    except OSError:
        _Alsa.handler = False
        return
    _Alsa.handler = _AlsaErrorHandler(_ignore_alsa_error)
    try:
        lib.snd_lib_error_set_handler(_Alsa.handler)
    except Exception:
        _Alsa.handler = False
