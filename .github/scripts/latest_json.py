"""Writes the updater's latest.json from a release's assets.

The build jobs upload each installer with its minisign signature (`.sig`);
this reads the signatures and names the download of every platform the
updater knows: `{os}-{arch}` for the default installer and
`{os}-{arch}-{installer}` for each kind.

Usage: latest_json.py --version V --notes notes.md --assets DIR --base-url URL
(DIR holds the `.sig` files and names.txt, the release's asset names).
"""
import argparse
import datetime
import json
import pathlib
import sys

# (suffix of the updater bundle, os, arch, installer kind); the first kind of
# each os-arch is its default.
KINDS = [
    ("_x64_en-US.msi", "windows", "x86_64", "msi"),
    ("_x64-setup.exe", "windows", "x86_64", "nsis"),
    ("_aarch64.app.tar.gz", "darwin", "aarch64", "app"),
    ("_x64.app.tar.gz", "darwin", "x86_64", "app"),
    ("_amd64.AppImage", "linux", "x86_64", "appimage"),
    ("_amd64.deb", "linux", "x86_64", "deb"),
    ("x86_64.rpm", "linux", "x86_64", "rpm"),
]


def platforms(names, signatures, base_url):
    out = {}
    for suffix, os_name, arch, kind in KINDS:
        for name in names:
            if name.endswith(suffix) and name + ".sig" in signatures:
                entry = {"signature": signatures[name + ".sig"].strip(), "url": f"{base_url}/{name}"}
                out.setdefault(f"{os_name}-{arch}", entry)
                out[f"{os_name}-{arch}-{kind}"] = entry
    return out


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--version", required=True)
    p.add_argument("--notes", required=True)
    p.add_argument("--assets", required=True)
    p.add_argument("--base-url", required=True)
    a = p.parse_args(argv)
    assets = pathlib.Path(a.assets)
    names = [n for n in (assets / "names.txt").read_text().split() if n]
    signatures = {f.name: f.read_text() for f in assets.glob("*.sig")}
    found = platforms(names, signatures, a.base_url.rstrip("/"))
    if not found:
        raise SystemExit("no signed updater bundle among the release's assets")
    latest = {
        "version": a.version,
        "notes": pathlib.Path(a.notes).read_text(encoding="utf-8"),
        "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platforms": found,
    }
    json.dump(latest, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
