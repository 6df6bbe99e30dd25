; Inno Setup 6 script: the Windows installer for desk (per-machine install).
; NOT BUILT OR TESTED in desk's CI (no Windows runner); see installer/README.md for the steps.
;
;   1. on Windows: scripts\build-app is bash; run instead
;        py -3.11 -m venv .venv && .venv\Scripts\pip install -e ".[gui,build]"
;        .venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\desk.spec
;      which makes dist\desk\ (desk.exe with a console for the CLI, deskw.exe without, for the Start menu)
;   2. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\desk.iss
;      which makes dist\desk-0.1.0-setup.exe
;
; The user's database and settings are NOT in the install folder: desk keeps them in the
; per-user folders (%LOCALAPPDATA%\desk\desk.sqlite3, settings in %LOCALAPPDATA%\desk),
; which this installer never writes and its uninstaller never deletes (no [UninstallDelete]
; entry names them). Uninstalling removes only the files installed under {app}.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define SourceDir "..\..\dist\desk"

[Setup]
AppId={{6F4C1E2A-6A43-4F0B-9E55-0D5E3C8A7B21}
AppName=desk
AppVersion={#AppVersion}
AppPublisher=desk maintainers
DefaultDirName={autopf}\desk
DefaultGroupName=desk
DisableProgramGroupPage=yes
; per-machine: installs into Program Files for every user, needs administrator rights
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=desk-{#AppVersion}-setup
#if FileExists(AddBackslash(SourcePath) + "desk.ico")
SetupIconFile=desk.ico
#endif
UninstallDisplayIcon={app}\deskw.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; SignTool=desksign $f   ; see installer/README.md (code signing)

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\desk"; Filename: "{app}\deskw.exe"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\desk"; Filename: "{app}\deskw.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\deskw.exe"; Description: "{cm:LaunchProgram,desk}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the user's database (%LOCALAPPDATA%\desk) stays.
