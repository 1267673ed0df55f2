"""The desk: one open database plus what every service needs from it (agency, device, calendar, clock).

`Desk.open(paths)` is how the UI, the command line and tests start. It caches small, rarely changing
facts (agency, device slot, working calendar) and drops the cache when they change. Thread-safe for
reads; writes are serialised by SQLite's lock (BEGIN IMMEDIATE). A data folder with a centre.json opens
the centre's PostgreSQL database instead (app.models.centre), where this PC is the device it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select

from app.errors import DatabaseError
from app.models import Agency, CalendarOverride, Device
from app.models.centre import open_centre, password_for, read_config
from app.models.db import Database, open_database, refuse_network_share
from app.paths import AppPaths
from app.services import settings
from app.services.calendar import OfficeHours, Override, WorkCalendar
from app.services.clock import now_vn
from app.services.codes import CodeTemplate
from app.services.procedure_rules import ProcedureCache


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    name: str
    parent_name: str
    place: str
    code_template: str
    lookup_url: str
    hotline: str
    head_title: str
    head_name: str
    form_set_version: str


@dataclass(frozen=True)
class DeviceInfo:
    id: int
    uuid: str
    slot: int
    name: str


class Desk:
    def __init__(self, paths: AppPaths, db: Database, clock: Callable[[], dt.datetime] = now_vn):
        self.paths = paths
        self.db = db
        self.clock = clock

    @classmethod
    def open(cls, paths: AppPaths, clock: Callable[[], dt.datetime] = now_vn) -> Desk:
        centre = read_config(paths.data_dir)
        if centre is not None:  # centre mode: the store is the centre's PostgreSQL database
            from app.services.centre import keyring_password

            return cls(paths, open_centre(centre, password=password_for(centre.url, keyring_password),
                                          backup_dir=paths.backups), clock)
        refuse_network_share(paths.database)  # before creating any folder on the share
        paths.ensure()
        from app.services.crypto_store import keyring_key

        return cls(paths, open_database(paths.database, paths.backups, keys=keyring_key), clock)

    def close(self) -> None:
        self.db.close()

    def now(self) -> dt.datetime:
        return self.clock()

    # --- cached facts --------------------------------------------------------------------------
    def invalidate(self) -> None:
        for name in ("agency", "device", "calendar", "code_template"):
            self.__dict__.pop(name, None)
        self.procedures.forget()

    @cached_property
    def procedures(self) -> ProcedureCache:
        """The procedures intake has read, by reference (checked against the catalogue at every write)."""
        return ProcedureCache()

    @property
    def is_initialised(self) -> bool:
        with self.db.read() as s:
            return s.scalar(select(Agency.id).limit(1)) is not None

    @cached_property
    def agency(self) -> AgencyInfo:
        with self.db.read() as s:
            a = s.scalar(select(Agency).limit(1))
            if a is None:
                raise DatabaseError(
                    "Chưa thiết lập đơn vị cho cơ sở dữ liệu này. Hãy mở ứng dụng Một Cửa để thiết lập lần đầu "
                    "(hoặc trên dòng lệnh: motcua init --agency-code MÃ --agency-name \"TÊN TRUNG TÂM\" --admin "
                    "TÊN_ĐĂNG_NHẬP --admin-name \"HỌ VÀ TÊN\")."
                )
            return AgencyInfo(a.code, a.name, a.parent_name, a.place, a.code_template, a.lookup_url,
                              a.hotline, a.head_title, a.head_name, a.form_set_version)

    @cached_property
    def device(self) -> DeviceInfo:
        with self.db.read() as s:
            uuid = getattr(self.db, "device_uuid", None)  # a centre's PCs share one database
            mine = Device.uuid == uuid if uuid else Device.is_current.is_(True)
            d = s.scalar(select(Device).where(mine).limit(1))
            if d is None:
                raise DatabaseError("Chưa đăng ký thiết bị này. Hãy mở ứng dụng Một Cửa để thiết lập lần đầu "
                                    "(hoặc trên dòng lệnh: motcua init …).")
            return DeviceInfo(d.id, d.uuid, d.slot, d.name)

    @cached_property
    def code_template(self) -> CodeTemplate:
        return CodeTemplate(self.agency.code_template)

    @cached_property
    def calendar(self) -> WorkCalendar:
        with self.db.read() as s:
            rows = s.execute(select(CalendarOverride)).scalars().all()
            hours = OfficeHours.parse(settings.get(s, "office_hours"), settings.get(s, "same_day_cutoff"))
        return WorkCalendar({r.day: Override(r.kind, r.note) for r in rows}, hours)

    def setting(self, key: str):  # type: ignore[no-untyped-def]
        with self.db.read() as s:
            return settings.get(s, key)
