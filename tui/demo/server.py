"""The demo's loopback HTTP server: real feeds, audio, chapters and transcripts.

Everything is rendered once, when the server starts, with the server's own base URL
(``http://127.0.0.1:<random port>``), so podtui fetches, parses, streams and downloads
the demo exactly as it would a podcast on the internet. Every resource answers GET and
HEAD with a strong ETag and Last-Modified (conditional requests get 304), and single
byte ranges (206, 416, If-Range), which is what libVLC and resumed downloads use.
With ``media_rate`` the clips are sent at that many bytes a second, like a podcast host
far away: fast enough to stream, slow enough that a download's progress can be watched.

Paths::

    /                          an HTML index
    /demo.opml                 every demo feed as OPML
    /feeds/<podcast>.xml       RSS 2.0 with iTunes and Podcasting 2.0 tags
    /media/<episode>.mp3       the episode's clip (MP3)
    /chapters/<episode>.json   Podcasting 2.0 JSON chapters
    /transcripts/<episode>.vtt WebVTT transcript
    /art/<podcast>.png         generated artwork
    /shows/<podcast>/          podcast page; /shows/<podcast>/<episode>: episode page
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from tui.demo.content import PODCASTS
from tui.demo.handler import DemoHTTPServer, LoggedRequest
from tui.demo.site import DemoSite


class DemoServer:
    """The demo's HTTP server on 127.0.0.1 (a random port), running in a daemon thread.

    Use as a context manager or call :meth:`close`. ``feed_urls`` lists the demo feeds in
    the order of :data:`tui.demo.content.PODCASTS`; ``requests`` logs what was asked.
    ``media_rate`` (bytes a second) paces the clips; None sends them at once.
    """

    def __init__(
        self,
        *,
        today: date | None = None,
        host: str = "127.0.0.1",
        media_rate: int | None = None,
    ) -> None:
        def site(httpd: DemoHTTPServer) -> DemoSite:
            port = httpd.server_address[1]
            return DemoSite(f"http://{host}:{port}", today)

        self._httpd = DemoHTTPServer(site, (host, 0), media_rate)
        self.site = self._httpd.site
        self.base_url = self.site.base
        self.feed_urls: list[str] = [self.site.feed_url(p) for p in PODCASTS]
        self._cleanup: list[Path] = []
        self._closed = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="podtui-demo-http",
            daemon=True,
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def requests(self) -> list[LoggedRequest]:
        return list(self._httpd.log)

    @property
    def opml_url(self) -> str:
        return f"{self.base_url}/demo.opml"

    def url(self, path: str) -> str:
        return self.base_url + path

    def remove_on_close(self, paths: Iterable[Path]) -> None:
        """Delete these directories when the server closes (the throw-away data dir)."""
        self._cleanup.extend(paths)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.drop_connections()
        self._httpd.server_close()
        self._thread.join(5)
        for path in self._cleanup:
            shutil.rmtree(path, ignore_errors=True)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
