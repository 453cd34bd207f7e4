"""Network helpers shared by feed fetching and downloads.

Response headers read for validators, lengths and ranges (headers.py), one-line messages
for HTTP failures (messages.py), safe file names (filenames.py), and content decoders
that never inflate more than a small piece of a compressed body at a time, so a
compression bomb is refused at the size cap instead of filling memory (decoders.py).
None of these needs an HTTP client library. The two that read the shared client's
(httpx's) own objects have modules of their own, imported where that client is used:
urls.py (URLs checked as httpx parses them) and failures.py (httpx's errors described).
"""

from __future__ import annotations

from tui.core.net.decoders import ACCEPT_ENCODING, Decoder
from tui.core.net.filenames import safe_filename
from tui.core.net.headers import content_length, content_range, header_value
from tui.core.net.messages import display_url, format_bytes, seconds, status_message

__all__ = [
    "ACCEPT_ENCODING",
    "Decoder",
    "content_length",
    "content_range",
    "display_url",
    "format_bytes",
    "header_value",
    "safe_filename",
    "seconds",
    "status_message",
]
