"""Network helpers shared by feed fetching and downloads.

URL checks (urls.py), one-line messages for HTTP failures (messages.py), safe file names
(filenames.py), and content decoders that never inflate more than a small piece of a
compressed body at a time, so a compression bomb is refused at the size cap instead of
filling memory (decoders.py).
"""

from __future__ import annotations

from tui.core.net.decoders import ACCEPT_ENCODING, Decoder
from tui.core.net.filenames import safe_filename
from tui.core.net.messages import describe_error, display_url, format_bytes, seconds, status_message
from tui.core.net.urls import check_url, content_length, content_range, header_value, is_http_url

__all__ = [
    "ACCEPT_ENCODING",
    "Decoder",
    "check_url",
    "content_length",
    "content_range",
    "describe_error",
    "display_url",
    "format_bytes",
    "header_value",
    "is_http_url",
    "safe_filename",
    "seconds",
    "status_message",
]
