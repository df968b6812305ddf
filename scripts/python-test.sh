#!/usr/bin/env bash
# The Python package (python/): installed with `pip install ./python` into a
# virtual environment in the shared cache, then its pytest suite, which
# compares it with the real `hpi` binary and runs the Spark test on a local
# cluster of two executor processes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
venv="${HPI_VENV:-$HOME/.cache/hpi-studio/venv}"
if [ ! -x "$venv/bin/python" ]; then
  step "creating a Python virtual environment in $venv"
  python3 -m venv "$venv"
fi
step "installing the tests' Python packages (pytest, pandas, pyarrow, polars, pyspark; from PyPI the first time)"
"$venv/bin/pip" install --disable-pip-version-check --progress-bar off -q -r python/tests/requirements.txt
step "building the hpi CLI the tests compare with"
cargo build --workspace --locked --bin hpi
# The wheel is built with the dev profile here, reusing the workspace's debug
# dependencies: a release build of polars alone takes a quarter of an hour on
# two cores. Users' `pip install ./python` (and the release wheels) are release
# builds of the same code; floating-point results do not depend on the profile.
step "building and installing the Python package (pip install ./python; cargo shows each crate)"
MATURIN_PEP517_ARGS="--profile dev --locked" "$venv/bin/pip" install --disable-pip-version-check -v ./python 2>&1 |
  grep --line-buffered -E '^ *(Compiling|Finished|Built wheel|error|warning: unused)|Successfully installed' >&2 || true
"$venv/bin/python" -c 'import hpi_studio' # fails here, not in every test, when the build did
step "pytest (python/tests)"
cd python/tests
HPI_BIN="$CARGO_TARGET_DIR/debug/hpi" "$venv/bin/python" -m pytest -q -p no:cacheprovider
