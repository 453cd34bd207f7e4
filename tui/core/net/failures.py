"""One-line messages for the shared HTTP client's (httpx's) failures."""

from __future__ import annotations

import socket
import ssl

import httpx

from tui.core.net.messages import (
    DNS_TEXT,
    SSL_NOISE,
    causes,
    display_url,
    error_text,
    seconds,
    tls_message,
)


def describe_error(
    exc: BaseException, url: str, *, connect_timeout: float, read_timeout: float
) -> str:
    """A one-line message for an ``httpx`` failure while talking to ``url``."""
    try:
        host = httpx.URL(url).host or display_url(url)
    except Exception:
        host = display_url(url)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"cannot connect to {host}: timed out after {seconds(connect_timeout)}"
    if isinstance(exc, httpx.ReadTimeout):
        return f"no data from {host} for {seconds(read_timeout)}"
    if isinstance(exc, httpx.WriteTimeout):
        return f"sending to {host} timed out after {seconds(read_timeout)}"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "not an http(s) URL"
    if isinstance(exc, httpx.ConnectError):
        for cause in causes(exc):
            if isinstance(cause, socket.gaierror):
                return f"cannot resolve host {host}"
            if isinstance(cause, ssl.SSLError):
                return tls_message(cause)
            if isinstance(cause, ConnectionRefusedError):
                return f"connection refused by {host}"
        text = error_text(exc)
        lowered = text.lower()
        if any(marker in lowered for marker in DNS_TEXT):
            return f"cannot resolve host {host}"
        if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
            return f"TLS error: {SSL_NOISE.sub('', text)}"
        if "refused" in lowered:
            return f"connection refused by {host}"
        for cause in causes(exc):
            if isinstance(cause, OSError) and cause.strerror:
                return f"cannot connect to {host}: {cause.strerror}"
        return f"cannot connect to {host}: {text or 'connection failed'}"
    if isinstance(exc, httpx.RemoteProtocolError):
        text = error_text(exc)
        if "without sending complete message body" in text or "incomplete" in text.lower():
            return f"{host} closed the connection before the response was complete"
        if "disconnected without sending a response" in text:
            return f"{host} closed the connection without a response"
        return f"{host} broke the HTTP protocol: {text}"
    if isinstance(exc, httpx.LocalProtocolError):
        return f"invalid request: {error_text(exc)}"
    if isinstance(exc, httpx.InvalidURL):
        return "invalid URL"
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.CloseError):
        text = error_text(exc)
        return f"connection to {host} lost: {text}" if text else f"connection to {host} lost"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.DecodingError):
        return "cannot decode the response"
    return error_text(exc) or type(exc).__name__
