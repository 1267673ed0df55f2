"""What a sync run is told (RunOptions) and what it reports (RunSummary, with its exit code and the
Vietnamese summary line the nightly command prints)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.services.text import thousands


@dataclass
class RunOptions:
    until_empty: bool = False
    max_items: int = 2000
    max_bytes: int = 4_000_000
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    call_seconds: float = 600.0  # total limit of one HTTP call, whatever the server drips (and the lease, the run)
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    max_wait: float = 300.0  # the longest single wait, whatever Retry-After says
    max_failures: int | None = 6  # consecutive transient failures before giving up; None: until deadline
    deadline_seconds: float = 1800.0  # the whole run (`--max-minutes`), waits and calls included
    lease_seconds: float = 120.0
    pull: bool = True
    files: bool = True  # push the attached files after the records (files_push)


@dataclass
class RunSummary:
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    invalid: int = 0  # changes whose record failed the schema here: parked on this desk, never sent
    unanswered: int = 0  # changes sent in this run that no reply answered by its end (still pending)
    batches: int = 0
    retries: int = 0
    pending: int = 0
    parked: int = 0
    updates_applied: int = 0
    updates_skipped: int = 0
    catalogue_revision: str = ""
    files_sent: int = 0  # attached files the province acknowledged whole in this run (or already had)
    files_bytes: int = 0
    files_failed: list[str] = field(default_factory=list)  # one Vietnamese line per file not sent
    error: str = ""
    fatal: bool = False
    unreachable: bool = False
    busy: bool = False
    seconds: float = 0.0

    @property
    def sent(self) -> int:
        return self.accepted + self.duplicate

    @property
    def exit_code(self) -> int:
        if self.fatal or self.unreachable or self.busy or self.unanswered:
            return 2
        return 1 if self.rejected or self.invalid or self.parked or self.files_failed else 0

    def line(self) -> str:
        n = thousands
        done = (f"đã gửi {n(self.sent)} mục ({n(self.accepted)} mới, {n(self.duplicate)} tỉnh đã có), "
                f"{n(self.rejected)} bị từ chối lần này, {n(self.invalid)} chưa gửi vì sai chuẩn; còn chờ gửi {n(self.pending)}, cần xử lý {n(self.parked)}; "
                f"nhận {n(self.updates_applied)} cập nhật từ tỉnh; gửi {n(self.files_sent)} tệp đính kèm"
                + (f", {n(len(self.files_failed))} tệp chưa gửi được (sẽ gửi lại lượt sau)" if self.files_failed else "")
                + f"; {self.seconds:.1f} giây")
        if self.error:
            return f"Đồng bộ CHƯA xong: {self.error} ({done}.)"
        if self.unanswered:
            return (f"Đồng bộ CHƯA xong: máy chủ tỉnh không trả lời cho {n(self.unanswered)} mục đã gửi; các mục đó "
                    f"chưa được đánh dấu là đã gửi và sẽ gửi lại ở lượt sau ({done}.)")
        if self.parked:
            return f"Đồng bộ: {done}. Có mục bị từ chối: xem trang Đồng bộ của ứng dụng để sửa và gửi lại."
        return f"Đồng bộ xong: {done}."

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "sent": self.sent, "exit_code": self.exit_code, "summary": self.line()}
