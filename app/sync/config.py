"""Sync configuration: the provincial address and CA bundle (settings) and the token (TokenStore).

`configure` is what `motcua sync configure` and the administrator's settings page call: it checks
the address and the CA file, stores both settings with an audit entry, and keeps the token outside the
database. `load` gathers what a run needs and says in Vietnamese what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import ValidationError
from app.services import permissions, settings
from app.services.desk import Desk
from app.services.dto import Actor
from app.services.journal import audit
from app.sync.client import RECONFIGURE, SyncFatal, check_url
from app.sync.tokens import TokenStore


@dataclass(frozen=True)
class SyncConfig:
    url: str
    ca_bundle: str
    token: str
    interval_seconds: int
    connector: str = "motcua-sync/1"  # which upstream connector (app.sync.connectors.CONNECTORS)

    @property
    def complete(self) -> bool:
        return bool(self.url and self.token)


def load(desk: Desk, tokens: TokenStore) -> SyncConfig:
    with desk.db.read() as s:
        url, ca, interval, connector = (settings.get(s, "sync_url"), settings.get(s, "sync_ca_bundle"),
                                        settings.get(s, "sync_interval_seconds"), settings.get(s, "sync_connector"))
    return SyncConfig(url, ca, tokens.get(), int(interval), connector)


def require(config: SyncConfig) -> None:
    if not config.url:
        raise SyncFatal("Chưa cấu hình địa chỉ hệ thống một cửa của tỉnh. " + RECONFIGURE)
    if not config.token:
        raise SyncFatal("Chưa có mã truy cập (token) đồng bộ cho máy này. " + RECONFIGURE)
    if config.ca_bundle and not Path(config.ca_bundle).is_file():
        raise SyncFatal(f"Không thấy tệp chứng chỉ CA «{config.ca_bundle}». " + RECONFIGURE)


def configure(desk: Desk, tokens: TokenStore, actor: Actor, *, url: str, ca_bundle: str | None = None,
              token: str | None = None, connector: str | None = None) -> SyncConfig:
    """Check and store the address, CA bundle, connector and (when given) token. Raises ValidationError,
    or PermissionDenied for anyone but an administrator."""
    from app.sync.connectors import CONNECTORS  # the registry imports this module

    permissions.require(actor, "sync.configure")
    errors: dict[str, str] = {}
    try:
        url = check_url(url)
    except SyncFatal as exc:
        errors["url"] = exc.message
    if ca_bundle:
        path = Path(ca_bundle).expanduser()
        if not path.is_file():
            errors["ca_bundle"] = f"Không thấy tệp chứng chỉ CA «{ca_bundle}»; hãy chọn đúng tệp .pem/.crt."
        else:
            ca_bundle = str(path.resolve())
    if token is not None and (not token.strip() or any(c.isspace() for c in token.strip())):
        errors["token"] = "Mã truy cập rỗng hoặc có khoảng trắng; hãy dán đúng mã tỉnh cấp."
    if connector is not None and connector not in CONNECTORS:
        errors["connector"] = (f"Không có bộ kết nối «{connector}»; hãy chọn một trong: {', '.join(CONNECTORS)}.")
    if errors:
        raise ValidationError(errors)
    with desk.db.write() as s:
        before_url = settings.put(s, "sync_url", url)
        if ca_bundle is not None:
            settings.put(s, "sync_ca_bundle", ca_bundle)
        if connector is not None:
            settings.put(s, "sync_connector", connector)
        audit(s, actor, "sync.configure", "settings", "sync",
              {"url_before": before_url, "url": url, "ca_bundle": ca_bundle or "", "connector": connector or "",
               "token_changed": token is not None},
              at=desk.now())
    if token is not None:
        tokens.set(token)
    return load(desk, tokens)
