"""The README's first command, `bash scripts/start.sh`, without a display: it must say what
it builds and let cargo show its own progress (on a fresh machine the build takes many
minutes, and a command that prints nothing for that long looks hung), then print the
sample study's index on standard output and nothing else there."""

import os
import subprocess
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class StartWithoutDisplay(unittest.TestCase):
    def test_it_shows_its_steps_and_prints_the_sample_index(self):
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        done = subprocess.run(
            ["bash", "scripts/start.sh"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        self.assertIn("No display found", done.stderr)
        self.assertIn("== building hpi", done.stderr)
        # cargo's own status lines, which `cargo run -q` would hide.
        self.assertRegex(done.stderr, r"(?m)^\s+Finished `dev` profile")
        self.assertRegex(done.stderr, r"(?m)^\s+Running `")
        lines = done.stdout.splitlines()
        self.assertEqual(lines[0], "10180 (RSAI, 2000 = 100)", done.stdout[:500])
        self.assertEqual(lines[1].split(), ["period", "Sample", "Value", "Unit", "UPB", "College", "Non-white"])
        self.assertEqual(lines[2].split(), ["2000"] + ["100.0"] * 6)
        self.assertFalse(any(line.startswith("==") for line in lines), "progress stays off standard output")


if __name__ == "__main__":
    unittest.main()
