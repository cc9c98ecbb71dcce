; Inno Setup script for rrdesk on Windows (not run in CI).
; First build the bundle: pyinstaller installer/rrdesk.spec  (gives dist\rrdesk\)
; then compile this script: iscc installer\rrdesk.iss  (gives dist\rrdesk-setup-<version>.exe)
; Vaults live in the user's own data folder, never under {app}: uninstalling removes the
; program only, never a vault.

#define AppName "rrdesk"
; AppVersion: keep in step with rrdesk/__init__.py
#define AppVersion "0.1.0"
#define AppExe "rrdesk.exe"

[Setup]
AppId={{6B0F3E8C-4E7A-4C36-9E7B-2D7C1E5A9F41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=rrdesk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Office laptops rarely grant admin rights: install for the current user unless asked.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=rrdesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\rrdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
