"""libVLC's log: every line goes to the log file (never to the terminal), and the recent
warnings and errors are kept to explain a failure."""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from tui.player.vlc.libvlc import LogContext, VlcInstance, VlcModule, log_callback


class LogLevel(IntEnum):
    """libVLC's log levels (libvlc_log_level)."""

    DEBUG = 0
    NOTICE = 2
    WARNING = 3
    ERROR = 4


@dataclass(slots=True)
class LogLine:
    level: int
    module: str
    text: str
    serial: int


_LEVEL_NAMES = {level.value: level.name.lower() for level in LogLevel}


def _vsnprintf() -> ctypes._NamedFuncPointer | None:
    """The C library's vsnprintf: libVLC hands over a printf format and a va_list."""
    try:
        if sys.platform == "win32":
            fn = ctypes.cdll.msvcrt._vsnprintf
        else:
            fn = ctypes.CDLL(None).vsnprintf
        fn.argtypes = (ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p)
        fn.restype = ctypes.c_int
    except (OSError, AttributeError):
        return None  # the raw format string is logged instead
    return fn


class LogSink:
    """Receives libVLC's log: writes it to the log file and keeps the recent interesting lines.

    libVLC calls :meth:`install`'s callback on its own threads: the line is formatted,
    written and handed to ``hook``; nothing in it calls libVLC or may raise into it.
    """

    def __init__(self, path: Path | None, *, debug: bool = False) -> None:
        self._lock = threading.Lock()
        self._file: TextIO | None = None
        self.debug = debug
        if path is not None:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(path, "a", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
        self.recent: deque[LogLine] = deque(maxlen=200)
        self.serial = 0
        self.hook: Callable[[LogLine], None] | None = None
        self._callback: object = None  # the ctypes callback, kept alive while installed
        self._vsnprintf: ctypes._NamedFuncPointer | None = None
        self._context: LogContext | None = None

    def install(self, vlc: VlcModule, instance: VlcInstance) -> None:
        self._vsnprintf = _vsnprintf()
        self._context = LogContext.of(vlc)
        self._callback = log_callback(vlc, self._on_log)
        instance.log_set(self._callback, None)

    def _on_log(
        self, data: object, level: int, ctx: object, fmt: bytes | None, args: object
    ) -> None:
        with contextlib.suppress(BaseException):  # nothing may escape into libVLC's thread
            self._handle(level, ctx, fmt, args)

    def _handle(self, level: int, ctx: object, fmt: bytes | None, args: object) -> None:
        module = self._context.module(ctx) if self._context is not None and ctx else ""
        wanted = (
            self.debug
            or level >= LogLevel.NOTICE
            or (module in ("http", "access") and fmt is not None and b"response" in fmt)
        )
        if not wanted:
            return
        if self._vsnprintf is not None and fmt is not None:
            buf = ctypes.create_string_buffer(2048)
            self._vsnprintf(buf, len(buf), fmt, args)
            text = buf.value.decode("utf-8", "replace")
        else:
            text = (fmt or b"").decode("utf-8", "replace")
        with self._lock:
            self.serial += 1
            item = LogLine(level, module, text, self.serial)
            if level >= LogLevel.WARNING or "response" in text[:40]:
                self.recent.append(item)
            if self._file is not None:
                stamp = time.strftime("%Y-%m-%d %H:%M:%S")
                flat = " | ".join(part.strip() for part in text.splitlines() if part.strip())
                name = _LEVEL_NAMES.get(level, str(level))
                self._file.write(f"{stamp} vlc {name} [{module or '-'}] {flat}\n")
        hook = self.hook
        if hook is not None:
            hook(item)

    def write(self, text: str) -> None:
        with self._lock:
            if self._file is not None:
                stamp = time.strftime("%Y-%m-%d %H:%M:%S")
                self._file.write(f"{stamp} player {text}\n")

    def mark(self) -> int:
        with self._lock:
            return self.serial

    def since(self, serial: int) -> list[LogLine]:
        with self._lock:
            return [item for item in self.recent if item.serial > serial]

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                with contextlib.suppress(Exception):
                    self._file.close()
                self._file = None
