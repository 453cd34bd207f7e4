"""The sync login: server, user name, password and device id, kept in the config dir
in a file only its owner can read."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

from tui.core.errors import PodtuiError
from tui.core.text import clean_line


@dataclass(slots=True)
class Account:
    server: str  # base URL, without a trailing slash
    username: str
    password: str
    device: str
    flavour: str = "gpodder"  # which API the server speaks (see client.Flavour)


def default_device() -> str:
    """``podtui-<hostname>``, in the characters device ids allow."""
    host = "".join(c if c.isalnum() or c in "-_" else "-" for c in socket.gethostname())
    return f"podtui-{host.strip('-').lower() or 'host'}"[:64]


def account_path(config_file: Path) -> Path:
    return config_file.parent / "sync.json"


def load_account(path: Path) -> Account | None:
    """The stored login, or None when there is none; a damaged file is an error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = {k: str(data[k]) for k in ("server", "username", "password", "device")}
        return Account(**fields, flavour=str(data.get("flavour", "gpodder")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PodtuiError(
            f"cannot read the sync login {path}: {clean_line(str(exc))[:120]}"
            " (run 'podtui sync login' again)"
        ) from None


def save_account(path: Path, account: Account) -> None:
    """Write the login readable by its owner alone (0600), replacing any earlier one."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(account), handle)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as exc:
        raise PodtuiError(f"cannot write {path}: {exc.strerror or exc}") from None


def delete_account(path: Path) -> bool:
    """Forget the login; False when there was none."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise PodtuiError(f"cannot remove {path}: {exc.strerror or exc}") from None
    return True
