<#
.SYNOPSIS
Registers, or removes, the nightly "motcua sync --until-empty" for the current Windows user.

.DESCRIPTION
The installer runs this as the user who started it (not as the elevated administrator), because the
data folder (%LOCALAPPDATA%\MotCuaDesk), the sync token and the database key all live in that user's
profile. The task runs daily at -At while that user is signed in, and as soon as possible after a
missed start (the desk computer was off at that hour). It starts the windowed executable, so no console
window flashes over the clerk's work; the outcome is in Task Scheduler's "Last Run Result" (0 all
sent, 1 some rejected, 2 unreachable or fatal) and in %LOCALAPPDATA%\MotCuaDesk\logs\motcua.log.

IT staff can run it by hand too:
  powershell -NoProfile -ExecutionPolicy Bypass -File register-sync-task.ps1 -Exe "C:\Program Files\MotCua\motcua-desk.exe"
  powershell -NoProfile -ExecutionPolicy Bypass -File register-sync-task.ps1 -Remove
#>
param(
    [string] $Exe = "",
    [string] $TaskName = "Mot Cua - dong bo hang dem",
    [string] $At = "21:00",
    [switch] $Remove
)
$ErrorActionPreference = "Stop"

if ($Remove) {
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false -ErrorAction SilentlyContinue
    exit 0
}
if (-not $Exe -or -not (Test-Path -LiteralPath $Exe)) {
    Write-Error "Không thấy chương trình Một Cửa tại «$Exe». Hãy chỉ đúng đường dẫn motcua-desk.exe bằng -Exe."
    exit 1
}

$user = [System.Security.Principal.WindowsIdentity]::GetCurrent().Name
$action = New-ScheduledTaskAction -Execute $Exe -Argument "sync --until-empty" -WorkingDirectory (Split-Path -Parent $Exe)
$trigger = New-ScheduledTaskTrigger -Daily -At $At
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
    -RunOnlyIfNetworkAvailable -MultipleInstances IgnoreNew -ExecutionTimeLimit (New-TimeSpan -Hours 2)
$principal = New-ScheduledTaskPrincipal -UserId $user -LogonType Interactive -RunLevel Limited
Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings `
    -Principal $principal -Description "Một Cửa: gửi các hồ sơ chờ đồng bộ lên hệ thống một cửa của tỉnh." -Force | Out-Null
Write-Output "Đã đăng ký «$TaskName» cho $user, hằng ngày lúc $At."
