"""The player stands below the session: importing it loads no session, no Textual, and
not libVLC itself until a player is made."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import tui.player, tui.player.vlc, tui.player.doctor
loaded = sorted(
    name for name in sys.modules
    if name.split('.')[0] in ('textual', 'rich', 'vlc') or name.startswith('tui.session')
)
print(' '.join(loaded))
"""


def test_the_player_imports_no_session_no_textual_and_not_libvlc():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == [], result.stdout
