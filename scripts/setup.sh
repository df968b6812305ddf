# Sourced by start.sh, test.sh, e2e.sh and .ci/run: installs what building
# HPI Studio needs on Debian 12 when it is missing, and points cargo at a
# target folder outside the clone so that builds are shared between clones
# and CI runs. Each step that takes time says so on standard error and shows
# its tool's own progress: a first run on a fresh machine takes many minutes.
step() { echo "== $*" >&2; }
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
# The Python package's tests: a virtual environment, and Java for the local Spark cluster.
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  step "installing Debian packages: ${need[*]}"
  $sudo apt-get update -q >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
fi
if ! command -v cargo >/dev/null 2>&1; then
  if [ ! -x "$HOME/.cargo/bin/cargo" ]; then
    # Debian 12's own Rust is too old for the dependencies; rustup installs a current one.
    step "installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
      sh -s -- -y --profile minimal --component rustfmt,clippy >&2
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hpi-studio/target}"
# The documentation (and the Help window, which ships it) is built with mdBook.
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v0.5.4" ]; then
  step "building mdBook 0.5.4 for the documentation (a few minutes, once)"
  cargo install mdbook --locked --version 0.5.4 --no-default-features --features search
fi
# The web UI's packages, exactly as locked.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing the UI's npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
# The desktop crate embeds the built UI when it compiles (clippy and tests too).
if [ ! -f ui/dist/index.html ]; then
  step "building the UI (vite)"
  npm run --silent build >&2
fi
# The virtual display of the end-to-end tests. -noreset: by default Xvfb resets when its
# last client leaves, and an app that restarts itself (the update test) or the next test's
# app can find the display gone for that moment ("Failed to initialize GTK").
xvfb_args="-screen 0 1400x900x24 -noreset"
