"""Backups of a centre's PostgreSQL database: pg_dump in its custom format, and restore into an empty database.

`backup_centre` runs pg_dump -Fc (app.models.pg_tools.dump: a temporary file beside the target, then
renamed), checks the archive with pg_restore --list (it must hold Một Cửa's tables) and audits it.
`restore_centre` checks the archive the same way, refuses a target database that already has tables
(a restore never overwrites a centre's data: IT staff create a new empty database and point the data
folder at it), runs pg_restore, brings the schema to head and audits the restore. The password goes
to the programs through a temporary pgpass file (0600), never their arguments or the environment;
the URL they get has no password.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select

from app.errors import MotCuaError
from app.models import Dossier, pg_tools
from app.models.centre import (
    CentreConfig,
    display_url,
    make_pg_engine,
    parse_url,
    password_for,
    read_config,
    write_config,
)
from app.paths import AppPaths
from app.services import permissions
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit

REQUIRED = ("agency", "dossiers", "events", "outbox", "audit_log", "alembic_version")


class CentreBackupError(MotCuaError):
    exit_code = 7


def is_centre(paths: AppPaths) -> bool:
    """True when the data folder names a centre's server database (centre.json)."""
    return read_config(paths.data_dir) is not None


@contextlib.contextmanager
def _libpq_env(url: str) -> Iterator[dict[str, str]]:
    with pg_tools.libpq_env(url, password_for(url, _keyring)) as env:
        yield env


def _keyring(url: str) -> str | None:
    from app.services.centre import keyring_password

    return keyring_password(url)


def check_archive(path: Path, env: dict[str, str] | None = None) -> None:
    """A pg_dump custom-format archive of a Một Cửa database, or CentreBackupError saying what it is not."""
    if not path.is_file():
        raise CentreBackupError(f"Không có tệp {path}. Hãy chọn một bản sao lưu .dump trong thư mục backups.")
    with open(path, "rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise CentreBackupError(f"Tệp {path.name} không phải bản sao lưu PostgreSQL (pg_dump -Fc) của Trung tâm.")
    listing = pg_tools.run([pg_tools.pg_program("pg_restore"), "--list", str(path)], env or dict(os.environ),
                           "đọc bản sao lưu")
    tables = {line.split()[-2] for line in listing.splitlines() if " TABLE public " in line and "DATA" not in line}
    missing = [t for t in REQUIRED if t not in tables]
    if missing:
        raise CentreBackupError(f"Bản sao lưu {path.name} thiếu bảng {', '.join(missing)}: không phải cơ sở dữ liệu "
                                "Một Cửa hoặc đã hỏng. Hãy chọn bản sao lưu khác.")


def backup_centre(desk: Desk, actor: Actor, out: Path | None = None, *, prefix: str = "thu-cong-") -> Path:
    permissions.require(actor, "backup.run")
    url = getattr(desk.db, "url", None)
    if url is None:
        raise CentreBackupError("Máy này dùng cơ sở dữ liệu riêng (SQLite): dùng motcua backup như thường.")
    target = Path(out) if out else desk.paths.backups / f"{prefix}{desk.now():%Y%m%d-%H%M%S}.dump"
    pg_tools.dump(url, password_for(url, _keyring), target)
    try:
        check_archive(target)
    except CentreBackupError:
        target.unlink(missing_ok=True)
        raise
    with desk.db.write() as s:
        audit(s, actor, "store.backup", "store", target.name, {"path": str(target), "engine": "postgresql"},
              at=desk.now())
    return target


@dataclass(frozen=True)
class CentreRestore:
    restored_from: Path
    database: str
    dossiers: int


def restore_centre(paths: AppPaths, archive: Path, actor: Actor, database: str | None = None) -> CentreRestore:
    """Restore `archive` into an empty database (`database`, else the one the data folder names), bring it to
    head, audit the restore, and point the data folder at it."""
    permissions.require(actor, "backup.restore")
    config = read_config(paths.data_dir)
    if config is None:
        raise CentreBackupError("Thư mục dữ liệu này không kết nối máy chủ Trung tâm.")
    target = CentreConfig(display_url(parse_url(database or config.url)), config.device_uuid)
    with _libpq_env(target.url) as env:
        check_archive(archive, env)
        _refuse_non_empty(target)
        pg_tools.run([pg_tools.pg_program("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={target.url}",
                      str(archive)], env, "khôi phục")
    write_config(paths.data_dir, target)
    desk = Desk.open(paths)
    try:
        with desk.db.write() as s:
            count = s.scalar(select(func.count()).select_from(Dossier)) or 0
            audit(s, actor, "store.restore", "store", archive.name, {"from": str(archive), "dossiers": count},
                  at=desk.now())
        return CentreRestore(archive, target.url, count)
    finally:
        desk.close()


def _refuse_non_empty(config: CentreConfig) -> None:
    engine = make_pg_engine(config.url, password_for(config.url, _keyring))
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise CentreBackupError(
            f"Cơ sở dữ liệu {config.url} đang có dữ liệu ({len(tables)} bảng); khôi phục không ghi đè dữ liệu của "
            "Trung tâm. Hãy nhờ bộ phận CNTT tạo một cơ sở dữ liệu trống (docs/centre.md), đổi địa chỉ trong "
            "thư mục dữ liệu bằng motcua init --database … rồi khôi phục vào đó.")

