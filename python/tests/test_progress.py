"""Progress reaches a Python callback; raising in it cancels the run; the
computation runs without the GIL, so other Python threads go on meanwhile."""

import threading
import time

import pytest

import hpi_studio as hs
from conftest import SAMPLE

SALES, TRACTS, ATTRIBUTES = (str(SAMPLE / f) for f in ("transactions.csv", "tracts.csv", "attributes.csv"))


def test_progress_reports_reading_and_each_stage():
    seen = []
    hs.calculate(SALES, TRACTS, method="rsai", start=2000, end=2021, progress=lambda *p: seen.append(p))
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages[:2] == ["Reading tracts", "Reading transactions"]
    assert "Building supertracts" in stages and "Aggregating indices" in stages
    assert all(0 <= done <= total for _, done, total in seen)


def test_raising_in_the_callback_stops_the_run_and_reaches_the_caller():
    class Stop(Exception):
        pass

    calls = []

    def stop_at_supertracts(stage, done, total):
        calls.append(stage)
        if stage == "Building supertracts":
            raise Stop("enough")

    with pytest.raises(Stop):
        hs.calculate(SALES, TRACTS, method="rsai", start=2000, end=2021, progress=stop_at_supertracts)
    # Stopped: nothing was reported after the exception.
    assert calls[-1] == "Building supertracts"


def test_the_gil_is_released_while_computing():
    ticks = []
    running = threading.Event()
    done = threading.Event()

    def tick():
        running.set()
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    running.wait()
    try:
        start = time.perf_counter()
        # Bootstrap replicates of the sample: long enough to see the other thread run.
        hs.calculate(SALES, TRACTS, ATTRIBUTES, method="rsai", start=2000, end=2021, intervals=0.95, bootstrap=40)
        end = time.perf_counter()
    finally:
        done.set()
        ticker.join()
    during = [t for t in ticks if start < t < end]
    # Had the call held the GIL, the ticker could not have run during it at all.
    assert end - start > 0.05 and len(during) >= 10, (len(during), end - start)
