"""PostgreSQL's own programs for a centre's database: finding pg_dump/pg_restore, giving them the password
through a temporary pgpass file (0600; never their arguments or the environment), running them with
their error said in Vietnamese, and `dump` (pg_dump -Fc into a file, written beside it then renamed).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from app.errors import DatabaseError
from app.paths import restrict_file


class PgToolError(DatabaseError):
    exit_code = 7


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
    raise PgToolError(f"Không tìm thấy chương trình {name} của PostgreSQL trên máy này. Hãy cài «PostgreSQL "
                      "client» (Linux: gói postgresql-client; Windows: bộ cài PostgreSQL) rồi thử lại.")


def _version(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


@contextlib.contextmanager
def libpq_env(url: str, password: str | None) -> Iterator[dict[str, str]]:
    """Environment for pg_dump/pg_restore: a temporary pgpass file with `password`, if one is given."""
    env = dict(os.environ)
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


def run(args: list[str], env: dict[str, str], doing: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PgToolError(f"Không {doing} được: {detail[-1] if detail else 'lỗi không rõ'}. Hãy kiểm tra kết nối "
                          "máy chủ và chỗ trống trên ổ đĩa rồi thử lại (xem docs/centre.md).")
    return done.stdout


def dump(url: str, password: str | None, target: Path) -> Path:
    """pg_dump -Fc of the database at `url` into `target` (never over an existing file)."""
    if target.exists():
        raise PgToolError(f"Tệp {target} đã có; hãy chọn tên khác để không ghi đè bản sao lưu cũ.")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with libpq_env(url, password) as env:
            run([pg_program("pg_dump"), "-Fc", "--no-owner", "-f", str(tmp), f"--dbname={url}"], env, "sao lưu")
        restrict_file(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
