"""Start a gpodder API server (gpodder-fastapi-router under uvicorn) on 127.0.0.1.

Run with the server's own interpreter (``.venv-gpodder/bin/python``)::

    python tests/sync/gpodder_server.py DB_FILE PORT_FILE PORT [USER:PASSWORD ...]

It creates the users (those not there yet) in the SQLite file, binds PORT (0: a free
one), writes the port to PORT_FILE once it accepts connections, and serves until it is
terminated. Users may also register themselves (``POST /api/2/auth/USER/register.json``).
"""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path


async def _create_users(database_url: str, users: list[tuple[str, str]]) -> None:
    from gpodder_router.db import Database
    from gpodder_router.services import users as users_service

    db = Database(database_url)
    await db.create_all()
    try:
        async with db.session() as session:
            for name, password in users:
                if await users_service.get_user(session, name) is None:
                    await users_service.create_user(
                        session, username=name, password=password, bcrypt_rounds=4
                    )
    finally:
        await db.dispose()


def main() -> None:
    import uvicorn
    from fastapi import FastAPI
    from gpodder_router import GPodderConfig, attach

    db_file, port_file, wanted, *specs = sys.argv[1:]
    users = [tuple(spec.split(":", 1)) for spec in specs]
    database_url = f"sqlite+aiosqlite:///{db_file}"
    asyncio.run(_create_users(database_url, users))  # type: ignore[arg-type]
    app = FastAPI()
    attach(app, config=GPodderConfig(database_url=database_url, bcrypt_rounds=4))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", int(wanted)))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    server = uvicorn.Server(config)

    async def serve() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.02)
        Path(port_file).write_text(str(port))
        await task

    asyncio.run(serve())


if __name__ == "__main__":
    main()
