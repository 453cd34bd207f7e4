"""Downloading a file through the shared HTTP client: resumed with ``Range``, written in
batches from a thread, complete only once its length is checked."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

import httpx

from tui.core.errors import FetchError
from tui.core.feeds.client import Budget, Hop, HTTPClient
from tui.core.net.decoders import Decoder
from tui.core.net.headers import content_length, content_range
from tui.core.net.messages import format_bytes, status_message

# Decoded bytes gathered before one write to disk.
WRITE_BATCH = 1024 * 1024

T = TypeVar("T")


def _cannot_write(path: Path, exc: OSError) -> FetchError:
    where = exc.filename if isinstance(exc.filename, str) else str(path)
    return FetchError(f"cannot write {where}: {exc.strerror or exc}")


async def _in_thread(func: Callable[..., T], *args: object) -> T:
    """Run blocking file work in a thread; on cancellation wait for it before leaving."""
    future = asyncio.get_running_loop().run_in_executor(None, func, *args)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        with contextlib.suppress(BaseException):
            await future
        raise


async def download_to(
    http: HTTPClient,
    start: httpx.URL,
    dest: Path,
    part: Path,
    resume: bool,
    progress: Callable[[int, int | None], None] | None,
    expected: int | None,
    cap: int,
) -> Path:
    try:
        await _in_thread(lambda: dest.parent.mkdir(parents=True, exist_ok=True))
    except OSError as exc:
        raise _cannot_write(dest.parent, exc) from None
    offset = 0
    if resume:
        try:
            offset = (await _in_thread(part.stat)).st_size
        except FileNotFoundError:
            offset = 0
        except OSError as exc:
            raise _cannot_write(part, exc) from None
    expected = expected if expected and expected > 0 else None
    hop = Hop(str(start))
    restarted = False
    try:
        while True:
            headers = {"Accept": "*/*", "Accept-Encoding": "identity"}
            if offset:
                headers["Range"] = f"bytes={offset}-"
            exchange = http.exchange(start, headers, hop, kind=Budget.DOWNLOAD)
            async with exchange as (response, _moved):
                status = response.status_code
                if offset and (status == 416 or status == 206):
                    span = content_range(response.headers.get("content-range"))
                    if status == 416 and span is not None and span[2] == offset:
                        # The partial file already holds the whole body.
                        if progress is not None:
                            progress(offset, offset)
                        await _finish(part, dest)
                        return dest
                    encoded = not Decoder(response.headers.get("content-encoding")).identity
                    if status == 416 or span is None or span[0] != offset or encoded:
                        if restarted:
                            raise FetchError("the server answers the resume request inconsistently")
                        restarted, offset = True, 0
                        continue
                if status == 206 and not offset:
                    raise FetchError("HTTP 206 Partial Content for a request of the whole file")
                if status not in (200, 206):
                    raise FetchError(status_message(status, "file"))
                await _receive(
                    response, part, offset if status == 206 else 0, cap, progress, expected
                )
                await _finish(part, dest)
                return dest
    except httpx.HTTPError as exc:
        raise http.describe(exc, hop) from None


def _check_complete(
    received: int, total: int | None, expected: int | None, *, framed: bool
) -> None:
    if total is not None and received != total:
        raise FetchError(f"incomplete download: got {received} of {total} bytes")
    if total is None and not framed and expected is not None and received != expected:
        raise FetchError(f"size mismatch: got {received} bytes, expected {expected}")


async def _receive(
    response: httpx.Response,
    part: Path,
    offset: int,
    cap: int,
    progress: Callable[[int, int | None], None] | None,
    expected: int | None,
) -> None:
    decoder = Decoder(response.headers.get("content-encoding"))
    if response.status_code == 206:
        span = content_range(response.headers.get("content-range"))
        total = span[2] if span else None
    else:
        total = content_length(response.headers.get("content-length")) if decoder.identity else None
    too_big = f"file larger than {format_bytes(cap)}"
    if total is not None and total > cap:
        raise FetchError(too_big)
    # Chunked bodies carry their own end marker; only a body that ends when the
    # connection closes can be cut short unnoticed.
    chunked = "chunked" in response.headers.get("transfer-encoding", "").lower()
    framed = total is not None or chunked or response.http_version == "HTTP/2"
    shown_total = total if total is not None else expected
    received = offset
    if progress is not None:
        progress(received, shown_total)

    def open_part() -> BinaryIO:
        handle = open(part, "r+b" if offset else "wb")  # noqa: SIM115
        if offset:
            handle.seek(offset)
            handle.truncate()
        return handle

    try:
        handle = await _in_thread(open_part)
    except OSError as exc:
        raise _cannot_write(part, exc) from None
    batch = bytearray()
    completed = False
    try:
        async for raw in response.aiter_raw():
            for piece in decoder.decode(raw):
                received += len(piece)
                if received > cap:
                    raise FetchError(too_big)
                batch += piece
                if len(batch) >= WRITE_BATCH:
                    data, batch = bytes(batch), bytearray()
                    await _in_thread(handle.write, data)
                if progress is not None:
                    progress(received, shown_total)
        for piece in decoder.finish():
            received += len(piece)
            if received > cap:
                raise FetchError(too_big)
            batch += piece
        data, batch = bytes(batch), bytearray()
        await _in_thread(handle.write, data)
        await _in_thread(handle.flush)
        await _in_thread(os.fsync, handle.fileno())
        completed = True
    except OSError as exc:
        raise _cannot_write(part, exc) from None
    finally:
        if not completed:
            # Keep what arrived so a later attempt can resume from it.
            with contextlib.suppress(OSError, ValueError):
                if batch:
                    handle.write(batch)
        with contextlib.suppress(OSError):
            handle.close()
        if not completed and not decoder.identity:
            # Ranges count encoded bytes: a decoded partial file cannot be resumed.
            with contextlib.suppress(OSError):
                part.unlink()
    _check_complete(received, total, expected, framed=framed)


async def _finish(part: Path, dest: Path) -> None:
    try:
        await _in_thread(os.replace, part, dest)
    except OSError as exc:
        raise _cannot_write(dest, exc) from None
