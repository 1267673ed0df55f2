"""A real PostgreSQL server for the test suite: initdb and pg_ctl into a temporary folder, a free port.

`PgServer.start()` finds the PostgreSQL programs on PATH or in /usr/lib/postgresql/*/bin (Debian's
`postgresql` package, installed by scripts/system-deps.sh), creates a cluster with fsync off (a test
server, never a real one), listens on 127.0.0.1 only, and checks passwords (scram-sha-256) for TCP.
The suite's password is written to a pgpass file named by PGPASSFILE, so every connection the tests
make, in this process or a child, finds it the way a counter PC does. PostgreSQL refuses to run as
root: under root the server runs as the unprivileged `nobody` (subprocess's `user=`), in a folder
it owns; as any other user it runs as that user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

SUPERUSER = "motcua_admin"


def pg_bin(program: str) -> str:
    """The path of a PostgreSQL server program: PATH first, then the newest /usr/lib/postgresql/N/bin."""
    found = shutil.which(program)
    if found:
        return found
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name or 0))
    for d in reversed(dirs):
        if os.access(Path(d) / program, os.X_OK):
            return str(Path(d) / program)
    raise RuntimeError(f"{program} not found: run scripts/system-deps.sh (Debian package postgresql)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    base: Path
    port: int
    password: str
    _run_as: dict = field(default_factory=dict)
    _count: int = 0
    _owns_pgpass: bool = False

    @property
    def data(self) -> Path:
        return self.base / "data"

    @classmethod
    def start(cls) -> PgServer:
        base = Path(tempfile.mkdtemp(prefix="motcua-pg-"))
        server = cls(base, _free_port(), secrets.token_urlsafe(18))
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(base, nobody.pw_uid, nobody.pw_gid)
            server._run_as = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
        pwfile = base / "pw"
        pwfile.write_text(server.password)
        if server._run_as:
            os.chown(pwfile, server._run_as["user"], server._run_as["group"])
        server._pg("initdb", "-D", str(server.data), "-U", SUPERUSER, "--pwfile", str(pwfile), "-E", "UTF8",
                   "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
        pwfile.unlink()
        with open(server.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {server.port}\n"
                       f"unix_socket_directories = '{base}'\nfsync = off\nsynchronous_commit = off\n"
                       "full_page_writes = off\nmax_connections = 60\nshared_buffers = 64MB\n")
        server.resume()
        line = f"127.0.0.1:{server.port}:*:*:{server.password}\n"
        if os.environ.get("PGPASSFILE", "").endswith("motcua-pgpass"):  # a second server: one more line
            with open(os.environ["PGPASSFILE"], "a", encoding="utf-8") as fh:
                fh.write(line)
        else:
            pgpass = Path(tempfile.mkdtemp(prefix="motcua-pgpass-")) / "motcua-pgpass"
            pgpass.write_text(line)
            pgpass.chmod(0o600)
            os.environ["PGPASSFILE"] = str(pgpass)
            server._owns_pgpass = True
        return server

    def pause(self) -> None:
        """Stop the server (its data stays): the counters lose it, as when the server's cable is pulled."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def crash(self) -> None:
        """Stop the server at once, as a power cut does (pg_ctl -m immediate: no goodbye to the counters,
        open transactions lost, recovered from the WAL at the next start)."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def resume(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-w", "-t", "60", "start")

    def _pg(self, program: str, *args: str) -> None:
        subprocess.run([pg_bin(program), *args], check=True, capture_output=True, cwd=self.base, **self._run_as)

    def postmaster_pid(self) -> int:
        """The running server's main process (its first line of postmaster.pid)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A connection URL without a password (the password comes from the pgpass file)."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", password=self.password,
                               autocommit=True)

    def create_database(self, template: str | None = None) -> str:
        """A new database (a copy of `template` when given); returns its name."""
        self._count += 1
        name = f"t{os.getpid()}_{self._count}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)
        if self._owns_pgpass:
            shutil.rmtree(Path(os.environ.pop("PGPASSFILE")).parent, ignore_errors=True)
