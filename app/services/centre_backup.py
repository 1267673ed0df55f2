"""Backups of a centre's PostgreSQL database: pg_dump in its custom format, and restore into an empty database.

`backup_centre` runs pg_dump -Fc into a temporary file beside the target, checks the archive with
pg_restore --list (it must hold Một Cửa's tables), then renames it into place and audits it.
`restore_centre` checks the archive the same way, refuses a target database that already has tables
(a restore never overwrites a centre's data: IT staff create a new empty database and point the data
folder at it), runs pg_restore, brings the schema to head and audits the restore. The password goes
to the programs through a temporary pgpass file (0600), never their arguments or the environment;
the URL they get has no password.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from app.errors import MotCuaError
from app.models import Dossier
from app.models.centre import (
    CentreConfig,
    display_url,
    make_pg_engine,
    parse_url,
    password_for,
    read_config,
    write_config,
)
from app.paths import AppPaths, restrict_file
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


def pg_program(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else in the usual install folders (Linux, Windows), newest first."""
    found = shutil.which(name)
    if found:
        return found
    patterns = ["/usr/lib/postgresql/*/bin", r"C:\Program Files\PostgreSQL\*\bin"]
    folders = sorted((d for p in patterns for d in glob.glob(p)), key=lambda d: _version(Path(d).parent.name))
    for folder in reversed(folders):
        for candidate in (Path(folder) / name, Path(folder) / f"{name}.exe"):
            if candidate.is_file():
                return str(candidate)
    raise CentreBackupError(f"Không tìm thấy chương trình {name} của PostgreSQL trên máy này. Hãy cài «PostgreSQL "
                            "client» (Linux: gói postgresql-client; Windows: bộ cài PostgreSQL) rồi thử lại.")


def _version(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


@contextlib.contextmanager
def _libpq_env(url: str) -> Iterator[dict[str, str]]:
    """Environment for pg_dump/pg_restore: a temporary pgpass file with the registered password, if any."""
    env = dict(os.environ)
    password = password_for(url, _keyring)
    if password is None:
        yield env
        return
    parsed = make_url(url)
    with tempfile.TemporaryDirectory(prefix="motcua-pgpass-") as folder:
        pgpass = Path(folder) / "pgpass"
        fields = [parsed.host or "*", str(parsed.port or 5432), parsed.database or "*", parsed.username or "*"]
        escaped = [f.replace("\\", "\\\\").replace(":", "\\:") for f in (*fields, password)]
        pgpass.write_text(":".join(escaped) + "\n", encoding="utf-8")
        pgpass.chmod(0o600)
        env["PGPASSFILE"] = str(pgpass)
        yield env


def _keyring(url: str) -> str | None:
    from app.services.centre import keyring_password

    return keyring_password(url)


def _run(args: list[str], env: dict[str, str], doing: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise CentreBackupError(f"Không {doing} được: {detail[-1] if detail else 'lỗi không rõ'}. Hãy kiểm tra kết "
                                "nối máy chủ và chỗ trống trên ổ đĩa rồi thử lại (xem docs/centre.md).")
    return done.stdout


def check_archive(path: Path, env: dict[str, str] | None = None) -> None:
    """A pg_dump custom-format archive of a Một Cửa database, or CentreBackupError saying what it is not."""
    if not path.is_file():
        raise CentreBackupError(f"Không có tệp {path}. Hãy chọn một bản sao lưu .dump trong thư mục backups.")
    with open(path, "rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise CentreBackupError(f"Tệp {path.name} không phải bản sao lưu PostgreSQL (pg_dump -Fc) của Trung tâm.")
    listing = _run([pg_program("pg_restore"), "--list", str(path)], env or dict(os.environ), "đọc bản sao lưu")
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
    if target.exists():
        raise CentreBackupError(f"Tệp {target} đã có; hãy chọn tên khác để không ghi đè bản sao lưu cũ.")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with _libpq_env(url) as env:
            _run([pg_program("pg_dump"), "-Fc", "--no-owner", "-f", str(tmp), f"--dbname={url}"], env, "sao lưu")
            check_archive(tmp, env)
        restrict_file(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
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
        _run([pg_program("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={target.url}", str(archive)],
             env, "khôi phục")
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

