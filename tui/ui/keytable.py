"""The README's key table, generated from the bindings registry.

``python -m tui.ui.keytable`` rewrites the table between the README's ``<!-- keys -->``
markers; a test fails when the README and the registry differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.core.bindings import KEYS, VIEWS
from tui.ui.keys import keys_for

START, END = "<!-- keys -->", "<!-- /keys -->"


def readme_table() -> str:
    """Every binding with a key, once, under the first view it acts in, with its id."""
    lines = ["| where | key | what it does | id (for `[keymap]`) |", "| --- | --- | --- | --- |"]
    for view in VIEWS:
        for key in KEYS.values():
            if key.keys and key.views[:1] == (view,):
                shown = keys_for(None, key.id, "\n").split("\n")
                keys = " ".join(f"`{name}`" for name in shown)
                lines.append(f"| {view} | {keys} | {key.help} | `{key.id}` |")
    return "\n".join(lines)


def with_table(readme: str) -> str:
    """``readme`` with the table between the markers replaced by :func:`readme_table`."""
    start, end = readme.index(START) + len(START), readme.index(END)
    return f"{readme[:start]}\n{readme_table()}\n{readme[end:]}"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "README.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(with_table(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
