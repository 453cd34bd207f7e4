"""What libVLC is on this machine: its version, where it lives, its audio outputs
(for ``podtui doctor`` and the tests)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.player.vlc.instance import new_instance
from tui.player.vlc.libvlc import load_vlc
from tui.player.vlc.log import LogSink


def libvlc_version() -> str:
    """libVLC's version string, e.g. ``3.0.21 Vetinari``."""
    raw = load_vlc().libvlc_get_version()
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def python_vlc_version() -> str:
    return str(getattr(load_vlc(), "__version__", "unknown"))


class _DlInfo(ctypes.Structure):
    _fields_ = (
        ("dli_fname", ctypes.c_char_p),
        ("dli_fbase", ctypes.c_void_p),
        ("dli_sname", ctypes.c_char_p),
        ("dli_saddr", ctypes.c_void_p),
    )


def libvlc_location() -> str:
    """Where the loaded libVLC lives (a full path when the platform can tell)."""
    dll = load_vlc().dll
    name = str(getattr(dll, "_name", "") or "libvlc")
    if sys.platform.startswith("win"):
        try:
            buf = ctypes.create_unicode_buffer(1024)
            kernel32 = ctypes.windll.kernel32
            if kernel32.GetModuleFileNameW(ctypes.c_void_p(dll._handle), buf, 1024):
                return buf.value
        except Exception:
            pass
        return name
    try:
        libdl = ctypes.CDLL(ctypes.util.find_library("dl") or None)
        dladdr = libdl.dladdr
        dladdr.argtypes = (ctypes.c_void_p, ctypes.POINTER(_DlInfo))
        dladdr.restype = ctypes.c_int
        info = _DlInfo()
        address = ctypes.cast(dll.libvlc_get_version, ctypes.c_void_p)
        if dladdr(address, ctypes.byref(info)) and info.dli_fname:
            fname: bytes = info.dli_fname
            return os.path.realpath(fname.decode(errors="replace"))
    except Exception:
        pass
    return name


def libvlc_plugin_path() -> str | None:
    """libVLC's plugin folder, when it can be found."""
    env = os.environ.get("VLC_PLUGIN_PATH") or getattr(load_vlc(), "plugin_path", None)
    if env:
        return str(env)
    lib = Path(libvlc_location())
    for candidate in (lib.parent / "vlc" / "plugins", lib.parent / "plugins"):
        if candidate.is_dir():
            return str(candidate)
    return None


def audio_outputs(options: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The audio output modules libVLC has: ``[(name, description), ...]``."""
    vlc = load_vlc()
    instance = new_instance(vlc, options, LogSink(None))
    try:
        found: list[tuple[str, str]] = []
        head = instance.audio_output_list_get()
        node = head
        while node:
            item = node.contents
            name = (item.name or b"").decode("utf-8", "replace")
            text = (item.description or b"").decode("utf-8", "replace")
            found.append((name, text))
            node = item.next
        if head:
            vlc.libvlc_audio_output_list_release(head)
        return found
    finally:
        with contextlib.suppress(Exception):
            instance.log_unset()
        instance.release()
