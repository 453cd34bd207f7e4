"""Whether a proxy is set for http(s), read as urllib (and with it httpx) reads it."""

from __future__ import annotations

import os
import sys

__all__ = ["proxies_configured"]

_SCHEMES = ("http", "https", "all")


def proxies_configured() -> bool:
    """Whether ``http``, ``https`` or ``all`` has a proxy, as ``urllib.request.getproxies``
    answers: the ``*_proxy`` variables (lower case winning, an empty one clearing the
    other; a CGI script's ``HTTP_PROXY`` ignored), and on macOS and Windows the system's
    settings. Elsewhere urllib.request itself (~7 ms to import) is not needed."""
    if sys.platform in ("darwin", "win32"):
        from urllib.request import getproxies  # lazy: the system's settings, there only

        found = getproxies()
        return any(found.get(scheme) for scheme in _SCHEMES)
    proxies: dict[str, str] = {}
    for name, value in os.environ.items():
        lowered = name.lower()
        if value and lowered.endswith("_proxy"):
            proxies[lowered[:-6]] = value
    if "REQUEST_METHOD" in os.environ:  # a CGI script: HTTP_PROXY may come from a request
        proxies.pop("http", None)
    for name, value in os.environ.items():
        if name.endswith("_proxy"):
            if value:
                proxies[name.lower()[:-6]] = value
            else:
                proxies.pop(name.lower()[:-6], None)
    return any(proxies.get(scheme) for scheme in _SCHEMES)
