"""Content decoders (gzip, deflate, br) that never inflate more than ``PIECE`` bytes at a
time, so a compression bomb is refused at the size cap instead of filling memory."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from tui.core.errors import FetchError
from tui.core.net.messages import display_url

# Largest piece a decoder hands out at once.
PIECE = 64 * 1024

try:  # The ``brotli`` module with bounded output (brotli >= 1.2); brotlicffi lacks it.
    import brotli  # type: ignore[import-untyped]

    brotli.Decompressor().process(b"", output_buffer_limit=PIECE)
    HAS_BROTLI = True
except Exception:  # pragma: no cover - depends on the installed extras
    brotli = None
    HAS_BROTLI = False

ACCEPT_ENCODING = "gzip, deflate, br" if HAS_BROTLI else "gzip, deflate"


class _Identity:
    name = "identity"

    def decode(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Zlib:
    """gzip (several members allowed) or deflate (zlib-wrapped or raw), bounded output."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._obj: zlib._Decompress | None = None
        self._head = b""
        self._done = False
        self._fed = False
        if name == "gzip":
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decode(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        if self._obj is None:  # deflate: zlib header or raw stream?
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            cmf, flg = data[0], data[1]
            wrapped = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        yield from self._run(data)

    def _run(self, data: bytes) -> Iterator[bytes]:
        obj = self._obj
        assert obj is not None
        while data and not self._done:
            if obj.eof:
                if self.name == "gzip" and data[:2] == b"\x1f\x8b":
                    obj = self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:  # trailing bytes after the stream: ignored, as browsers do
                    self._done = True
                    return
            try:
                out = obj.decompress(data, PIECE)
                while True:
                    if out:
                        yield out
                    if obj.eof or (len(out) < PIECE and not obj.unconsumed_tail):
                        break
                    out = obj.decompress(obj.unconsumed_tail, PIECE)
            except zlib.error as exc:
                raise FetchError(f"cannot decode the {self.name} response: {exc}") from None
            data = obj.unused_data if obj.eof else b""

    def finish(self) -> Iterator[bytes]:
        if self._head:
            raise FetchError(f"the {self.name} response is truncated")
        if self._fed and self._obj is not None and not self._obj.eof and not self._done:
            raise FetchError(f"the {self.name} response is truncated")
        return iter(())


class _Brotli:
    name = "br"

    def __init__(self) -> None:
        assert brotli is not None
        self._obj = brotli.Decompressor()
        self._fed = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        obj = self._obj
        self._fed = self._fed or bool(data)
        try:
            if obj.is_finished():
                return
            # The limit bounds each call's output (give or take one internal block);
            # output still pending is drained with empty input until none comes.
            out = obj.process(data, output_buffer_limit=PIECE)
            while out:
                yield out
                if obj.is_finished():
                    return
                out = obj.process(b"", output_buffer_limit=PIECE)
        except brotli.error as exc:
            raise FetchError(f"cannot decode the br response: {exc}") from None

    def finish(self) -> Iterator[bytes]:
        if self._fed and not self._obj.is_finished():
            raise FetchError("the br response is truncated")
        return iter(())


class Decoder:
    """Undoes a ``Content-Encoding`` chain, yielding pieces of at most ``PIECE`` bytes."""

    def __init__(self, content_encoding: str | None) -> None:
        names = [
            part.strip().lower() for part in (content_encoding or "").split(",") if part.strip()
        ]
        self._steps: list[_Identity | _Zlib | _Brotli] = []
        for name in reversed(names):  # the last encoding applied is undone first
            if name == "identity":
                continue
            if name in ("gzip", "x-gzip"):
                self._steps.append(_Zlib("gzip"))
            elif name == "deflate":
                self._steps.append(_Zlib("deflate"))
            elif name == "br" and HAS_BROTLI:
                self._steps.append(_Brotli())
            else:
                raise FetchError(f"unsupported Content-Encoding: {display_url(name, 40)}")

    @property
    def identity(self) -> bool:
        return not self._steps

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._steps):
            if data:
                yield data
            return
        for piece in self._steps[index].decode(data):
            yield from self._through(index + 1, piece)

    def decode(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        for index, step in enumerate(self._steps):
            for piece in step.finish():
                yield from self._through(index + 1, piece)
