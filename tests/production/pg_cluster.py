"""A throwaway PostgreSQL cluster a test may stop and start, made as ``.ci/run`` makes its own:
Debian's server binaries, ``initdb`` with trust auth, loopback only, run as ``postgres``.

Example:
    >>> cluster = Cluster.create()  # doctest: +SKIP
    >>> cluster.start(); cluster.url  # doctest: +SKIP
    'postgresql://postgres@127.0.0.1:41234/postgres'
    >>> cluster.stop(); cluster.start()  # a restart under the bot's feet  # doctest: +SKIP
    >>> cluster.remove()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.production.replica import free_port

__all__ = ["Cluster", "unavailable"]


def _binaries() -> Path | None:
    found = glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")
    if found:
        version = lambda p: [int(n) for n in re.findall(r"\d+", p)]  # noqa: E731
        return Path(sorted(found, key=version)[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def unavailable() -> str | None:
    """Why no cluster can be made here, or ``None`` if one can."""
    if _binaries() is None:
        return "PostgreSQL's server binaries (initdb, pg_ctl) are missing; .ci/run installs them"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, but there is no 'postgres' user to run the server as"
    return None


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int

    @classmethod
    def create(cls) -> Cluster:
        """``initdb`` a new cluster in a fresh folder under /tmp (the server user must reach it)."""
        bin_dir = _binaries()
        assert bin_dir is not None, unavailable()
        data = Path(tempfile.mkdtemp(prefix="supportbot-pg-", dir="/tmp"))
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        cluster = cls(bin_dir, data, free_port())
        cluster._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
        return cluster

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1"
        log = str(self.data / "log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """A fast shutdown: open sessions are cut, as in a crash or failover of the server."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # it was not running
            self.stop()
        shutil.rmtree(self.data, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:  # the server refuses to run as root
            command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
