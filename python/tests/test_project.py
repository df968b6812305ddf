"""Reading project files: a project made and run by the real CLI, read back
from Python; files that are not projects are refused, and nothing is written."""

import json

import pytest

import hpi_studio as hs
from conftest import SAMPLE, assert_same_table


@pytest.fixture(scope="module")
def project(hpi, tmp_path_factory):
    path = tmp_path_factory.mktemp("project") / "study.hpiproj"
    hpi("project", "new", str(path))
    for kind in ("transactions", "tracts", "attributes"):
        hpi("import", "--project", str(path), "--kind", kind, str(SAMPLE / f"{kind}.csv"))
    hpi("calculate", "--project", str(path), "--method", "rsai", "--start", "2000", "--end", "2021")
    hpi("calculate", "--project", str(path), "--method", "bmn", "--start", "2000", "--end", "2021",
        "--intervals", "0.95")
    return path


def test_runs_and_their_tables_are_the_ones_the_cli_exports(hpi, project, tmp_path):
    before = project.read_bytes()
    p = hs.open_project(project)
    runs = p.runs()
    assert sorted((r["id"], r["method"]) for r in runs) == [(1, "rsai"), (2, "bmn")]
    for run, what in ((1, "index"), (1, "tracts"), (2, "index")):
        out = tmp_path / f"{run}-{what}.csv"
        hpi("export", "--project", str(project), "--run", str(run), "--what", what, "--output", str(out))
        assert_same_table(p.tracts(run) if what == "tracts" else p.index(run), out.read_text())
    out = tmp_path / "quality.json"
    hpi("export", "--project", str(project), "--run", "1", "--what", "quality", "--output", str(out))
    assert p.quality(1) == json.loads(out.read_text())
    assert p.evaluation(1) is None
    out = tmp_path / "bands.csv"
    hpi("export", "--project", str(project), "--run", "2", "--intervals", "0.95", "--output", str(out))
    assert_same_table(p.index(2, intervals=0.95), out.read_text())
    with pytest.raises(hs.HpiError) as e:
        p.index(1, intervals=0.95)
    assert e.value.code == "invalid_request" and "no standard errors" in e.value.message
    del p
    assert project.read_bytes() == before


def test_unknown_runs_and_files_that_are_not_projects(project, tmp_path):
    with pytest.raises(hs.HpiError) as e:
        hs.open_project(project).index(99)
    assert e.value.code == "not_found"
    other = tmp_path / "notes.hpiproj"
    other.write_text("not a database")
    with pytest.raises(hs.HpiError) as e:
        hs.open_project(other)
    assert e.value.code == "not_a_project"
