"""What goes over the wire: episode actions to and from JSON, the answers' checks, and the
errors a sync reports."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tui.core.errors import PodtuiError
from tui.core.models import ActionKind, EpisodeAction


class SyncError(PodtuiError):
    """The sync server could not be used; nothing was changed here."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status, when the server answered with an error


class CredentialsRefused(SyncError):
    def __init__(self) -> None:
        super().__init__("the server refused the credentials")


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


def url_list(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise SyncError(f"the sync server sent a malformed answer ({what})")
    return list(value)


def timestamp_of(data: dict[str, Any], what: str) -> int:
    value = _number(data.get("timestamp"))
    if value is None:
        raise SyncError(f"the sync server sent a malformed answer ({what} without a timestamp)")
    return value
