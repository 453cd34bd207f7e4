"""podtui: a terminal podcast player."""

__version__ = "0.1.0"
USER_AGENT = f"podtui/{__version__} (+terminal podcast player)"
