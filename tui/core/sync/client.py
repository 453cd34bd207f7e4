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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from tui import USER_AGENT
from tui.core.errors import FetchError, PodtuiError
from tui.core.models import ActionKind, EpisodeAction
from tui.core.net import Decoder, check_url, describe_error, seconds, status_message


class SyncError(PodtuiError):
    """The sync server could not be used; nothing was changed here."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status, when the server answered with an error


class CredentialsRefused(SyncError):
    def __init__(self) -> None:
        super().__init__("the server refused the credentials")


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


def _iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _epoch(text: object) -> int | None:
    if not isinstance(text, str) or not text.strip():
        return None
    value = text.strip().removesuffix("Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def _number(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def action_json(action: EpisodeAction, device: str) -> dict[str, object]:
    data: dict[str, object] = {
        "podcast": action.podcast,
        "episode": action.episode,
        "device": device,
        "action": str(action.action),
        "timestamp": _iso(action.timestamp),
    }
    if action.guid:
        data["guid"] = action.guid
    for name in ("started", "position", "total"):
        value = getattr(action, name)
        if value is not None:
            data[name] = value
    return data


def parse_action(data: object) -> EpisodeAction | None:
    """An action from the server, or None when it is unusable (skipped, not fatal)."""
    if not isinstance(data, dict):
        return None
    podcast, episode = data.get("podcast"), data.get("episode")
    try:
        kind = ActionKind(str(data.get("action", "")).lower())
    except ValueError:
        return None  # flattr and the like
    timestamp = _epoch(data.get("timestamp"))
    if not isinstance(podcast, str) or not isinstance(episode, str) or timestamp is None:
        return None
    guid = data.get("guid")
    return EpisodeAction(
        podcast=podcast,
        episode=episode,
        action=kind,
        timestamp=timestamp,
        guid=guid if isinstance(guid, str) and guid else None,
        started=_number(data.get("started")),
        position=_number(data.get("position")),
        total=_number(data.get("total")),
    )


def _url_list(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise SyncError(f"the sync server sent a malformed answer ({what})")
    return list(value)


def _timestamp(data: dict[str, Any], what: str) -> int:
    value = _number(data.get("timestamp"))
    if value is None:
        raise SyncError(f"the sync server sent a malformed answer ({what} without a timestamp)")
    return value


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
    ) -> None:
        self.server = server_url(server)
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

    async def login(self) -> None:
        """Check the credentials and take the session cookie the server gives, if any."""
        response = await self._send("POST", f"/api/2/auth/{self._user()}/login.json", None)
        cookies = [
            header.split(";", 1)[0].strip()
            for header in response.headers.get_list("set-cookie")
            if "=" in header.split(";", 1)[0]
        ]
        self._cookie = "; ".join(cookies) or None

    async def register_device(self, device: str, caption: str, kind: str) -> None:
        path = f"/api/2/devices/{self._user()}/{quote(device, safe='')}.json"
        await self._json("POST", path, {"caption": caption, "type": kind})

    async def join_devices(self, device: str) -> bool:
        """Put ``device`` in one sync group with every device of the account, as a user
        does on gpodder.net's website so that the devices share subscriptions. True when
        it changed the groups; False when nothing was to do or the server has no groups."""
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
        path = f"/api/2/subscriptions/{self._user()}/{quote(device, safe='')}.json"
        data = await self._json("GET", path, None, params={"since": str(since)})
        if not isinstance(data, dict):
            raise SyncError("the sync server sent a malformed answer (subscriptions)")
        return (
            _url_list(data.get("add", []), "subscriptions"),
            _url_list(data.get("remove", []), "subscriptions"),
            _timestamp(data, "subscriptions"),
        )

    async def upload_subscriptions(
        self, device: str, add: Sequence[str], remove: Sequence[str]
    ) -> int:
        path = f"/api/2/subscriptions/{self._user()}/{quote(device, safe='')}.json"
        data = await self._json("POST", path, {"add": list(add), "remove": list(remove)})
        if not isinstance(data, dict):
            raise SyncError("the sync server sent a malformed answer (subscription upload)")
        return _timestamp(data, "subscription upload")

    async def episode_actions(self, since: int) -> tuple[list[EpisodeAction], int]:
        path = f"/api/2/episodes/{self._user()}.json"
        data = await self._json("GET", path, None, params={"since": str(since)})
        if not isinstance(data, dict) or not isinstance(data.get("actions", []), list):
            raise SyncError("the sync server sent a malformed answer (episode actions)")
        actions = [a for a in map(parse_action, data.get("actions", [])) if a is not None]
        return actions, _timestamp(data, "episode actions")

    async def upload_actions(self, actions: Sequence[EpisodeAction], device: str) -> int:
        path = f"/api/2/episodes/{self._user()}.json"
        body = [action_json(action, device) for action in actions]
        data = await self._json("POST", path, body)
        if not isinstance(data, dict):
            raise SyncError("the sync server sent a malformed answer (episode upload)")
        return _timestamp(data, "episode upload")

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
                f"the sync server answered with a redirect (HTTP {response.status_code})"
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
