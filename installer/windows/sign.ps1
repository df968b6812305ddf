# bundle.windows.signCommand: signs one file (the app, then each installer)
# with the Authenticode certificate in WINDOWS_CERTIFICATE (base64 PFX).
# Tauri signs before it writes the updater signature, so the updater's
# signature covers the signed file.
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = "Stop"
if (-not $env:WINDOWS_CERTIFICATE) {
  if ($env:HPI_ALLOW_UNSIGNED -eq "1") { Write-Warning "not signing $File (HPI_ALLOW_UNSIGNED=1)"; exit 0 }
  throw "WINDOWS_CERTIFICATE is not set: release builds must be signed (set HPI_ALLOW_UNSIGNED=1 for a test build)"
}
$pfx = Join-Path $env:RUNNER_TEMP "hpi-studio-signing.pfx"
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE))
try {
  $signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
    Sort-Object FullName -Descending | Select-Object -First 1
  & $signtool.FullName sign /f $pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd sha256 `
    /tr http://timestamp.digicert.com /td sha256 /d "HPI Studio" $File
  if ($LASTEXITCODE -ne 0) { throw "signtool failed on $File" }
} finally {
  Remove-Item $pfx -ErrorAction SilentlyContinue
}
