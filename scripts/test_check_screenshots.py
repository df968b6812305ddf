"""Tests of check-screenshots.py on pictures drawn here: it must pass the same screen taken
again (other times, a few pixels of font smoothing) and fail a changed label, a moved
panel, another size and a screenshot the run did not take."""

import importlib.util
import tempfile
import unittest
from pathlib import Path

from PIL import Image, ImageDraw

spec = importlib.util.spec_from_file_location("check_screenshots", Path(__file__).with_name("check-screenshots.py"))
checker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checker)

TEXT = "Runs\nRun 2 · RSAI · 2026-11-22 08:49:22\n47,540 sales · 120 tracts · 1 runs\n"


def screen(path: Path, panel_x=40, size=(400, 300), text=TEXT, speck=False):
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([panel_x, 40, panel_x + 200, 200], fill=(30, 90, 160))
    if speck:
        draw.point([(5, 5), (6, 5), (7, 5)], fill="black")
    image.save(path.with_suffix(".png"))
    path.with_suffix(".txt").write_text(text, encoding="utf-8")


class ScreenshotCheck(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        root = Path(self.dir.name)
        self.docs, self.shots = root / "docs", root / "shots"
        (self.docs / "screenshots").mkdir(parents=True)
        self.shots.mkdir()
        (self.docs / "runs.md").write_text("![Runs](screenshots/08-reopened.png)\n", encoding="utf-8")
        screen(self.docs / "screenshots" / "08-reopened")

    def tearDown(self):
        self.dir.cleanup()

    def problems(self):
        return checker.check(self.docs, self.shots)

    def test_same_screen_at_another_time_passes(self):
        later = TEXT.replace("08:49:22", "10:18:05").replace("47,540", "52,888")
        screen(self.shots / "08-reopened", text=later, speck=True)
        self.assertEqual(self.problems(), [])

    def test_changed_label_fails(self):
        screen(self.shots / "08-reopened", text=TEXT.replace("Runs", "History"))
        [problem] = self.problems()
        self.assertIn("text has changed", problem)
        self.assertIn("+History", problem)

    def test_moved_panel_fails(self):
        screen(self.shots / "08-reopened", panel_x=120)
        [problem] = self.problems()
        self.assertRegex(problem, r"\d+\.\d\d% of the pixels differ")

    def test_other_size_fails(self):
        screen(self.shots / "08-reopened", size=(400, 320))
        [problem] = self.problems()
        self.assertIn("another size", problem)

    def test_refresh_copies_the_last_runs_screenshot_and_text(self):
        screen(self.shots / "08-reopened", panel_x=120, text=TEXT.replace("Runs", "History"))
        screen(self.shots / "99-not-shown")
        self.assertEqual(checker.refresh(self.docs, self.shots), ["08-reopened"])
        self.assertEqual(self.problems(), [])
        self.assertFalse((self.docs / "screenshots" / "99-not-shown.png").exists())

    def test_screenshot_not_taken_fails(self):
        [problem] = self.problems()
        self.assertIn("did not take it", problem)


if __name__ == "__main__":
    unittest.main()
