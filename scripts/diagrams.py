"""Draws the architecture page's diagrams as SVG, offline:
- crates.svg, the workspace's crate graph from `cargo metadata`, so it shows
  the dependencies as they are: each crate with its description and main
  libraries, an arrow to each crate it depends on directly (arrows implied by
  others left out), users at the top;
- data-flow.svg, the way of a run from the user's files to the report, with
  the engine's stages named as the app shows them (read from the engine).

Usage: diagrams.py DIR   (scripts/docs.sh fails when docs/architecture/
differs from a fresh drawing)
"""
import json
import subprocess
import sys
import textwrap
from html import escape

NOTABLE = ["tauri", "clap", "typst", "plotters", "polars", "rusqlite", "calamine", "rust_xlsxwriter",
           "nalgebra", "rayon", "ts-rs", "tauri-plugin-updater", "pyo3"]
BOX_W, BOX_H, ROW_H, WIDTH, TOP = 270, 86, 130, 900, 30


def graph():
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--no-deps", "--format-version", "1", "--locked"], text=True))
    packages = {p["name"]: p for p in meta["packages"]}
    deps = {name: sorted({d["name"] for d in p["dependencies"] if d["name"] in packages and d["kind"] is None})
            for name, p in packages.items()}
    libs = {name: [n for n in NOTABLE if any(d["name"] == n and d["kind"] is None for d in p["dependencies"])]
            for name, p in packages.items()}
    about = {name: textwrap.wrap((p.get("description") or "").removeprefix("HPI Studio: ").replace("`", ""), 40)[:2]
             for name, p in packages.items()}
    return deps, libs, about


def reach(deps, a, seen=None):
    seen = set() if seen is None else seen
    for b in deps[a]:
        if b not in seen:
            seen.add(b)
            reach(deps, b, seen)
    return seen


def route(a, b, pos):
    """From the bottom of a to the top of b; past the boxes of the rows between, beside them."""
    (xa, ya), (xb, yb) = pos[a], pos[b]
    start, end = (xa, ya + BOX_H / 2), (xb, yb - BOX_H / 2)
    between = [(x, y) for n, (x, y) in pos.items() if ya < y < yb]
    if not between:
        return f"{start[0]:.0f},{start[1]:.0f} {end[0]:.0f},{end[1]:.0f}"
    lane = xa
    for x, _ in between:
        if abs(lane - x) <= BOX_W / 2 + 10:
            lane = x - BOX_W / 2 - 20 if xb <= x else x + BOX_W / 2 + 20
    first, last = min(y for _, y in between), max(y for _, y in between)
    points = [start, (lane, first - BOX_H / 2 - 12), (lane, last + BOX_H / 2 + 12), end]
    return " ".join(f"{x:.0f},{y:.0f}" for x, y in points)


def draw(deps, libs, about):
    rank = {}

    def level(n):
        if n not in rank:
            rank[n] = 1 + max((level(d) for d in deps[n]), default=-1)
        return rank[n]

    for n in deps:
        level(n)
    top = max(rank.values())
    rows = {}
    for n in sorted(deps):
        rows.setdefault(top - rank[n], []).append(n)
    pos = {}
    for row, names in rows.items():
        gap = WIDTH / len(names)
        for k, n in enumerate(names):
            pos[n] = (gap * k + gap / 2, TOP + row * ROW_H + BOX_H / 2)
    height = TOP + len(rows) * ROW_H
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
           'font-family="DejaVu Sans, Verdana, sans-serif" role="img" aria-label="HPI Studio crate graph">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#59636e"/></marker></defs>',
           f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    for a in sorted(deps):
        implied = set().union(*(reach(deps, b) for b in deps[a])) if deps[a] else set()
        for b in deps[a]:
            if b in implied:
                continue
            out.append(f'<polyline points="{route(a, b, pos)}" fill="none" stroke="#59636e" stroke-width="1.5" '
                       'marker-end="url(#arrow)"/>')
    for n, (x, y) in sorted(pos.items()):
        out.append(f'<rect x="{x - BOX_W / 2:.0f}" y="{y - BOX_H / 2:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8" '
                   'fill="#f6f7f9" stroke="#005ea8" stroke-width="1.5"/>')
        out.append(f'<text x="{x:.0f}" y="{y - 20:.0f}" text-anchor="middle" font-size="15" font-weight="bold" '
                   f'fill="#1f2328">{escape(n)}</text>')
        for k, line in enumerate(about[n]):
            out.append(f'<text x="{x:.0f}" y="{y - 2 + 14 * k:.0f}" text-anchor="middle" font-size="11" '
                       f'fill="#1f2328">{escape(line)}</text>')
        if libs[n]:
            out.append(f'<text x="{x:.0f}" y="{y + 32:.0f}" text-anchor="middle" font-size="10.5" fill="#59636e">'
                       f'{escape(", ".join(libs[n][:4]))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def stages():
    """The engine's stage labels, in order, from its source."""
    import re
    text = open("crates/hpi-engine/src/progress.rs", encoding="utf-8").read()
    return re.findall(r'Stage::\w+ => "([^"]+)"', text)


def flow():
    steps = [("CSV, Excel or Parquet files", "the user's data"),
             ("Import: every row checked, one transaction", "hpi-store"),
             ("The project file (SQLite): data and every run", "hpi-store"),
             ("Load the project's sales, tracts and attributes", "hpi-store"),
             *[(label, "hpi-engine") for label in stages()],
             ("Save the run with its parameters and results", "hpi-usecases"),
             ("Charts, exports, HTML and PDF reports", "hpi-report")]
    w, h, gap, x = 440, 40, 18, 230
    height = 20 + len(steps) * (h + gap)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
           'font-family="DejaVu Sans, Verdana, sans-serif" role="img" aria-label="How a run flows through HPI Studio">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#59636e"/></marker></defs>',
           f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    for k, (label, owner) in enumerate(steps):
        y = 10 + k * (h + gap)
        engine = owner == "hpi-engine"
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{"#e8f1fa" if engine else "#f6f7f9"}" '
                   'stroke="#005ea8" stroke-width="1.2"/>')
        out.append(f'<text x="{x + w / 2:.0f}" y="{y + 25}" text-anchor="middle" font-size="13" fill="#1f2328">'
                   f'{escape(label)}</text>')
        out.append(f'<text x="{x + w + 16}" y="{y + 25}" font-size="12" fill="#59636e">{escape(owner)}</text>')
        if k:
            out.append(f'<line x1="{x + w / 2:.0f}" y1="{y - gap}" x2="{x + w / 2:.0f}" y2="{y}" stroke="#59636e" '
                       'stroke-width="1.5" marker-end="url(#arrow)"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import pathlib
    folder = pathlib.Path(sys.argv[1])
    (folder / "crates.svg").write_text(draw(*graph()), encoding="utf-8")
    (folder / "data-flow.svg").write_text(flow(), encoding="utf-8")
