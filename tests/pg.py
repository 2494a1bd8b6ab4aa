"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, on 127.0.0.1.

It needs PostgreSQL's server programs (Debian: ``apt-get install postgresql``; ``.ci/run``
installs them). PostgreSQL refuses to run as root, so as root the cluster belongs to the
``postgres`` user that Debian's package creates. Durability is off: a test database need
not survive a power cut, and fsyncs would slow every test down.

``temporary_server()`` yields the server's URL; ``throwaway_server()`` yields the server itself, which a fault
test may ``restart()`` (as ``pg_ctl restart -m fast``: sessions cut, back in a moment), ``stop()`` and ``start()``
again on the same port and data.
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

import pytest

SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")


def server_programs() -> Path | None:
    """The folder with initdb and pg_ctl, newest version first."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda f: int(f.split("/")[-2]), reverse=True):
        if os.access(f"{folder}/initdb", os.X_OK):
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def require_server_programs() -> None:
    """Skip the test without PostgreSQL's server programs, or fail it where they are required (CI)."""
    if server_programs() is None:
        if os.environ.get("RELEASEWATCH_TEST_POSTGRES") == "required":
            pytest.fail("PostgreSQL's server programs are missing (apt-get install postgresql)")
        pytest.skip("PostgreSQL's server programs are not installed: apt-get install postgresql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One throwaway cluster: its URL, and what an operator does to it (restart, stop, start)."""

    def __init__(self, programs: Path, folder: Path, as_user: list[str]) -> None:
        self.programs, self.folder, self.as_user = programs, folder, as_user
        self.data, self.port = folder / "data", _free_port()
        self.running = False

    @property
    def url(self) -> str:
        """The ``postgres`` database, as superuser ``releasewatch``."""
        return f"postgresql://releasewatch@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120)

    def _pg_ctl(self, *arguments: str) -> None:
        self._run(str(self.programs / "pg_ctl"), "-D", str(self.data), *arguments)

    def _options(self) -> str:
        options = " ".join(f"-c {s}" for s in SETTINGS) + f" -c listen_addresses=127.0.0.1 -p {self.port}"
        return options + f" -c unix_socket_directories={self.folder}"

    def create(self) -> None:
        self._run(str(self.programs / "initdb"), "-D", str(self.data), "-U", "releasewatch", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip

    def start(self) -> None:
        """Start it (again), on the same port, and wait until it accepts connections."""
        self._pg_ctl("-o", self._options(), "-l", str(self.folder / "log"), "-w", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop it: ``fast`` ends every session (as a shutdown does), ``immediate`` is a crash."""
        self.running = False
        self._pg_ctl("-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        """``pg_ctl restart -m fast``: every session is cut, and the server is back a moment later."""
        self.running = False
        self._pg_ctl("-o", self._options(), "-l", str(self.folder / "log"), "-m", mode, "-w", "restart")
        self.running = True


@contextlib.contextmanager
def throwaway_server() -> Iterator[PostgresServer]:
    """Start a cluster and yield it; stop it (whatever a test left it in) and remove it all."""
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
    server = PostgresServer(programs, folder, as_user)
    try:
        server.create()
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):  # a test may have left it stopped
                server.stop("immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def temporary_server() -> Iterator[str]:
    """Start a cluster; yield the URL of its ``postgres`` database as superuser ``releasewatch``; remove it all."""
    with throwaway_server() as server:
        yield server.url
