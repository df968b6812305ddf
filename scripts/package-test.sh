#!/usr/bin/env bash
# The Linux packages as users and administrators get them: checks the .deb and
# .rpm built by e2e.sh (files, desktop entry, AppStream metadata, MIME type),
# installs the .deb with apt, starts the installed app under Xvfb for the
# end-to-end smoke scenario, then uninstalls it and checks what is left.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
tools=()
command -v desktop-file-validate >/dev/null 2>&1 || tools+=(desktop-file-utils)
command -v appstreamcli >/dev/null 2>&1 || tools+=(appstream)
command -v rpm >/dev/null 2>&1 || tools+=(rpm)
if ((${#tools[@]})); then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tools[@]}"
fi
bundle="$CARGO_TARGET_DIR/debug/bundle"
ls "$bundle"/deb/*.deb "$bundle"/rpm/*.rpm >/dev/null 2>&1 || npx tauri build --debug --bundles deb,rpm
deb=$(ls -t "$bundle"/deb/*.deb | head -1)
rpm=$(ls -t "$bundle"/rpm/*.rpm | head -1)
echo "== $deb"
fail() { echo "package test: $*" >&2; exit 1; }

# What the packages hold.
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/hpi-studio usr/share/metainfo/org.hpistudio.desktop.metainfo.xml \
  usr/share/mime/packages/hpi-studio.xml usr/share/icons/hicolor/128x128/apps/hpi-studio.png; do
  grep -q " \.\?/\?$f\$" <<<"$contents" || fail "$f missing from $deb"
done
# The listing is read once, with rpm's own complaint kept: a failure says why.
rpm_files=$(rpm -qlp "$rpm" 2>&1) || fail "rpm cannot list $rpm: $rpm_files"
grep -qx /usr/bin/hpi-studio <<<"$rpm_files" || fail "/usr/bin/hpi-studio missing from $rpm"
grep -qx /usr/share/metainfo/org.hpistudio.desktop.metainfo.xml <<<"$rpm_files" ||
  fail "AppStream metadata missing from $rpm"
[ "$(dpkg-deb -f "$deb" Version)" = "$(rpm -qp --qf '%{VERSION}' "$rpm" 2>/dev/null)" ] || fail "deb and rpm versions differ"
unpacked=$(mktemp -d)
package=""
# A failed run leaves nothing installed (a package left behind would be a downgrade next time).
trap 'rm -rf "$unpacked"; [ -z "$package" ] || $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null 2>&1 || true' EXIT
dpkg-deb -x "$deb" "$unpacked"
desktop=$(ls "$unpacked"/usr/share/applications/*.desktop)
desktop-file-validate "$desktop"
grep -q '^MimeType=application/x-hpi-studio-project;$' "$desktop" || fail "the desktop entry does not open .hpiproj files"
appstreamcli validate --no-net --pedantic "$unpacked"/usr/share/metainfo/org.hpistudio.desktop.metainfo.xml ||
  fail "AppStream metadata does not validate"
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" \
  "$unpacked"/usr/share/metainfo/org.hpistudio.desktop.metainfo.xml || fail "AppStream launchable is not $(basename "$desktop")"

# Installed as an administrator would, then started as a user would.
package=$(dpkg-deb -f "$deb" Package)
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall --allow-downgrades "$deb"
[ -x /usr/bin/hpi-studio ] || fail "/usr/bin/hpi-studio not installed"
# The MIME database now knows .hpiproj (Debian's shared-mime-info trigger ran).
grep -q '^application/x-hpi-studio-project:\*\.hpiproj$' /usr/share/mime/globs 2>/dev/null ||
  [ ! -d /usr/share/mime ] || fail "the installed MIME type is not in /usr/share/mime/globs"
HPI_STUDIO_APP=/usr/bin/hpi-studio xvfb-run --auto-servernum --server-args="$xvfb_args" \
  node --test --test-concurrency=1 --test-reporter=spec --test-name-pattern="first launch" tests/e2e/app.test.mjs

# Uninstalled: the program goes, the users' projects and settings stay.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package"
[ ! -e /usr/bin/hpi-studio ] || fail "/usr/bin/hpi-studio left after removal"
[ ! -e /usr/share/mime/packages/hpi-studio.xml ] || fail "MIME type left after removal"
echo "package test: $package $(dpkg-deb -f "$deb" Version) built, installed, started and removed"
