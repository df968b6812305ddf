#!/usr/bin/env bash
# Builds the documentation and checks it: the book (mdBook, docs/) into
# $CARGO_TARGET_DIR/book with every internal link and anchor resolved
# offline, and the Rust API documentation of the library crates with
# warnings as errors, and the architecture diagrams current. With --screenshots it first copies the screenshots the
# book shows, and the text of each screen, from the last end-to-end run (scripts/e2e.sh) into docs/screenshots;
# scripts/check-screenshots.py (run by test.sh after the end-to-end run) fails when they are not that run's.
# The command examples of the book run in `cargo test -p hpi-cli --test docs`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if [ "${1:-}" = --screenshots ]; then
  python3 scripts/check-screenshots.py --refresh
fi
# The architecture diagrams are drawn from the code; they must be current.
drawn=$(mktemp -d)
trap 'rm -rf "$drawn"' EXIT
python3 scripts/diagrams.py "$drawn"
for svg in crates.svg data-flow.svg; do
  cmp -s "$drawn/$svg" "docs/architecture/$svg" ||
    { echo "docs/architecture/$svg is out of date: python3 scripts/diagrams.py docs/architecture" >&2; exit 1; }
done
book="$CARGO_TARGET_DIR/book"
rm -rf "$book"
mdbook build docs -d "$book"
python3 scripts/check-links.py "$book"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -q \
  -p hpi-engine -p hpi-store -p hpi-report -p hpi-usecases -p hpi-synth
echo "docs: book built in $book, links checked; API documentation built without warnings"
