"""Centre mode: the store on the centre's PostgreSQL server instead of a local SQLite file.

The data folder remembers which server database it uses in `centre.json` (the URL without any
password, and this PC's device UUID). The password never travels in the URL: it is registered in this
process after a prompt or --password-stdin (`register_password`), found in the OS keyring, or left to
libpq's own pgpass file. `open_centre` connects, refuses a database that is not Một Cửa's or is newer
than this version, and migrates it to head under an advisory lock so two counters starting at once do
not both migrate. `CentreDatabase` is the `Database` of a server: the same read/write sessions; a lost
connection is said plainly ("Mất kết nối máy chủ Trung tâm"), never as a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from app.errors import ConcurrentChange, DatabaseError
from app.models import pg_alive, pg_tools
from app.models.database import Database
from app.models.pg_raw import PgRaw
from app.paths import write_private

log = logging.getLogger(__name__)

CONFIG_NAME = "centre.json"
#: Seconds to wait for the server before saying it cannot be reached (the status bar's 2 s).
CONNECT_TIMEOUT = 2
_MIGRATE_LOCK = 0x4D43_0001  # pg_advisory_lock key: one migration at a time
_PASSWORDS: dict[str, str] = {}
#: Finds a remembered password (the OS keyring) for a server URL.
PasswordLookup = Callable[[str], str | None]


class CentreUnreachable(DatabaseError):
    exit_code = 14


def lost_connection_message() -> str:
    return ("Mất kết nối máy chủ Trung tâm: chưa ghi gì. Hãy kiểm tra dây mạng hoặc Wi-Fi của máy, rồi thử lại; "
            "nếu các máy khác cũng mất kết nối, hãy báo bộ phận CNTT kiểm tra máy chủ.")


def parse_url(url: str) -> URL:
    """A postgresql:// URL checked: no password in it, a user, a host and a database."""
    try:
        parsed = make_url(url.strip())
    except sa_exc.ArgumentError as exc:
        raise DatabaseError("Địa chỉ máy chủ không hợp lệ. Hãy ghi theo dạng postgresql://TÊN@MÁY[:CỔNG]/CSDL.") from exc
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError("Chỉ kết nối được máy chủ PostgreSQL: địa chỉ phải bắt đầu bằng postgresql://.")
    if parsed.password is not None:
        raise DatabaseError("Không ghi mật khẩu trong địa chỉ máy chủ. Hãy bỏ mật khẩu khỏi địa chỉ và nhập nó "
                            "khi được hỏi (hoặc dùng --db-password-stdin, kho khóa hay tệp pgpass).")
    if not (parsed.username and parsed.host and parsed.database):
        raise DatabaseError("Địa chỉ máy chủ thiếu tên đăng nhập, tên máy hoặc tên cơ sở dữ liệu. "
                            "Hãy ghi theo dạng postgresql://TÊN@MÁY[:CỔNG]/CSDL.")
    return parsed.set(drivername="postgresql+psycopg")


def display_url(url: str | URL) -> str:
    """The URL as people and logs see it: never with a password."""
    parsed = make_url(str(url)) if isinstance(url, str) else url
    return parsed.set(drivername="postgresql").render_as_string(hide_password=True)


@dataclass(frozen=True)
class CentreConfig:
    url: str  # postgresql://USER@HOST[:PORT]/DB, no password
    device_uuid: str


def config_path(data_dir: Path) -> Path:
    return data_dir / CONFIG_NAME


def read_config(data_dir: Path) -> CentreConfig | None:
    path = config_path(data_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise DatabaseError(f"Tệp {path} hỏng, không đọc được địa chỉ máy chủ Trung tâm. Hãy chạy lại "
                            "motcua init --database postgresql://… để kết nối lại.") from exc
    return CentreConfig(str(raw["url"]), str(raw["device_uuid"]))


def write_config(data_dir: Path, config: CentreConfig) -> None:
    parse_url(config.url)
    write_private(config_path(data_dir),
                  json.dumps({"url": display_url(config.url), "device_uuid": config.device_uuid}, indent=1))


def register_password(url: str, password: str) -> None:
    """Remember, in this process only, the password for the server database at `url`."""
    _PASSWORDS[display_url(parse_url(url))] = password


def password_for(url: str, lookup: PasswordLookup | None = None) -> str | None:
    key = display_url(parse_url(url))
    found = _PASSWORDS.get(key)
    if found is None and lookup is not None:
        found = lookup(key)
    return found  # None: libpq reads the pgpass file (PGPASSFILE or ~/.pgpass, %APPDATA%\postgresql\pgpass.conf)


#: The most parameters a statement may have for psycopg to keep its converted form (see make_pg_engine).
CACHED_STATEMENT_PARAMS = 100


def _keep_converted_statements() -> None:
    """psycopg turns a statement's %(name)s placeholders into $n once per distinct statement and keeps the
    result (an LRU of 128), but not for statements of more than 50 parameters, a guard against ORMs'
    ever-different multi-row VALUES lists. A dossier's INSERT has about 60 and never changes; converting it
    anew at every intake cost a tenth of a counter's CPU for the intake. Its bound is a module setting."""
    from psycopg import _queries

    if getattr(_queries, "MAX_CACHED_STATEMENT_PARAMS", CACHED_STATEMENT_PARAMS) < CACHED_STATEMENT_PARAMS:
        _queries.MAX_CACHED_STATEMENT_PARAMS = CACHED_STATEMENT_PARAMS


def make_pg_engine(url: str, password: str | None) -> Engine:
    _keep_converted_statements()
    args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "motcua"}
    if password is not None:
        args["password"] = password
    engine = create_engine(parse_url(url), connect_args=args, pool_size=4, max_overflow=4, hide_parameters=True)
    event.listen(engine, "connect", _durable_commits)
    pg_alive.watch(engine)
    return engine


def _durable_commits(dbapi_conn: Any, _record: Any) -> None:
    """A saved dossier is on the server's disk before the slip prints: a server set to
    synchronous_commit = off (it acknowledges a commit before its WAL is written, so a power cut or a
    crash loses the last ones) gets `on` for this counter's sessions. Stronger settings (remote_write,
    remote_apply with a standby) are kept."""
    make_commits_durable(dbapi_conn)
    dbapi_conn.commit()  # a SET inside a transaction rolled back later would be undone


def make_commits_durable(conn: Any) -> None:
    """On a psycopg connection: synchronous_commit on when the server has it off."""
    with conn.cursor() as cur:
        cur.execute("SHOW synchronous_commit")
        row = cur.fetchone()
        if row is not None and row[0] in ("off", "false", "no", "0"):
            cur.execute("SET synchronous_commit = on")


class CentreDatabase(Database):
    """The centre's server database: sessions like a store, no file, no store lock."""

    def __init__(self, url: str, engine: Engine, device_uuid: str, password: str | None = None):
        super().__init__(Path(display_url(url)), engine)
        self.url = display_url(url)
        self.device_uuid = device_uuid
        self._password = password  # in memory only (None: libpq's pgpass file)
        self._read_engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session whose statements run without BEGIN and ROLLBACK around them (two round trips fewer):
        under READ COMMITTED each statement of a transaction sees the data as of its own start anyway."""
        try:
            with Session(self._read_engine, expire_on_commit=False) as s:
                yield s
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            raise _said(exc) from exc

    def batch(self, build: Callable[[Any], str]) -> list[Any]:
        """Statements sent as one message on a connection in autocommit mode: the server runs them as one
        transaction of their own, all or nothing, with no round trip between them. `build` receives the
        driver's connection (to quote values for it) and returns the SQL; the rows of its first statement
        are returned."""
        try:
            with self._read_engine.connect() as conn:
                sql = build(conn.connection.driver_connection)
                return list(conn.exec_driver_sql(sql, execution_options={"no_parameters": True}).all())
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            raise _said(exc) from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as s, s.begin():
                yield s
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            raise _said(exc) from exc

    def raw_connection(self) -> PgRaw:  # type: ignore[override]
        """A connection of its own (autocommit; BEGIN/COMMIT as statements) with sqlite3's calls (pg_raw)."""
        import psycopg  # only a centre loads the driver

        try:
            conn = psycopg.connect(self.url, password=self._password, autocommit=True,
                                   connect_timeout=CONNECT_TIMEOUT, application_name="motcua")
            make_commits_durable(conn)
        except psycopg.OperationalError as exc:
            raise CentreUnreachable(lost_connection_message()) from exc
        return PgRaw(conn, owned=True)

    @contextlib.contextmanager
    def exclusive(self, doing: str, *, keep: bool = False) -> Iterator[None]:
        raise DatabaseError(f"Không {doing} được cơ sở dữ liệu của Trung tâm từ một máy; hãy làm trên máy chủ "
                            "theo docs/centre.md.")
        yield  # pragma: no cover

    def close(self) -> None:
        self.engine.dispose()


def _said(exc: sa_exc.DBAPIError) -> Exception:
    """A server error as the person should hear it: a lost connection, or a clash to retry; else as it is."""
    state = str(getattr(exc.orig, "sqlstate", "") or "")
    if state in ("40001", "40P01"):  # serialization failure, deadlock: nothing was written
        return ConcurrentChange("Máy chủ Trung tâm đang ghi một thao tác khác trên cùng dữ liệu nên chưa ghi thao tác "
                                "của bạn. Hãy thử lại.")
    if not state or state.startswith(("08", "57P")):  # connection failures, server shutting down
        return CentreUnreachable(lost_connection_message())
    return exc


def open_centre(config: CentreConfig, *, password: str | None = None, migrate: bool = True,
                backup_dir: Path | None = None) -> CentreDatabase:
    """Connect to the centre's database and bring its schema to head (creating it in an empty database).
    A database that already holds a schema is first dumped into `backup_dir` (pg_dump -Fc) when given."""
    engine = make_pg_engine(config.url, password)
    where = display_url(config.url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATE_LOCK})
            try:
                _check_and_migrate(conn, where, migrate, lambda rev: _dump_before(config.url, password, backup_dir, rev))
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATE_LOCK})
                conn.commit()
    except DatabaseError:
        engine.dispose()
        raise
    except sa_exc.OperationalError as exc:
        engine.dispose()
        raise CentreUnreachable(_connect_words(where, exc)) from exc
    return CentreDatabase(config.url, engine, config.device_uuid, password)


def _dump_before(url: str, password: str | None, backup_dir: Path | None, revision: str) -> None:
    if backup_dir is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = pg_tools.dump(url, password, backup_dir / f"truoc-nang-cap-{revision}-{stamp}.dump")
        log.info("centre database dumped to %s before migrating", target)


def _check_and_migrate(conn, where: str, migrate: bool,  # type: ignore[no-untyped-def]
                       before: Callable[[str], None]) -> None:
    from app.models.migrate import _alembic_config

    script = ScriptDirectory.from_config(_alembic_config())
    current = MigrationContext.configure(conn).get_current_revision()
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:
            raise DatabaseError(f"Cơ sở dữ liệu {where} được tạo bởi phiên bản Một Cửa mới hơn (lược đồ {current}). "
                                "Hãy cập nhật chương trình trên máy này lên phiên bản mới nhất.") from exc
    elif inspect(conn).get_table_names():
        raise DatabaseError(f"Cơ sở dữ liệu {where} đã có bảng nhưng không phải của Một Cửa. Hãy dùng một cơ sở "
                            "dữ liệu trống dành riêng cho Một Cửa (xem docs/centre.md).")
    conn.commit()
    if migrate and current != script.get_current_head():
        if current is not None:
            before(current)
        command.upgrade(_alembic_config(conn), "head")
        conn.commit()
        log.info("centre database %s migrated from %s to head", where, current)


def _connect_words(where: str, exc: BaseException) -> str:
    detail = str(getattr(exc, "orig", exc)).lower()
    if "password" in detail or "authentication" in detail:
        return (f"Máy chủ Trung tâm ({where}) từ chối đăng nhập: sai mật khẩu hoặc tên đăng nhập. Hãy nhập lại mật "
                "khẩu của máy chủ (trên dòng lệnh: motcua init --database … --password-stdin) hoặc hỏi bộ phận CNTT.")
    if "does not exist" in detail:
        return f"Trên máy chủ chưa có cơ sở dữ liệu {where}. Hãy nhờ bộ phận CNTT tạo theo docs/centre.md."
    return (f"Mất kết nối máy chủ Trung tâm ({where}): không kết nối được trong {CONNECT_TIMEOUT} giây. Hãy kiểm tra "
            "mạng của máy này; nếu các máy khác cũng vậy, hãy báo bộ phận CNTT kiểm tra máy chủ.")
