; Một Cửa — Windows installer script for Inno Setup 6.3 or later (saved as UTF-8 with BOM).
;
; Build the bundle first (dist\motcua, see BUILD.md), then from the repository root:
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\motcua.iss
; The result is dist\MotCua-<version>-setup.exe.
;
; What it does: installs the one-folder bundle per machine in Program Files, Start-menu and optional
; desktop shortcuts, optionally registers the nightly sync in Task Scheduler for the user who ran the
; installer, and upgrades in place. Data never lives here: the program keeps it in the user's
; %LOCALAPPDATA%\MotCuaDesk (platformdirs), so an upgrade or an uninstall leaves it alone; on first open
; after an upgrade the program backs the database up and then migrates its schema.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Một Cửa"
#define BundleDir "..\..\dist\motcua"
#define ConsoleExe "motcua.exe"
#define GuiExe "motcua-desk.exe"
#define SyncTaskName "Mot Cua - dong bo hang dem"
#define SyncTime "21:00"

[Setup]
; The AppId ties every version together: a new setup finds the old install and replaces it in place.
AppId={{5B0E4F7A-2C1D-4E8B-9A36-7D41C2E9F0B3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Một Cửa desk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\MotCua
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UsePreviousTasks=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=MotCua-{#AppVersion}-setup
SetupIconFile=motcua.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running copy is asked to close (Restart Manager) before its files are replaced.
CloseApplications=yes
RestartApplications=no
SetupLogging=yes

[Languages]
; Inno Setup does not ship Vietnamese; drop the translators' Vietnamese.isl into its Languages folder to
; get Vietnamese wizard buttons. Our own texts below are Vietnamese either way.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#else
Name: "vi"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
vi.GroupShortcuts=Lối tắt:
vi.TaskDesktop=Tạo lối tắt «Một Cửa» trên màn hình nền
vi.GroupSync=Đồng bộ với hệ thống một cửa của tỉnh:
vi.TaskSync=Tự động đồng bộ mỗi tối lúc {#SyncTime} (chạy bù khi máy mở lại nếu lỡ giờ)
vi.LaunchApp=Mở Một Cửa ngay
vi.RegisteringSync=Đang đăng ký lịch đồng bộ hằng đêm…
vi.SelfCheck=Đang kiểm tra bản cài…

[Tasks]
Name: "desktopicon"; Description: "{cm:TaskDesktop}"; GroupDescription: "{cm:GroupShortcuts}"
Name: "nightlysync"; Description: "{cm:TaskSync}"; GroupDescription: "{cm:GroupSync}"; Flags: unchecked

[InstallDelete]
; The previous version's libraries go before the new ones are copied, so no stale file shadows a new one.
; Only the program folder is touched; the data folder is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\{#ConsoleExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\{#GuiExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "register-sync-task.ps1"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\docs\install.md"; DestDir: "{app}\docs"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; IconFilename: "{app}\{#GuiExe}"; Comment: "Tiếp nhận và trả kết quả hồ sơ"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; IconFilename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Run]
; A bundle that cannot start is caught here rather than at the counter.
Filename: "{app}\{#ConsoleExe}"; Parameters: "--version"; StatusMsg: "{cm:SelfCheck}"; Flags: runhidden waituntilterminated
; The sync task belongs to the user who ran the installer: the data folder, the sync token and the
; database key all live in that user's profile, so it runs as that user, only while they are signed in.
Filename: "{sys}\WindowsPowerShell\v1.0\powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\register-sync-task.ps1"" -Exe ""{app}\{#GuiExe}"" -TaskName ""{#SyncTaskName}"" -At {#SyncTime}"; StatusMsg: "{cm:RegisteringSync}"; Tasks: nightlysync; Flags: runasoriginaluser runhidden waituntilterminated
; Unticking the task on an upgrade removes a schedule registered by an earlier install.
Filename: "{sys}\WindowsPowerShell\v1.0\powershell.exe"; Parameters: "-NoProfile -ExecutionPolicy Bypass -File ""{app}\register-sync-task.ps1"" -TaskName ""{#SyncTaskName}"" -Remove"; Tasks: not nightlysync; Flags: runasoriginaluser runhidden waituntilterminated
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchApp}"; Flags: postinstall nowait skipifsilent

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /TN ""{#SyncTaskName}"" /F"; Flags: runhidden; RunOnceId: "RemoveSyncTask"

; No [UninstallDelete] for data on purpose: %LOCALAPPDATA%\MotCuaDesk (database, backups, logs) stays after
; an uninstall, so reinstalling or upgrading never loses a dossier.
