"""Tests of the release scripts, run by scripts/test.sh."""
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))

import latest_json  # noqa: E402
import release_notes  # noqa: E402

CHANGELOG = """# Changelog

## [Unreleased]

### Added
- next

## [0.2.0] - 2026-12-01

### Added
- PDF reports.

## [0.1.0] - 2026-11-01

- First.
"""


class ReleaseNotes(unittest.TestCase):
    def test_the_section_of_the_version(self):
        self.assertEqual(release_notes.notes("0.2.0", CHANGELOG), "### Added\n- PDF reports.\n")
        self.assertEqual(release_notes.notes("0.1.0", CHANGELOG), "- First.\n")

    def test_a_version_without_notes_stops_the_release(self):
        with self.assertRaises(SystemExit):
            release_notes.notes("0.3.0", CHANGELOG)

    def test_the_repository_changelog_parses(self):
        text = (HERE / "../../CHANGELOG.md").read_text(encoding="utf-8")
        self.assertIn("###", release_notes.notes("Unreleased", text))


class LatestJson(unittest.TestCase):
    def test_every_signed_installer_is_a_platform(self):
        names = [
            "HPI.Studio_0.2.0_x64_en-US.msi", "HPI.Studio_0.2.0_x64-setup.exe",
            "HPI.Studio_aarch64.app.tar.gz", "HPI.Studio_x64.app.tar.gz",
            "HPI.Studio_0.2.0_amd64.AppImage", "HPI.Studio_0.2.0_amd64.deb",
            "HPI.Studio_0.2.0_amd64.deb.sig", "unsigned_x64-setup.exe.extra",
        ]
        sigs = {n + ".sig": f"sig-of-{n}" for n in names if not n.endswith((".sig", ".extra"))}
        with tempfile.TemporaryDirectory() as d:
            d = pathlib.Path(d)
            (d / "names.txt").write_text("\n".join(names))
            for n, s in sigs.items():
                (d / n).write_text(s + "\n")
            (d / "notes.md").write_text("- PDF reports.\n")
            out = subprocess.run(
                [sys.executable, str(HERE / "latest_json.py"), "--version", "0.2.0", "--notes", str(d / "notes.md"),
                 "--assets", str(d), "--base-url", "https://example.invalid/dl/v0.2.0/"],
                check=True, capture_output=True, text=True).stdout
        latest = json.loads(out)
        self.assertEqual(latest["version"], "0.2.0")
        self.assertEqual(latest["notes"], "- PDF reports.\n")
        p = latest["platforms"]
        self.assertEqual(set(p), {
            "windows-x86_64", "windows-x86_64-msi", "windows-x86_64-nsis", "darwin-aarch64", "darwin-aarch64-app",
            "darwin-x86_64", "darwin-x86_64-app", "linux-x86_64", "linux-x86_64-appimage", "linux-x86_64-deb"})
        # The MSI is Windows' default; AppImage Linux's.
        self.assertEqual(p["windows-x86_64"], p["windows-x86_64-msi"])
        self.assertEqual(p["linux-x86_64"]["url"], "https://example.invalid/dl/v0.2.0/HPI.Studio_0.2.0_amd64.AppImage")
        self.assertEqual(p["darwin-aarch64"]["signature"], "sig-of-HPI.Studio_aarch64.app.tar.gz")

    def test_no_signed_bundle_is_an_error(self):
        self.assertEqual(latest_json.platforms(["a.msi"], {}, "u"), {})


if __name__ == "__main__":
    unittest.main()
