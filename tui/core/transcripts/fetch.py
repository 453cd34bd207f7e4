"""Fetching a transcript through the shared HTTP client."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tui.core.errors import PodtuiError
from tui.core.transcripts.model import Cue, TranscriptError, TranscriptFormat
from tui.core.transcripts.parse import parse_transcript

if TYPE_CHECKING:
    from tui.core.feeds.fetch import Fetcher

TRANSCRIPT_MAX_BYTES = 16 * 1024 * 1024
TRANSCRIPT_DEADLINE = 30.0  # seconds for the whole fetch


async def fetch_transcript(
    fetcher: Fetcher, url: str, mime: str | None = None
) -> tuple[TranscriptFormat, list[Cue]]:
    """Fetch and read a transcript through ``fetcher`` (its timeouts and size cap, an
    overall deadline of :data:`TRANSCRIPT_DEADLINE` and a 16 MiB cap of its own)."""
    try:
        async with asyncio.timeout(TRANSCRIPT_DEADLINE):
            result = await fetcher.fetch_feed(url)
    except TimeoutError:
        raise TranscriptError("cannot fetch the transcript: timed out") from None
    except PodtuiError as exc:
        raise TranscriptError(f"cannot fetch the transcript: {exc.message}") from None
    content = result.content or b""
    if len(content) > TRANSCRIPT_MAX_BYTES:
        raise TranscriptError("cannot fetch the transcript: the file is larger than 16 MiB")
    return await asyncio.to_thread(parse_transcript, content, mime, result.url)
