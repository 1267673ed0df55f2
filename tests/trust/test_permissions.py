"""Permissions hold in the services: the wrong role gets PermissionDenied and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import PermissionDenied
from app.models import AuditEntry, Dossier
from app.services import catalogue, permissions, settings, workflow
from app.services.catalogue import default_catalogue_file
from app.services.dto import IntakeRequest, PersonIn
from app.services.intake import receive
from app.services.status import Status


def _req() -> IntakeRequest:
    return IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Hồ Văn Nam"))


def _count(desk, model) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_each_role_does_its_own_part_of_a_dossier(desk, clerk, officer, leader):
    code = receive(desk, _req(), clerk).code
    workflow.transition(desk, code, Status.PROCESSING, clerk, to_party="Tư pháp - Hộ tịch")
    workflow.handover(desk, code, "Công chức tư pháp", clerk)
    workflow.reschedule(desk, code, dt.datetime(2026, 12, 4, 9, 0), "Chờ xác minh của xã khác", leader)
    workflow.transition(desk, code, Status.RESULT_READY, officer)
    d = workflow.transition(desk, code, Status.RETURNED, clerk, collected_by="Hồ Văn Nam")
    workflow.record_rating(desk, code, "satisfied", clerk)
    assert d.status == int(Status.RETURNED)


@pytest.mark.parametrize(("who", "action"), [
    ("officer", "receive"), ("leader", "receive"),
    ("clerk", "result_ready"), ("clerk", "stopped"), ("clerk", "reschedule"),
    ("officer", "reschedule"), ("officer", "returned"), ("leader", "returned"),
])
def test_wrong_role_is_refused_and_nothing_is_written(desk, clerk, officer, leader, who, action):
    actor = {"clerk": clerk, "officer": officer, "leader": leader}[who]
    code = receive(desk, _req(), clerk).code
    if action == "returned":
        workflow.transition(desk, code, Status.RESULT_READY, officer)
    before = (_count(desk, AuditEntry), _count(desk, Dossier))
    with pytest.raises(PermissionDenied) as exc:
        if action == "receive":
            receive(desk, _req(), actor)
        elif action == "reschedule":
            workflow.reschedule(desk, code, dt.datetime(2026, 12, 4, 9, 0), "Chờ xác minh", actor)
        else:
            workflow.transition(desk, code, action, actor, note="lý do")
    assert actor.username in exc.value.message and "Hãy nhờ" in exc.value.message
    assert (_count(desk, AuditEntry), _count(desk, Dossier)) == before


def test_administration_is_for_the_administrator(desk, clerk, leader, admin):
    for actor in (clerk, leader):
        with pytest.raises(PermissionDenied), desk.db.write() as s:
            settings.change(s, "idle_lock_minutes", 1, actor, desk.now())
        with pytest.raises(PermissionDenied), desk.db.write() as s:
            catalogue.import_catalogue(s, default_catalogue_file(), actor, desk.now())
        with pytest.raises(PermissionDenied), desk.db.write() as s:
            settings.change(s, "sync_url", "https://evil.example", actor, desk.now())
    with desk.db.write() as s:
        settings.change(s, "idle_lock_minutes", 3, admin, desk.now())
        catalogue.import_catalogue(s, default_catalogue_file(), admin, desk.now())
    assert desk.setting("idle_lock_minutes") == 3


def test_upstream_decisions_use_the_system_actor(desk, clerk):
    code = receive(desk, _req(), clerk).code
    bot = permissions.system_actor()
    d = workflow.transition(desk, code, Status.PROCESSING, bot, source="upstream")
    assert d.status == int(Status.PROCESSING)
    assert not permissions.allowed(bot, "user.manage")
    assert not permissions.allowed(bot, "backup.restore")


def test_every_action_has_a_label_and_roles_are_listed():
    assert set(permissions.RULES) == set(permissions.ACTION_LABELS)
    assert "dossier.receive" in permissions.actions_for("clerk")
    assert "dossier.reschedule" in permissions.actions_for("leader")
    assert set(permissions.actions_for("admin")) == set(permissions.RULES)
    assert set(permissions.MOVE_ACTIONS) == {s for s in Status if s is not Status.REGISTERED}
