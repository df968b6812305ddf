# Sourced by start.sh, test.sh, e2e.sh and .ci/run: installs what building
# HPI Studio needs on Debian 12 when it is missing, and points cargo at a
# target folder outside the clone so that builds are shared between clones
# and CI runs.
need=()
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v curl >/dev/null 2>&1 || need+=(curl ca-certificates)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
# The desktop app: WebKitGTK and friends (Tauri's Linux prerequisites).
pkg-config --exists webkit2gtk-4.1 2>/dev/null ||
  need+=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev libxdo-dev file)
# End-to-end tests: a virtual display and WebKit's WebDriver.
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb xauth)
command -v WebKitWebDriver >/dev/null 2>&1 || need+=(webkit2gtk-driver)
# PDF report tests render pages and read text back with Poppler.
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# The screenshot check compares pictures with Pillow, run by Debian's own Python.
/usr/bin/python3 -c 'import PIL' >/dev/null 2>&1 || need+=(python3-pil)
# The server's Python client example (docs/server.md) runs in the tests with requests.
/usr/bin/python3 -c 'import requests' >/dev/null 2>&1 || need+=(python3-requests)
# ... and its R example with httr2 (which needs jsonlite for JSON bodies).
Rscript -e 'library(httr2); library(jsonlite)' >/dev/null 2>&1 || need+=(r-cran-httr2 r-cran-jsonlite)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
if ! command -v cargo >/dev/null 2>&1; then
  if [ ! -x "$HOME/.cargo/bin/cargo" ]; then
    # Debian 12's own Rust is too old for the dependencies; rustup installs a current one.
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
      sh -s -- -y --profile minimal --component rustfmt,clippy
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hpi-studio/target}"
# The documentation (and the Help window, which ships it) is built with mdBook.
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v0.5.4" ]; then
  cargo install mdbook --locked --version 0.5.4 --no-default-features --features search
fi
# The web UI's packages, exactly as locked.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# The desktop crate embeds the built UI when it compiles (clippy and tests too).
[ -f ui/dist/index.html ] || npm run --silent build >/dev/null
