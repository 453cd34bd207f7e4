"""The light fetcher: feeds over HTTP/1.1 with the standard library, for one-shot commands.

``podtui add``, ``refresh`` and ``import-opml`` fetch a few feeds and exit. The shared
client (fetch.py, on httpx) costs such a command more than the feeds do: ~50 ms to import
and set up, and its HTTP stack in Python reads a 24 MB feed in ~100 ms where
``http.client`` takes ~30. This fetcher gives the same answers by the same rules: checked
redirects (http(s) only, loops, a limit, permanent moves, cookies kept within one fetch),
conditional requests, the shared decoders and size cap, connect and read timeouts, a
deadline per feed that starts once the fetch has its slot, and at most ``per_host`` fetches
per host and ``max_connections`` in all. Each fetch runs in a worker thread (sockets
release the GIL). With a proxy in the environment every fetch goes through the shared
client, which knows proxies.
"""

from __future__ import annotations

from tui.core.feeds.light.fetcher import LightFetcher

__all__ = ["LightFetcher"]
