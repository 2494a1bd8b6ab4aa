"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, on 127.0.0.1.

It needs PostgreSQL's server programs (Debian: ``apt-get install postgresql``; ``.ci/run``
installs them). PostgreSQL refuses to run as root, so as root the cluster belongs to the
``postgres`` user that Debian's package creates. Durability is off: a test database need
not survive a power cut, and fsyncs would slow every test down.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")


def server_programs() -> Path | None:
    """The folder with initdb and pg_ctl, newest version first."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda f: int(f.split("/")[-2]), reverse=True):
        if os.access(f"{folder}/initdb", os.X_OK):
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def temporary_server() -> Iterator[str]:
    """Start a cluster; yield the URL of its ``postgres`` database as superuser ``releasewatch``; remove it all."""
    programs = server_programs()
    if programs is None:
        raise RuntimeError(
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql"
        )
    folder = Path(tempfile.mkdtemp(prefix="releasewatch-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    try:
        run(str(programs / "initdb"), "-D", str(data), "-U", "releasewatch", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8")  # fmt: skip
        options = " ".join(f"-c {s}" for s in SETTINGS) + f" -c listen_addresses=127.0.0.1 -p {port}"
        options += f" -c unix_socket_directories={folder}"
        run(str(programs / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
        try:
            yield f"postgresql://releasewatch@127.0.0.1:{port}/postgres"
        finally:
            run(str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
