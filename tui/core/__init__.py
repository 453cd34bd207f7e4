"""The library core: models, feeds, storage, queue, search. Never imports Textual."""

import sys

# httpx imports its command-line client along with itself whenever click, rich and pygments
# are installed (~40 ms, more than the rest of httpx); podtui never runs it. With this entry
# ``import httpx`` leaves it out (``httpx.main`` is then httpx's own stub).
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
