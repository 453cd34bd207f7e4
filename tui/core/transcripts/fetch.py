"""Fetching a transcript through the shared HTTP client."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

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
    content, final_url = await fetcher.fetch_file(
        url,
        what="transcript",
        deadline=TRANSCRIPT_DEADLINE,
        max_bytes=TRANSCRIPT_MAX_BYTES,
        error=TranscriptError,
    )
    return await asyncio.to_thread(parse_transcript, content, mime, final_url)
