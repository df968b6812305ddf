"""Checks that the screenshots the book shows are the ones the last end-to-end run took.

Every `screenshots/NAME.png` a page under docs/ names must have a counterpart
from the last run of scripts/e2e.sh (in $CARGO_TARGET_DIR/e2e-screenshots),
and the two must show the same screen:

- the same text: the window's text saved beside each screenshot (NAME.txt),
  with every run of digits read as one number, because times, durations and
  progress differ from run to run while labels, messages and layout must not;
- the same picture: equal size, and at most MAX_CHANGED of the pixels changed
  by more than NOISE in some channel (font smoothing and a focus ring move a
  few pixels; a moved panel or a new control moves many).

Usage: python3 scripts/check-screenshots.py [--refresh] [DOCS [SHOTS]]
With --refresh it copies those screenshots and texts into DOCS/screenshots
instead (what `bash scripts/docs.sh --screenshots` runs).
"""

import difflib
import os
import re
import shutil
import sys
from pathlib import Path

NOISE = 48
MAX_CHANGED = 0.005
REFRESH = "refresh them from the last run with: bash scripts/docs.sh --screenshots"


def shown(docs: Path) -> list[str]:
    """The screenshot names the pages show, each once."""
    names = set()
    for page in docs.rglob("*.md"):
        names.update(re.findall(r"screenshots/([A-Za-z0-9_-]+)\.png", page.read_text(encoding="utf-8")))
    return sorted(names)


def normal(text: str) -> list[str]:
    return [re.sub(r"\d+", "#", line.rstrip()) for line in text.splitlines()]


def changed_share(a: Path, b: Path) -> float | None:
    """The share of pixels that differ visibly, or None when the sizes differ."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        sys.exit("check-screenshots: Pillow is missing (Debian: apt-get install python3-pil; run with /usr/bin/python3)")
    first, second = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
    if first.size != second.size:
        return None
    diff = ImageChops.difference(first, second).convert("L").point(lambda v: 255 if v > NOISE else 0)
    return diff.histogram()[255] / (first.size[0] * first.size[1])


def refresh(docs: Path, shots: Path) -> list[str]:
    """Copies the screenshots the book shows, with their texts, from the last run into the book."""
    names = shown(docs)
    for name in names:
        for suffix in (".png", ".txt"):
            shutil.copyfile((shots / name).with_suffix(suffix), (docs / "screenshots" / name).with_suffix(suffix))
    return names


def check(docs: Path, shots: Path) -> list[str]:
    problems = []
    names = shown(docs)
    if not names:
        return [f"no page under {docs} shows a screenshot"]
    for name in names:
        kept, fresh = docs / "screenshots" / name, shots / name
        missing = [p for p in (fresh.with_suffix(".png"), fresh.with_suffix(".txt")) if not p.exists()]
        if missing:
            problems.append(f"{name}: the last end-to-end run did not take it ({missing[0]} is missing)")
            continue
        if not kept.with_suffix(".txt").exists():
            problems.append(f"{name}: the book has no text for it ({kept.with_suffix('.txt')})")
            continue
        old = normal(kept.with_suffix(".txt").read_text(encoding="utf-8"))
        new = normal(fresh.with_suffix(".txt").read_text(encoding="utf-8"))
        if old != new:
            diff = "\n".join(difflib.unified_diff(old, new, "book", "last run", n=1, lineterm=""))
            problems.append(f"{name}: the screen's text has changed since the book's copy was taken:\n{diff}")
        share = changed_share(kept.with_suffix(".png"), fresh.with_suffix(".png"))
        if share is None:
            problems.append(f"{name}: the last run's screenshot has another size")
        elif share > MAX_CHANGED:
            problems.append(f"{name}: {share:.2%} of the pixels differ from the last run's (at most {MAX_CHANGED:.1%})")
        else:
            print(f"  {name}: same text, {share:.3%} of pixels differ")
    return problems


def main() -> int:
    args = sys.argv[1:]
    copy = args[:1] == ["--refresh"]
    args = args[1:] if copy else args
    docs = Path(args[0] if args else "docs")
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    shots = Path(args[1] if len(args) > 1 else os.path.join(target, "e2e-screenshots"))
    if copy:
        print(f"docs: {len(refresh(docs, shots))} screenshots refreshed from {shots}")
        return 0
    problems = check(docs, shots)
    for problem in problems:
        print(f"check-screenshots: {problem}", file=sys.stderr)
    if problems:
        print(f"check-screenshots: the book's screenshots are not the last run's; {REFRESH}", file=sys.stderr)
        return 1
    print(f"screenshots: the {len(shown(docs))} the book shows match the last end-to-end run ({shots})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
