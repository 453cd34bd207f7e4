"""The demo's recorded clips: the MP3s in ``media/`` and the manifest that times them.

``make_media.py`` writes both; the manifest records each clip's length and where each
spoken segment starts and ends, which ``itunes:duration``, the chapter start times and
the transcript cues are taken from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui.demo.errors import DemoError

MEDIA_DIR = Path(__file__).resolve().parent / "media"
MANIFEST = MEDIA_DIR / "manifest.json"


@dataclass(frozen=True, slots=True)
class Clip:
    """One episode's audio, as recorded in media/manifest.json."""

    path: Path
    seconds: float
    segments: tuple[tuple[float, float], ...]
    texts: tuple[str, ...]

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def load_clips() -> dict[str, Clip]:
    """Every clip of the manifest, by episode slug."""
    try:
        data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoError(f"demo media are missing or damaged ({MANIFEST}): {exc}") from None
    return {
        slug: Clip(
            MEDIA_DIR / entry["file"],
            float(entry["seconds"]),
            tuple((float(a), float(b)) for a, b in entry["segments"]),
            tuple(entry["texts"]),
        )
        for slug, entry in data["clips"].items()
    }
