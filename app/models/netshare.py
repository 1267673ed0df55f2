"""Network-share detection: SQLite must not live on NFS, SMB/CIFS, sshfs, WebDAV or a Windows network drive."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.errors import DatabaseError

#: File systems on which SQLite must not live (locks and fsync are not trustworthy over the network).
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ceph", "glusterfs", "9p",
              "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "ncpfs", "coda",
              "fuse.glusterfs", "lustre", "gpfs", "beegfs", "fuse.cifs"}


def network_filesystem(path: Path, mounts: str | None = None) -> str | None:
    """The network file-system type `path` lives on (e.g. "cifs", "nfs4", "UNC"), or None if local.

    `mounts` is the text of /proc/self/mounts (read from the system when None).
    """
    raw = str(path)
    if raw.startswith(("\\\\", "//")) and not raw.startswith("\\\\?\\"):
        return "UNC"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(raw))[0]
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
            return "ổ mạng " + drive
        return None
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = os.path.abspath(raw)
    best, best_type = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type if best_type in NETWORK_FS else None


def refuse_network_share(path: Path) -> None:
    kind = network_filesystem(path)
    if kind:
        raise DatabaseError(
            f"Thư mục dữ liệu {path.parent} nằm trên ổ mạng ({kind}). SQLite trên ổ mạng có thể hỏng dữ liệu "
            "khi mất mạng hoặc khi hai máy cùng ghi, nên Một Cửa không lưu ở đó. Hãy chọn một thư mục trên ổ "
            "đĩa của chính máy này (mặc định) bằng --data-dir hoặc MOTCUA_HOME; sao lưu thì có thể chép ra ổ mạng."
        )
