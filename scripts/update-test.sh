#!/usr/bin/env bash
# The updater end to end on loopback, as an analyst's machine meets it:
# version N, built with a public key made for this test and installed from its
# .deb, finds N+1 through a latest.json served on 127.0.0.1 (written by the
# release workflow's own script), installs it and comes back as N+1. A
# tampered package and a package signed with another key are refused and N
# keeps running; with updates turned off by policy no request is made.
# The test builds use tests/update/tauri.test.conf.json: the one config that
# allows plain http, because the loopback server has no certificate.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
# The updater installs a .deb through pkexec, a password dialog or sudo;
# test machines have sudo (root needs no password).
command -v sudo >/dev/null 2>&1 || {
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sudo
}
fail() { echo "update test: $*" >&2; exit 1; }

work=$(mktemp -d)
server=""
package=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  pkill -f '^/usr/bin/hpi-studio' 2>/dev/null || true
  # A failed run must not leave N+1 installed for the next run to downgrade.
  [ -z "$package" ] || $sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

current=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
next=$(python3 -c 'import sys; a, b, c = sys.argv[1].split("-")[0].split("."); print(f"{a}.{b}.{int(c) + 1}")' "$current")

# Keys made for this test: the one N trusts, and another.
npx tauri signer generate --ci -p "" -w "$work/test.key" >/dev/null
npx tauri signer generate --ci -p "" -w "$work/other.key" >/dev/null
python3 - "$work" "$next" <<'EOF'
import json, pathlib, sys
work, next_version = pathlib.Path(sys.argv[1]), sys.argv[2]
config = json.loads(pathlib.Path("tests/update/tauri.test.conf.json").read_text())
config["plugins"]["updater"]["pubkey"] = (work / "test.key.pub").read_text().strip()
(work / "n.conf.json").write_text(json.dumps(config))
config["version"] = next_version
(work / "next.conf.json").write_text(json.dumps(config))
EOF

bundle="$CARGO_TARGET_DIR/debug/bundle/deb"
build() { # config, version → the .deb's path in $work
  rm -f "$bundle"/*.deb
  npx tauri build --debug --bundles deb --config "$1"
  cp "$bundle/HPI Studio_$2_amd64.deb" "$work/$2.deb"
}
build "$work/n.conf.json" "$current"
build "$work/next.conf.json" "$next"

# The loopback server: one folder per scenario, each with its latest.json.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
feed="http://127.0.0.1:$port"
asset="HPI.Studio_${next}_amd64.deb" # as GitHub names the release asset
# Notes as the release workflow takes them from CHANGELOG.md.
printf '# Changelog\n\n## [%s] - 2026-11-22\n\n### Added\n- A loopback release made by\n  `scripts/update-test.sh`.\n\n### Fixed\n- Nothing.\n' \
  "$next" > "$work/CHANGELOG.md"
python3 .github/scripts/release_notes.py "$next" "$work/CHANGELOG.md" > "$work/notes.md"
publish() { # scenario, key → www/scenario with the package, its signature and latest.json
  local dir="$work/www/$1"
  mkdir -p "$dir"
  cp "$work/$next.deb" "$dir/$asset"
  npx tauri signer sign -f "$work/$2" -p "" --app-version "$next" "$dir/$asset" >/dev/null
  echo "$asset" > "$dir/names.txt"
  python3 .github/scripts/latest_json.py --version "$next" --notes "$work/notes.md" --assets "$dir" \
    --base-url "$feed/$1" > "$dir/latest.json"
}
publish good test.key
publish otherkey other.key
publish tampered test.key
# Changed after signing: one byte near the end, past the headers that say "deb".
python3 - "$work/www/tampered/$asset" <<'EOF'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
data[-100] ^= 0xFF
open(path, "wb").write(data)
EOF
mkdir -p "$work/www/off"
cp "$work/www/good/latest.json" "$work/www/off/latest.json"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" 2> "$work/requests.log" &
server=$!
for _ in $(seq 50); do curl -fsS "$feed/good/latest.json" >/dev/null 2>&1 && break; sleep 0.1; done
: > "$work/requests.log"

# N installed as an administrator would.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall --allow-downgrades "$work/$current.deb"
package=$(dpkg-deb -f "$work/$current.deb" Package)
[ "$(dpkg-query -W -f '${Version}' "$package")" = "$current" ] || fail "version $current is not installed"

UPDATE_FEED="$feed" UPDATE_CURRENT="$current" UPDATE_NEXT="$next" UPDATE_REQUESTS="$work/requests.log" \
  UPDATE_PACKAGE="$package" HPI_STUDIO_APP=/usr/bin/hpi-studio \
  xvfb-run --auto-servernum --server-args="$xvfb_args" \
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/update.test.mjs

$sudo env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package"
# The test builds must not be mistaken for the app as shipped.
rm -f "$bundle"/*.deb
echo "update test: $current found, installed and restarted as $next over $feed; tampered and foreign packages refused"
