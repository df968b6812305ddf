#!/usr/bin/env bash
# Builds the documentation and checks it: the book (mdBook, docs/) into
# $CARGO_TARGET_DIR/book with every internal link and anchor resolved
# offline, and the Rust API documentation of the library crates with
# warnings as errors. With --screenshots it first copies the screenshots the
# book shows from the last end-to-end run (scripts/e2e.sh) into docs/screenshots.
# The command examples of the book run in `cargo test -p hpi-cli --test docs`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if [ "${1:-}" = --screenshots ]; then
  shots="$CARGO_TARGET_DIR/e2e-screenshots"
  for name in $(grep -oh 'screenshots/[A-Za-z0-9_-]*\.png' docs/*.md | sort -u); do
    cp "$shots/$(basename "$name")" "docs/$name"
  done
  echo "docs: screenshots refreshed from $shots"
fi
mdbook_version=0.5.4
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$mdbook_version" ]; then
  cargo install mdbook --locked --version "$mdbook_version" --no-default-features --features search
fi
book="$CARGO_TARGET_DIR/book"
rm -rf "$book"
mdbook build docs -d "$book"
python3 scripts/check-links.py "$book"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -q \
  -p hpi-engine -p hpi-store -p hpi-report -p hpi-usecases -p hpi-synth
echo "docs: book built in $book, links checked; API documentation built without warnings"
