"""Expected failures. Each carries a one-line message fit to show a user as is."""

from __future__ import annotations


class PodtuiError(Exception):
    """Base of every expected failure: the CLI prints ``error: <message>`` and exits 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = " ".join(str(message).split())

    def __str__(self) -> str:
        return self.message


class FetchError(PodtuiError):
    """The network, the server or the HTTP exchange failed."""


class FeedError(PodtuiError):
    """The bytes are not a usable feed."""


class HTMLPageError(FeedError):
    """The bytes are a web page, which may name its feed (see core/directories/pages.py)."""


class LibraryError(PodtuiError):
    """The library (data dir, database) cannot be used."""


class NotFound(PodtuiError):
    """A podcast or episode named by the user does not exist."""
