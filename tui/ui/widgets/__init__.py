"""Textual widgets of podtui."""
