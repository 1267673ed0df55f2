"""The Inno Setup script (installer/windows/motcua.iss) cannot be compiled here (it needs Windows), so it
is read the way ISCC would: sections, preprocessor defines, entries and their parameters. Every file it
ships must exist (the bundle's own files in the bundle built from the same spec), every shortcut and
command must point at an installed file, every task and message it names must be defined, and nothing
may put data in, or delete data from, anywhere but the program folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli import build_parser
from tests.packaging.conftest import ROOT, SPEC

WINDOWS = ROOT / "installer" / "windows"
ISS = WINDOWS / "motcua.iss"
ENTRY_SECTIONS = {"Languages", "Tasks", "InstallDelete", "Files", "Icons", "Run", "UninstallRun"}


def parse_iss(path: Path) -> tuple[dict[str, str], dict[str, list]]:
    """(defines, sections): key/value sections as dicts, entry sections as lists of parameter dicts."""
    text = path.read_text(encoding="utf-8-sig")
    defines: dict[str, str] = {}
    sections: dict[str, list] = {}
    current = None
    depth_skipped = []  # ISPP #if/#else: keep the first branch (what ISCC sees with no extra files)
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            word = line.split()[0]
            if word in ("#if", "#ifdef", "#ifndef"):
                depth_skipped.append(False)
            elif word == "#else":
                depth_skipped[-1] = True
            elif word == "#endif":
                depth_skipped.pop()
            elif word == "#define" and not any(depth_skipped):
                m = re.match(r'#define\s+(\w+)\s+"(.*)"$', line)
                assert m, f"unreadable define: {line}"
                defines.setdefault(m.group(1), m.group(2))
            continue
        if not line or line.startswith(";") or any(depth_skipped):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1)
            sections.setdefault(current, [])
            continue
        assert current, f"line outside a section: {line}"
        sections[current].append(line)
    parsed: dict[str, list] = {}
    for name, lines in sections.items():
        parsed[name] = [entry(line, defines) for line in lines] if name in ENTRY_SECTIONS else lines
    return defines, parsed


def expand(value: str, defines: dict[str, str]) -> str:
    return re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], value)


def entry(line: str, defines: dict[str, str]) -> dict[str, str]:
    """One entry line as {parameter: value}; quoted values lose their quotes and "" becomes "."""
    out = {}
    for m in re.finditer(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)(?:;|$)', line):
        value = m.group(2).strip()
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        out[m.group(1)] = expand(value, defines)
    assert out, f"unreadable entry: {line}"
    return out


def local(windows_path: str) -> Path:
    """A path relative to the script's folder, as ISCC resolves it."""
    return (WINDOWS / windows_path.replace("\\", "/")).resolve()


def setup_of(sections: dict[str, list], defines: dict[str, str]) -> dict[str, str]:
    return {k.strip(): expand(v.strip(), defines) for k, v in (line.split("=", 1) for line in sections["Setup"])}


@pytest.fixture(scope="module")
def iss():
    return parse_iss(ISS)


def installed_names(sections: dict[str, list]) -> set[str]:
    """Paths under {app} that [Files] installs (a folder's wildcard installs the folder)."""
    names = set()
    for f in sections["Files"]:
        base = f["Source"].replace("\\", "/").rstrip("*").rstrip("/").split("/")[-1]
        names.add(f"{f['DestDir']}\\{base}" if not f["Source"].endswith("*") else f["DestDir"])
    return names


def test_setup_installs_per_machine_upgrades_in_place_and_keeps_data_out(iss):
    defines, sections = iss
    assert ENTRY_SECTIONS | {"Setup", "CustomMessages"} <= set(sections)
    setup = setup_of(sections, defines)
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["PrivilegesRequired"] == "admin" and setup["DefaultDirName"].startswith("{autopf}\\")
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["UsePreviousAppDir"] == "yes" and setup["CloseApplications"] == "yes"
    assert local(setup["SetupIconFile"]).is_file()
    assert local(setup["OutputDir"]) == ROOT / "dist"
    # Upgrades clear only the old program files; nothing anywhere touches a user's data folder.
    assert [d["Name"] for d in sections["InstallDelete"]] == ["{app}\\_internal"]
    assert "UninstallDelete" not in sections
    text = ISS.read_text(encoding="utf-8-sig")
    assert "--data-dir" not in text and "{localappdata}" not in text and "{userappdata}" not in text


def test_every_shipped_file_outside_the_bundle_exists(iss):
    defines, sections = iss
    for f in sections["Files"]:
        if not f["Source"].startswith(defines["BundleDir"]):
            assert local(f["Source"]).is_file(), f["Source"]
        assert f["DestDir"].startswith("{app}")


def test_shortcuts_and_commands_point_at_installed_files(iss):
    defines, sections = iss
    installed = installed_names(sections)
    tasks = {t["Name"] for t in sections["Tasks"]}
    for item in sections["Icons"] + sections["Run"] + sections["UninstallRun"]:
        target = item["Filename"]
        if target.startswith("{app}"):
            assert target in installed, target
        else:
            assert target.startswith("{sys}\\"), target
        for path in re.findall(r'"(\{app\}\\[^"]+)"', item.get("Parameters", "")):
            assert path in installed, path
        for name in re.findall(r"\w+", item.get("Tasks", "")):
            assert name == "not" or name in tasks, name
    assert {i["Name"].split("\\")[0] for i in sections["Icons"]} == {"{autoprograms}", "{autodesktop}"}
    # Shortcuts start the windowed executable; the sync task belongs to the user who ran the installer.
    assert all(i["Filename"] == "{app}\\" + defines["GuiExe"] for i in sections["Icons"])
    sync = [r for r in sections["Run"] if r.get("Tasks") == "nightlysync"]
    assert len(sync) == 1 and "runasoriginaluser" in sync[0]["Flags"].split()
    assert any(defines["SyncTaskName"] in r["Parameters"] for r in sections["UninstallRun"])


def test_every_message_used_is_defined(iss):
    defines, sections = iss
    languages = {lang["Name"] for lang in sections["Languages"]}
    defined = {tuple(line.split("=", 1)[0].split(".", 1)) for line in sections["CustomMessages"]}
    used = set(re.findall(r"\{cm:(\w+)", ISS.read_text(encoding="utf-8-sig")))
    assert used and {(lang, m) for lang in languages for m in used} <= defined


def test_nightly_task_runs_the_documented_sync_command(iss):
    defines, _ = iss
    script = (WINDOWS / "register-sync-task.ps1").read_text(encoding="utf-8-sig")
    assert '-Argument "sync --until-empty"' in script and "-StartWhenAvailable" in script
    assert f'"{defines["SyncTaskName"]}"' in script
    args = build_parser().parse_args(["sync", "--until-empty"])
    assert args.command == "sync" and args.until_empty is True


def test_build_steps_use_the_same_spec_and_script():
    for doc in (WINDOWS / "BUILD.md", WINDOWS / "build.ps1"):
        text = doc.read_text(encoding="utf-8")
        assert "installer\\motcua.spec" in text and "installer\\windows\\motcua.iss" in text, doc.name
        assert "/DAppVersion=" in text and '".[bundle]"' in text, doc.name


@pytest.mark.slow
def test_bundle_files_named_by_the_script_exist_in_the_built_bundle(iss, bundle):
    """The script's view of dist/motcua matches what the spec builds (executables get .exe on Windows)."""
    defines, sections = iss
    spec = SPEC.read_text(encoding="utf-8")
    assert f'NAME = "{Path(defines["ConsoleExe"]).stem}"' in spec
    assert f'GUI_NAME = "{Path(defines["GuiExe"]).stem}"' in spec and "executable(GUI_NAME, console=False)" in spec
    for f in sections["Files"]:
        source = f["Source"]
        if not source.startswith(defines["BundleDir"]):
            continue
        rel = source[len(defines["BundleDir"]) + 1:].replace("\\", "/")
        if rel == defines["ConsoleExe"]:
            assert bundle.exe.is_file()
        elif rel == defines["GuiExe"]:
            continue  # built only on Windows, from the same Analysis (checked in the spec above)
        elif rel.endswith("/*"):
            folder = bundle.folder / rel[:-2]
            assert folder.is_dir() and any(folder.iterdir()), rel
        else:
            assert (bundle.folder / rel).is_file(), rel
