"""The Linux tarball (installer/linux/make-tarball.sh) unpacks and installs for one user with a menu
entry and icon; installing a newer one over it replaces the program in place and leaves the data folder
alone; uninstalling removes the program and keeps the data.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT
from tests.users import PASSWORD

LINUX = ROOT / "installer" / "linux"


def desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_entry_template_is_valid():
    entry = desktop_entry(LINUX / "motcua.desktop")
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Name"] == "Một Cửa" and entry["Icon"] == "motcua" and entry["Categories"].endswith(";")
    assert entry["Exec"].split()[0] == "motcua"
    assert (LINUX / "motcua.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def scratch(tmp_path):
    """A folder for the ~600 MB of tarball, unpacked copy and installs, removed right after the test."""
    yield tmp_path / "scratch"
    shutil.rmtree(tmp_path / "scratch", ignore_errors=True)


@pytest.mark.slow
def test_tarball_installs_upgrades_in_place_and_uninstalls_keeping_data(bundle, scratch):
    tmp_path = scratch
    out = subprocess.run(["sh", str(LINUX / "make-tarball.sh"), str(bundle.folder), str(tmp_path / "out")],
                         env={**os.environ, "GZIP_LEVEL": "1"}, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    tarball = Path(out.stdout.strip().splitlines()[-1])
    assert tarball.name.startswith("motcua-") and tarball.name.endswith(".tar.gz")
    with tarfile.open(tarball) as tar:
        top = tar.getnames()[0].split("/")[0]
        tar.extractall(tmp_path / "unpacked", filter="tar")
    unpacked = tmp_path / "unpacked" / top
    for name in ("install.sh", "motcua.desktop", "motcua.png", "motcua.svg", "README.txt", "motcua/motcua"):
        assert (unpacked / name).exists(), name

    home = tmp_path / "home"
    env = {**bundle.env(), "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share")}
    install = ["sh", str(unpacked / "install.sh")]
    first = subprocess.run(install, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    program = home / ".local/opt/motcua/motcua"
    entry = desktop_entry(home / ".local/share/applications/motcua.desktop")
    assert entry["Exec"] == f'"{program}"' and entry["TryExec"] == str(program)
    assert (home / ".local/share/icons/hicolor/256x256/apps/motcua.png").is_file()
    assert os.readlink(home / ".local/bin/motcua") == str(program)

    # A desk's data in the default place (platformdirs), then an upgrade over the running install.
    init = subprocess.run([str(program), "init", "--parent-name", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "--agency-code", "000.17.22.H56", "--agency-name",
                           "Trung tâm Phục vụ hành chính công xã Tân Lập", "--admin", "quantri", "--admin-name",
                           "Trần Thị Quản Trị", "--password-stdin"], input=PASSWORD + "\n", env=env, cwd=home,
                          capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    database = home / ".local/share/MotCuaDesk/motcua.sqlite3"
    before = database.read_bytes()
    (program.parent / "_internal" / "stale-from-old-version.txt").write_text("x")
    again = subprocess.run(install, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert not (program.parent / "_internal" / "stale-from-old-version.txt").exists()
    assert database.read_bytes() == before
    version = subprocess.run([str(program), "--version"], env=env, cwd=home, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("motcua ")

    gone = subprocess.run([*install, "--uninstall"], env=env, capture_output=True, text=True, timeout=120)
    assert gone.returncode == 0, gone.stderr
    assert not program.exists() and not (home / ".local/share/applications/motcua.desktop").exists()
    assert not (home / ".local/bin/motcua").exists()
    assert database.read_bytes() == before


def test_install_refuses_to_empty_a_folder_that_is_not_a_bundle(tmp_path):
    precious = tmp_path / "not-motcua"
    precious.mkdir()
    (precious / "keep.txt").write_text("giữ lại")
    out = subprocess.run(["sh", str(LINUX / "install.sh"), "--uninstall"],
                         env={**os.environ, "HOME": str(tmp_path), "PREFIX": str(precious)},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "không xóa" in out.stderr
    assert (precious / "keep.txt").read_text() == "giữ lại"


def test_installer_icons_are_rendered_from_the_app_icon(qapp):
    """After resources/icons/motcua.svg changes, installer/make_icons.py must be run again."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QImageReader, QPainter
    from PySide6.QtSvg import QSvgRenderer

    size = 64
    fresh = QImage(size, size, QImage.Format.Format_ARGB32)
    fresh.fill(Qt.GlobalColor.transparent)
    painter = QPainter(fresh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ROOT / "resources/icons/motcua.svg")).render(painter)
    painter.end()
    reader = QImageReader(str(ROOT / "installer/windows/motcua.ico"))
    sizes = {}
    for i in range(reader.imageCount()):
        reader.jumpToImage(i)
        image = reader.read()
        sizes[image.width()] = image
    assert {16, 32, 48, 256} <= set(sizes)
    for committed in (QImage(str(LINUX / "motcua.png")), sizes[256], sizes[64]):
        small = committed.convertToFormat(QImage.Format.Format_ARGB32).scaled(
            size, size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        diff = sum(abs(fresh.pixelColor(x, y).lightness() - small.pixelColor(x, y).lightness())
                   for x in range(0, size, 2) for y in range(0, size, 2)) / (size * size / 4)
        assert diff < 12, f"installer icons differ from the app icon (mean {diff:.0f}): run installer/make_icons.py"
