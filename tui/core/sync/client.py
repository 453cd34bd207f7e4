"""A gpodder API (mygpo 2.x) client on httpx: timeouts, a deadline per request, a size
cap on every answer, credentials sent up front, and the session cookie once the server
gives one (a server that gives none gets the credentials with every request).

Every failure is a :class:`SyncError` with one line fit for a user; 401 is
:class:`CredentialsRefused`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

import httpx

from tui import USER_AGENT
from tui.core.errors import FetchError
from tui.core.models import EpisodeAction
from tui.core.net import Decoder, seconds, status_message
from tui.core.net.failures import describe_error
from tui.core.net.urls import check_url
from tui.core.sync.wire import (
    CredentialsRefused,
    SyncError,
    action_json,
    parse_action,
    timestamp_of,
    url_list,
)


class Flavour(StrEnum):
    """Which API a server speaks (stored with the login)."""

    GPODDER = "gpodder"  # gpodder.net's API 2 (mygpo, opodsync, gpodder-fastapi-router ...)
    NEXTCLOUD = "nextcloud"  # the Nextcloud "gPodder Sync" app's subset of it


# Where the Nextcloud app answers, below the server's address.
NEXTCLOUD_PATH = "/index.php/apps/gpoddersync"


def split_server(text: str) -> tuple[str, Flavour | None]:
    """The server's base URL and, when the address names the Nextcloud app's path, that
    flavour (None: to be found out)."""
    base = server_url(text)
    if base.lower().endswith(NEXTCLOUD_PATH):
        return base[: -len(NEXTCLOUD_PATH)], Flavour.NEXTCLOUD
    return base, None


def server_url(text: str) -> str:
    """The server's base URL: https assumed when no scheme is given; no trailing slash."""
    text = text.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        check_url(text)
    except FetchError as exc:
        raise SyncError(f"bad server address: {exc.message}") from None
    return text.rstrip("/")


@dataclass(frozen=True, slots=True)
class _Answer:
    status_code: int
    headers: httpx.Headers
    content: bytes


class GpodderClient:
    """One account on one server. Use as an async context manager."""

    def __init__(
        self,
        server: str,
        username: str,
        password: str,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        deadline: float = 120.0,
        max_bytes: int = 64 * 1024 * 1024,
        flavour: Flavour = Flavour.GPODDER,
    ) -> None:
        self.server = server_url(server)
        self.flavour = flavour
        self.username = username
        self._basic = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self._cookie: str | None = None
        self.requests = 0  # round trips made, for reports and tests
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=read_timeout, pool=read_timeout
            ),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    async def __aenter__(self) -> GpodderClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    # ------------------------------------------------------------------ the API

    def _user(self) -> str:
        return quote(self.username, safe="")

    @property
    def nextcloud(self) -> bool:
        return self.flavour == Flavour.NEXTCLOUD

    async def detect(self) -> Flavour:
        """Check the credentials and find out which API the server speaks: gpodder.net's,
        else the Nextcloud app's."""
        if not self.nextcloud:
            try:
                await self.login()
                return self.flavour
            except SyncError as exc:
                if exc.status is None or exc.status == 401 or not 300 <= exc.status < 500:
                    raise
            self.flavour = Flavour.NEXTCLOUD
        try:
            await self.subscription_changes("", int(time.time()))
        except SyncError as exc:
            if exc.status == 404:
                raise SyncError(
                    "no gpodder API (nor Nextcloud gPodder Sync) at this address"
                ) from None
            raise
        return self.flavour

    async def login(self) -> None:
        """Check the credentials and take the session cookie the server gives, if any (the
        Nextcloud app has no sessions: the credentials go with every request)."""
        if self.nextcloud:
            return
        response = await self._send("POST", f"/api/2/auth/{self._user()}/login.json", None)
        cookies = [
            header.split(";", 1)[0].strip()
            for header in response.headers.get_list("set-cookie")
            if "=" in header.split(";", 1)[0]
        ]
        self._cookie = "; ".join(cookies) or None

    async def register_device(self, device: str, caption: str, kind: str) -> None:
        if self.nextcloud:
            return  # no devices there
        path = f"/api/2/devices/{self._user()}/{quote(device, safe='')}.json"
        await self._json("POST", path, {"caption": caption, "type": kind})

    async def join_devices(self, device: str) -> bool:
        """Put ``device`` in one sync group with every device of the account, as a user
        does on gpodder.net's website so that the devices share subscriptions. True when
        it changed the groups; False when nothing was to do or the server has no groups."""
        if self.nextcloud:
            return False  # one list for the whole account there
        path = f"/api/2/sync-devices/{self._user()}.json"
        try:
            data = await self._json("GET", path, None)
        except SyncError as exc:
            if exc.status == 404:
                return False
            raise
        if not isinstance(data, dict):
            raise SyncError("the sync server sent a malformed answer (device groups)")
        lonely = data.get("not-synchronized", data.get("not_synchronized", []))
        groups = data.get("synchronized", [])
        if not isinstance(lonely, list) or not isinstance(groups, list):
            raise SyncError("the sync server sent a malformed answer (device groups)")
        everyone = {str(d) for d in lonely} | {
            str(d) for group in groups if isinstance(group, list) for d in group
        }
        if device not in everyone or (not lonely and len(groups) <= 1) or len(everyone) < 2:
            return False  # unregistered here, or all in one group already
        await self._json("POST", path, {"synchronize": [sorted(everyone)], "stop-synchronize": []})
        return True

    async def subscription_changes(
        self, device: str, since: int
    ) -> tuple[list[str], list[str], int]:
        path = self._subscriptions_path(device, upload=False)
        data = await self._json("GET", path, None, params={"since": str(since)})
        if not isinstance(data, dict):
            raise SyncError("the sync server sent a malformed answer (subscriptions)")
        return (
            url_list(data.get("add", []), "subscriptions"),
            url_list(data.get("remove", []), "subscriptions"),
            timestamp_of(data, "subscriptions"),
        )

    async def upload_subscriptions(
        self, device: str, add: Sequence[str], remove: Sequence[str]
    ) -> int:
        path = self._subscriptions_path(device, upload=True)
        data = await self._json("POST", path, {"add": list(add), "remove": list(remove)})
        if not isinstance(data, dict):
            raise SyncError("the sync server sent a malformed answer (subscription upload)")
        return timestamp_of(data, "subscription upload")

    async def episode_actions(self, since: int) -> tuple[list[EpisodeAction], int]:
        path = (
            f"{NEXTCLOUD_PATH}/episode_action"
            if self.nextcloud
            else f"/api/2/episodes/{self._user()}.json"
        )
        data = await self._json("GET", path, None, params={"since": str(since)})
        if not isinstance(data, dict) or not isinstance(data.get("actions", []), list):
            raise SyncError("the sync server sent a malformed answer (episode actions)")
        actions = [a for a in map(parse_action, data.get("actions", [])) if a is not None]
        return actions, timestamp_of(data, "episode actions")

    async def upload_actions(self, actions: Sequence[EpisodeAction], device: str) -> int:
        path = (
            f"{NEXTCLOUD_PATH}/episode_action/create"
            if self.nextcloud
            else f"/api/2/episodes/{self._user()}.json"
        )
        body = [action_json(action, device) for action in actions]
        data = await self._json("POST", path, body)
        if not isinstance(data, dict):
            raise SyncError("the sync server sent a malformed answer (episode upload)")
        return timestamp_of(data, "episode upload")

    def _subscriptions_path(self, device: str, *, upload: bool) -> str:
        if self.nextcloud:
            return (
                f"{NEXTCLOUD_PATH}/subscription_change/create"
                if upload
                else (f"{NEXTCLOUD_PATH}/subscriptions")
            )
        return f"/api/2/subscriptions/{self._user()}/{quote(device, safe='')}.json"

    # ------------------------------------------------------------------ plumbing

    async def _json(
        self, method: str, path: str, body: object, *, params: dict[str, str] | None = None
    ) -> object:
        response = await self._send(method, path, body, params=params)
        content = response.content
        if not content.strip():
            return {}
        try:
            return json.loads(content)
        except (ValueError, UnicodeDecodeError):
            raise SyncError("the sync server sent an answer that is not JSON") from None

    async def _send(
        self, method: str, path: str, body: object, *, params: dict[str, str] | None = None
    ) -> _Answer:
        """One request (a second, with the credentials, if the session expired)."""
        response = await self._exchange(method, path, body, params, use_cookie=True)
        if response.status_code == 401 and self._cookie is not None:
            self._cookie = None
            response = await self._exchange(method, path, body, params, use_cookie=False)
        if response.status_code == 401:
            raise CredentialsRefused()
        if response.status_code >= 400:
            text = status_message(response.status_code, "account")
            if response.status_code >= 500:
                raise SyncError(f"the sync server failed: {text}", response.status_code)
            raise SyncError(f"the sync server refused the request: {text}", response.status_code)
        if response.status_code >= 300:
            raise SyncError(
                f"the sync server answered with a redirect (HTTP {response.status_code})",
                response.status_code,
            )
        return response

    async def _exchange(
        self,
        method: str,
        path: str,
        body: object,
        params: dict[str, str] | None,
        *,
        use_cookie: bool,
    ) -> _Answer:
        headers = {"Accept-Encoding": "gzip, deflate"}
        if use_cookie and self._cookie:
            headers["Cookie"] = self._cookie
        else:
            headers["Authorization"] = self._basic
        content = None
        if body is not None:
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        url = self.server + path
        self.requests += 1
        try:
            async with asyncio.timeout(self.deadline):
                request = self._client.build_request(
                    method, url, params=params, headers=headers, content=content
                )
                response = await self._client.send(request, stream=True)
                try:
                    data = await self._read(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise SyncError(
                f"the sync server did not answer within {seconds(self.deadline)}"
            ) from None
        except httpx.HTTPError as exc:
            message = describe_error(
                exc, url, connect_timeout=self.connect_timeout, read_timeout=self.read_timeout
            )
            raise SyncError(f"cannot sync: {message}") from None
        except FetchError as exc:
            raise SyncError(f"cannot sync: {exc.message}") from None
        return _Answer(response.status_code, response.headers, data)

    async def _read(self, response: httpx.Response) -> bytes:
        """The body, decoded, at most ``max_bytes``."""
        decoder = Decoder(response.headers.get("content-encoding"))
        pieces: list[bytes] = []
        size = 0
        async for raw in response.aiter_raw():
            for piece in decoder.decode(raw):
                size += len(piece)
                if size > self.max_bytes:
                    raise SyncError(
                        f"the sync server's answer is larger than {self.max_bytes // 2**20} MB"
                    )
                pieces.append(piece)
        pieces.extend(decoder.finish())
        return b"".join(pieces)
