"""Prints the CHANGELOG.md section of one version (Keep a Changelog format).

Usage: release_notes.py VERSION CHANGELOG.md
"""
import re
import sys


def notes(version: str, text: str) -> str:
    heading = re.compile(r"^## \[([^\]]+)\]", re.M)
    sections = list(heading.finditer(text))
    for k, m in enumerate(sections):
        if m.group(1) == version:
            end = sections[k + 1].start() if k + 1 < len(sections) else len(text)
            body = text[m.end():end].split("\n", 1)[1] if "\n" in text[m.end():end] else ""
            return body.strip() + "\n"
    raise SystemExit(f"CHANGELOG.md has no section '## [{version}]': write the release notes first")


if __name__ == "__main__":
    version, path = sys.argv[1], sys.argv[2]
    sys.stdout.write(notes(version, open(path, encoding="utf-8").read()))
