"""Fixtures for the trust tests: people in each role, a command-line runner, a test OS keyring."""

from __future__ import annotations

import subprocess

import pytest
from trust_support import ADMIN, HERE, run_main

from app.services.dto import Actor
from tests.users import LEADER, OFFICER


@pytest.fixture
def admin() -> Actor:
    return ADMIN


@pytest.fixture
def officer() -> Actor:
    return OFFICER


@pytest.fixture
def leader() -> Actor:
    return LEADER


@pytest.fixture
def cli():
    return run_main


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB file system (tmpfs, mounted here; the tests run as root) to fill up or make read-only."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture
def vault(tmp_path, monkeypatch):
    """A stand-in for the OS keyring (no Secret Service runs here): a keyring backend in a file."""
    path = tmp_path / "vault.json"
    monkeypatch.setenv("MOTCUA_TEST_VAULT", str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "vault_keyring.TestVault")
    monkeypatch.syspath_prepend(str(HERE))
    import keyring
    import keyring.core

    previous = keyring.get_keyring()
    keyring.core._keyring_backend = None
    keyring.set_keyring(keyring.core.load_keyring("vault_keyring.TestVault"))
    yield path
    keyring.set_keyring(previous)
