"""The HTTP/2 stack is imported only once a server agrees to HTTP/2, and then it works."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import h2.config
import h2.connection
import h2.events

from tests.httpserver import HTTPTestServer, self_signed_certificate

ROOT = Path(__file__).resolve().parents[2]
FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Over HTTP/2</title>
<item><title>One</title><enclosure url="https://127.0.0.1/1.mp3" type="audio/mpeg"/></item>
</channel></rss>
"""

# Run in a fresh process: a plain http fetch, then an https one to a server speaking h2.
CLIENT = """
import asyncio, sys
from tui.core.feeds.fetch import Fetcher

async def main():
    async with Fetcher() as fetcher:
        plain = await fetcher.fetch_feed(sys.argv[1])
        h2_after_plain = any(name.split(".")[0] == "h2" for name in sys.modules)
        secure = await fetcher.fetch_feed(sys.argv[2])
    print(len(plain.content), h2_after_plain, len(secure.content))

asyncio.run(main())
"""


class H2Server:
    """An HTTPS server on 127.0.0.1 that speaks only HTTP/2 (ALPN h2) and serves one body."""

    def __init__(self, body: bytes) -> None:
        cert, key = self_signed_certificate()
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.context.set_alpn_protocols(["h2"])
        self.body = body
        self.paths: list[str] = []
        self.protocols: list[str | None] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(30)
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.listener.getsockname()[1]}{path}"

    def _serve(self) -> None:
        try:
            raw, _ = self.listener.accept()
        except OSError:
            return
        raw.settimeout(30)
        with self.context.wrap_socket(raw, server_side=True) as tls:
            self.protocols.append(tls.selected_alpn_protocol())
            config = h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
            connection = h2.connection.H2Connection(config=config)
            connection.initiate_connection()
            tls.sendall(connection.data_to_send())
            while True:
                try:
                    data = tls.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                for event in connection.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        self.paths.append(dict(event.headers)[":path"])
                        headers = [
                            (":status", "200"),
                            ("content-type", "application/rss+xml"),
                            ("content-length", str(len(self.body))),
                        ]
                        connection.send_headers(event.stream_id, headers)
                        connection.send_data(event.stream_id, self.body, end_stream=True)
                tls.sendall(connection.data_to_send())

    def __enter__(self) -> H2Server:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.listener.close()
        self.thread.join(timeout=10)


def test_http2_is_imported_only_when_a_server_agrees_to_it():
    with HTTPTestServer() as plain, H2Server(FEED) as secure:
        plain.route("/feed.xml", FEED)
        env = dict(os.environ, PYTHONPATH=str(ROOT), SSL_CERT_FILE=self_signed_certificate()[0])
        result = subprocess.run(
            [sys.executable, "-c", CLIENT, plain.url("/feed.xml"), secure.url("/h2.xml")],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(FEED)), "False", str(len(FEED))]
    assert secure.protocols == ["h2"]
    assert secure.paths == ["/h2.xml"]
