<#
.SYNOPSIS
Builds dist\motcua (PyInstaller) and dist\MotCua-<version>-setup.exe (Inno Setup) on Windows.

.DESCRIPTION
Steps 2-4 of installer\windows\BUILD.md in one go, from any folder. Needs Python 3.11+ (py launcher)
and Inno Setup 6.3+. Stops at the first failing step.
#>
param(
    [string] $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

function Step([string] $What, [scriptblock] $Run) {
    Write-Output "== $What"
    & $Run
    if ($LASTEXITCODE -ne 0) { throw "Failed: $What (exit $LASTEXITCODE)" }
}

if (-not (Test-Path ".venv\Scripts\python.exe")) { Step "venv" { py -3.11 -m venv .venv } }
Step "build tools" { .venv\Scripts\python -m pip install -q -e ".[bundle]" }
Step "bundle" { .venv\Scripts\pyinstaller --noconfirm --clean --log-level WARN --distpath dist `
    --workpath build\pyinstaller installer\motcua.spec }
$Version = ((& dist\motcua\motcua.exe --version) -split " ")[1]
Step "smoke: version $Version" { dist\motcua\motcua.exe --version }
$Smoke = Join-Path $env:TEMP "motcua-smoke-$PID"
Step "smoke: init" { dist\motcua\motcua.exe --data-dir $Smoke init --agency-code 000.17.22.H56 `
    --agency-name "Trung tam Phuc vu hanh chinh cong xa Tan Lap" }
Step "smoke: selftest" { dist\motcua\motcua.exe --data-dir $Smoke selftest }
Remove-Item -Recurse -Force $Smoke
if (-not (Test-Path $Iscc)) { throw "Inno Setup not found at $Iscc (install Inno Setup 6.3+ or pass -Iscc)." }
Step "installer" { & $Iscc "/DAppVersion=$Version" installer\windows\motcua.iss }
Write-Output "Built dist\MotCua-$Version-setup.exe"
