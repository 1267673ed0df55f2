"""Looking after the store: backups (manual and daily), restore, the checks, the audit chain, encryption.
Backup, check and audit verify may run as the OS account (`motcua` without --user); restore and
encryption change the store and need an administrator's desk account — except the command line's
restore, which must work on a damaged store and so never opens it (`restore_damaged`,
services/backup_signin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.errors import MotCuaError
from app.operations.base import Changes, OpContext, os_actor
from app.paths import AppPaths
from app.services import accounts_store, backup, backup_signin, checks, crypto_store
from app.services import restore as restoring
from app.services.clock import now_vn
from app.services.desk import Desk
from app.services.journal import ChainReport, verify_audit_chain


@dataclass
class BackedUp:
    path: Path | None  # None: the daily backup was already made today
    encrypted: bool
    warnings: list[str] = field(default_factory=list)  # what the person must know about a copy outside backups/


def backup_now(ctx: OpContext, out: Path | None = None, *, force: bool = False) -> BackedUp:
    """A copy now: into backups/ (never over an existing copy), or `out` outside the data folder (over an
    existing file only with `force`)."""
    ctx.require("backup.run")
    done = backup.backup_copy(ctx.desk, ctx.actor, out, force=force)
    return BackedUp(done.path, done.encrypted, list(done.warnings))


def daily_backup(desk: Desk) -> BackedUp:
    """The automatic backup (once a day, then retention); runs at start-up and from `backup --auto`."""
    return BackedUp(backup.daily_backup(desk), desk.db.encrypted)


@dataclass
class Restored:
    report: backup.RestoreReport
    changes: Changes


def restore(ctx: OpContext, source: Path) -> Restored:
    ctx.require_account("backup.restore")
    return Restored(backup.restore(ctx.desk, source, ctx.actor), Changes.of("store"))


def restore_damaged(paths: AppPaths, source: Path, username: str | None = None, password: str = "") -> Restored:
    """The command line's restore, which works when the current store will not open: it never opens it,
    not even to sign in. With `username` the account is checked against the backup being restored;
    without, only the OS account that owns the data folder may restore (audited as `os:NAME`)."""
    now = now_vn()
    if username:
        actor = backup_signin.account_from_backup(paths, source, username, password, now)
    else:
        backup_signin.require_folder_owner(paths)
        actor = os_actor()
    return Restored(restoring.restore_store(paths, source, actor, now=now), Changes.of("store"))


def run_checks(ctx: OpContext) -> checks.CheckReport:
    ctx.require("store.check")
    return checks.run_checks(ctx.desk, ctx.actor)


@dataclass
class AuditVerified:
    chain: ChainReport
    against: checks.CheckResult | None

    @property
    def ok(self) -> bool:
        return self.chain.ok and (self.against is None or self.against.ok)


def verify_audit(ctx: OpContext, against: Path | None = None) -> AuditVerified:
    with ctx.desk.db.read() as s:
        chain = verify_audit_chain(s)
    other = None
    if against is not None:
        if not against.is_file():
            raise MotCuaError(f"Không có tệp {against}. Hãy chọn một bản sao lưu trong thư mục backups.")
        other = checks.audit_matches_backup(ctx.desk, against)
    return AuditVerified(chain, other)


# --- encryption --------------------------------------------------------------------------------------
@dataclass
class EncryptionStatus:
    encrypted: bool
    sqlcipher_available: bool
    key_remembered: bool


def encryption_status(paths: AppPaths) -> EncryptionStatus:
    """Read without opening the store (it may be encrypted with no key at hand)."""
    return EncryptionStatus(crypto_store.is_encrypted(paths), crypto_store.available(),
                            crypto_store.keyring_key(paths.database) is not None)


@dataclass
class Converted:
    files: list[Path]
    changes: Changes


def enable_encryption(ctx: OpContext, password: str) -> Converted:
    """Encrypt the store and its backups; the acting account's password unlocks it. Closes the desk."""
    ctx.require_account("store.encrypt")
    crypto_store.require_available()
    files = accounts_store.enable_encryption(ctx.desk, ctx.actor, ctx.actor.username, password)
    return Converted(files, Changes.of("store"))


def disable_encryption(ctx: OpContext, password: str) -> Converted:
    ctx.require_account("store.encrypt")
    files = accounts_store.disable_encryption(ctx.desk, ctx.actor, ctx.actor.username, password)
    return Converted(files, Changes.of("store"))


def remember_key(ctx: OpContext) -> None:
    """Keep the store's key in the OS keyring (for the nightly sync); the account was checked at sign-in."""
    ctx.require_account("store.encrypt")
    if not crypto_store.is_encrypted(ctx.desk.paths) or ctx.desk.db.key is None:
        raise MotCuaError("Cơ sở dữ liệu không mã hóa; không có khóa để lưu.")
    crypto_store.secure_keyring()
    crypto_store.remember_key(ctx.desk.paths, ctx.desk.db.key)


def forget_key(ctx: OpContext) -> None:
    ctx.require_account("store.encrypt")
    crypto_store.forget_remembered_key(ctx.desk.paths)
