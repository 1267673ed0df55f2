"""Packaging fixtures: the one-folder bundle built once per test session with the real spec
(installer/motcua.spec) into a temporary folder, and a runner that starts the frozen `motcua` the way a
user's machine would: from an unrelated working directory, without the source tree on any path, with
its own HOME, and Qt offscreen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "motcua.spec"
FIXTURES = ROOT / "tests" / "fixtures" / "schemas"
EXE = ".exe" if sys.platform == "win32" else ""


@dataclass
class Bundle:
    folder: Path  # dist/motcua
    seconds: float  # build time
    home: Path  # scratch HOME for the runs

    @property
    def exe(self) -> Path:
        return self.folder / f"motcua{EXE}"

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"

    def size_mb(self) -> float:
        """Bytes on disk: PyInstaller links a library found twice, so links are not counted again."""
        return sum(p.lstat().st_size for p in self.folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in {"PYTHONPATH", "PYTHONHOME", "MOTCUA_RESOURCES", "MOTCUA_HOME", "VIRTUAL_ENV"}}
        env.update(HOME=str(self.home), XDG_DATA_HOME=str(self.home / ".local" / "share"),
                   QT_QPA_PLATFORM="offscreen", MOTCUA_TOKEN_BACKEND="file", LANG="C.UTF-8")
        return env

    def run(self, *args: str, data: Path | None = None, stdin: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """`motcua [--data-dir DATA] ARGS…` from the scratch HOME (never from the repository)."""
        cmd = [str(self.exe)] + (["--data-dir", str(data)] if data else []) + list(args)
        return subprocess.run(cmd, cwd=self.home, env=self.env(), input=stdin, capture_output=True, text=True,
                              timeout=timeout)


def build_bundle(dist: Path, work: Path) -> float:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", str(dist),
         "--workpath", str(work), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, f"PyInstaller failed:\n{out.stdout[-3000:]}\n{out.stderr[-6000:]}"
    return time.perf_counter() - start


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Iterator[Bundle]:
    """Built once per session (about half a minute on two cores); every bundle test shares it. Removed
    afterwards: pytest keeps the last few temporary folders, and each bundle weighs about 300 MB."""
    base = tmp_path_factory.mktemp("bundle")
    seconds = build_bundle(base / "dist", base / "build")
    home = base / "home"
    home.mkdir()
    yield Bundle(base / "dist" / "motcua", seconds, home)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """An empty data folder for one test."""
    return tmp_path / "data"
