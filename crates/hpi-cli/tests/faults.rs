//! Faults mid-write, through the real binary: SIGKILL at random moments
//! during an import, a run's save, a migration and an export, and a disk that
//! fills up during an import and a save. After each, the project opens,
//! checks clean and holds exactly what it held before, or exactly what the
//! finished operation would have left.
//!
//! CI runs a few trials of each (`HPI_FAULT_TRIALS`, default 8 in all);
//! `scripts/faults.sh` runs 100 and prints the figures in `docs/robustness.md`.

mod common;

use common::{ok, p, root};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a project holds: rows per table, and each run's status.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Contents {
    rows: BTreeMap<String, i64>,
    runs: Vec<(i64, String)>,
}

fn contents(project: &str) -> Contents {
    let conn = rusqlite::Connection::open_with_flags(project, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let rows = tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
            (t, n)
        })
        .collect();
    let runs = conn
        .prepare("SELECT id, status FROM runs ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    Contents { rows, runs }
}

/// Opens through HPI Studio's own checks and runs the full integrity check.
fn checks_clean(project: &str) {
    let check = String::from_utf8(ok(&["db", "check", "--project", project]).stdout).unwrap();
    assert!(check.contains("integrity: ok"), "{check}");
}

/// A small deterministic generator, so that a failing trial can be repeated.
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The operations killed, each as the arguments of one `hpi` command on `project`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Operation {
    Import,
    Save,
    Migrate,
    Export,
}

struct Setup {
    dir: tempfile::TempDir,
    /// The project before the operation (a schema-1 file for a migration).
    base: BTreeMap<Operation, String>,
    big: String,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::sample_project(dir.path());
    ok(&[
        "calculate",
        "--project",
        &sample,
        "--method",
        "bmn",
        "--period",
        "monthly",
        "--start",
        "2000",
        "--end",
        "2021",
    ]);
    let big = p(dir.path(), "big.csv");
    let mut text = String::from("property_id,sale_date,price\n");
    for k in 0..400_000 {
        text += &format!("q{k},2010-01-{:02},{}\n", 1 + k % 28, 100_000 + k % 1000);
    }
    std::fs::write(&big, text).unwrap();
    let v1 = p(dir.path(), "v1.hpiproj");
    std::fs::copy(root("crates/hpi-store/tests/fixtures/v1.hpiproj"), &v1).unwrap();
    let base = BTreeMap::from([
        (Operation::Import, sample.clone()),
        (Operation::Save, sample.clone()),
        (Operation::Migrate, v1),
        (Operation::Export, sample),
    ]);
    Setup { dir, base, big }
}

impl Setup {
    /// A fresh copy of the operation's base project, and the command to run on it.
    fn trial(&self, op: Operation, name: &str) -> (String, Vec<String>) {
        let project = p(self.dir.path(), &format!("{name}.hpiproj"));
        for suffix in ["", "-wal", "-shm", ".v1.bak", ".v1-2.bak", ".v1.bak.partial"] {
            let _ = std::fs::remove_file(format!("{project}{suffix}"));
        }
        std::fs::copy(&self.base[&op], &project).unwrap();
        let out = p(self.dir.path(), &format!("{name}-tracts.csv"));
        let _ = std::fs::remove_file(&out);
        let args: Vec<&str> = match op {
            Operation::Import => vec!["import", &self.big, "--project", &project, "--kind", "transactions"],
            Operation::Save => {
                vec!["calculate", "--project", &project, "--method", "rsai", "--start", "2000", "--end", "2021"]
            }
            Operation::Migrate => vec!["db", "migrate", "--project", &project],
            Operation::Export => vec!["export", "--project", &project, "--run", "1", "--output", &out],
        };
        (project.clone(), args.into_iter().map(str::to_owned).collect())
    }
}

/// Runs `args` to the end; returns how long it took.
fn run_whole(args: &[String]) -> Duration {
    let started = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_hpi")).args(args).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    started.elapsed()
}

/// Starts `args` and kills it with SIGKILL after `delay`; true if it was still running then.
fn kill_after(args: &[String], delay: Duration) -> bool {
    let mut child =
        Command::new(env!("CARGO_BIN_EXE_hpi")).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill(); // SIGKILL on Unix
    child.wait().unwrap();
    running
}

/// What a project may hold after a killed operation: as before, or as after the whole of it.
fn expect_before_or_after(op: Operation, project: &str, before: &Contents, after: &Contents, export: &str) {
    let now = contents(project);
    match op {
        Operation::Save => {
            // The run is recorded as started before it is computed; killed before its results are
            // saved, it stays without results, and every other table is as before.
            let mut without_run = now.clone();
            let started = without_run.runs.last().filter(|r| r.1 == "running").is_some();
            if started && now.runs.len() == before.runs.len() + 1 {
                without_run.runs.pop();
                *without_run.rows.get_mut("runs").unwrap() -= 1;
            }
            assert!(without_run == *before || now == *after, "{op:?}: {now:?}\nbefore {before:?}\nafter {after:?}");
        }
        _ => assert!(now == *before || now == *after, "{op:?}: {now:?}\nbefore {before:?}\nafter {after:?}"),
    }
    if op == Operation::Export {
        // The export is the whole file or none: never a truncated one under its name.
        if let Ok(text) = std::fs::read_to_string(export) {
            assert_eq!(text, std::fs::read_to_string(format!("{export}.whole")).unwrap(), "a partial export");
        }
    }
}

#[test]
fn kill_at_random_moments_leaves_every_project_openable_clean_and_as_committed() {
    let trials: usize = std::env::var("HPI_FAULT_TRIALS").ok().and_then(|t| t.parse().ok()).unwrap_or(8);
    let setup = setup();
    let ops = [Operation::Import, Operation::Save, Operation::Migrate, Operation::Export];
    // Each operation once to the end: its duration, and what it leaves.
    let mut whole = BTreeMap::new();
    for op in ops {
        let (project, args) = setup.trial(op, "whole");
        // A schema-1 file is migrated by any open: read what it holds after migrating a copy.
        let before = if op == Operation::Migrate { None } else { Some(contents(&project)) };
        let took = run_whole(&args);
        let export = args.last().unwrap().clone();
        if op == Operation::Export {
            std::fs::rename(&export, format!("{}.whole", p(setup.dir.path(), "trial-tracts.csv"))).unwrap();
        }
        whole.insert(op, (took, before, contents(&project)));
    }
    let mut random = Lcg(20261202);
    let mut tally: BTreeMap<Operation, (u32, u32)> = BTreeMap::new();
    for k in 0..trials {
        let op = ops[k % ops.len()];
        let (took, before, after) = &whole[&op];
        let (project, args) = setup.trial(op, "trial");
        // Anywhere from start-up to a little past the end.
        let delay = took.mul_f64(1.1 * random.unit());
        let killed = kill_after(&args, delay);
        let entry = tally.entry(op).or_default();
        if killed {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
        match op {
            Operation::Migrate => {
                // Killed or not, the file opens (finishing the migration from its backup-safe state) and
                // holds what a whole migration gives.
                checks_clean(&project);
                assert_eq!(contents(&project), *after, "trial {k}: migration");
            }
            _ => {
                checks_clean(&project);
                let before = before.as_ref().unwrap();
                expect_before_or_after(op, &project, before, after, &args[args.len() - 1]);
            }
        }
    }
    let summary: Vec<String> = tally
        .iter()
        .map(|(op, (killed, finished))| format!("{op:?}: {killed} killed mid-way, {finished} finished first"))
        .collect();
    println!("{trials} of {trials} trials passed; {}", summary.join("; "));
}

/// Runs `script` in a private mount namespace with a file system of `kib` KiB at `dir/full`,
/// when this machine allows it (root, or unprivileged namespaces); `None` otherwise.
fn on_small_disk(dir: &Path, kib: u64, script: &str) -> Option<std::process::Output> {
    let full = dir.join("full");
    std::fs::create_dir_all(&full).unwrap();
    let whole = format!("mount -t tmpfs -o size={kib}k none '{}' || exit 99\n{script}", full.display());
    let o = Command::new("unshare").args(["-m", "-r", "sh", "-ec", &whole]).output().ok()?;
    (o.status.code() != Some(99) && !String::from_utf8_lossy(&o.stderr).contains("unshare failed")).then_some(o)
}

#[test]
fn a_full_disk_during_an_import_or_a_save_changes_nothing_and_says_so() {
    let d = tempfile::tempdir().unwrap();
    let project = common::sample_project(d.path());
    let before = contents(&project);
    let size = std::fs::metadata(&project).unwrap().len() / 1024;
    let hpi = env!("CARGO_BIN_EXE_hpi");
    let full = d.path().join("full");
    let inside = full.join("p.hpiproj").display().to_string();
    let kept = p(d.path(), "kept.hpiproj");
    let big = p(d.path(), "more.csv");
    let mut text = String::from("property_id,sale_date,price\n");
    for k in 0..100_000 {
        text += &format!("z{k},2011-02-{:02},{}\n", 1 + k % 28, 200_000 + k % 999);
    }
    std::fs::write(&big, text).unwrap();
    // Room for the project and a little more (KiB): the import's pages do not fit, nor the
    // results' (about 80 KiB for the sample's run), though the run's start does.
    for (what, room, command) in [
        ("import", 160, format!("'{hpi}' import '{big}' --project '{inside}' --kind transactions")),
        ("save", 64, format!("'{hpi}' calculate --project '{inside}' --method rsai --start 2000 --end 2021")),
    ] {
        let script = format!(
            "cp '{project}' '{inside}'\nset +e\n{command}\necho \"rc=$?\" >&2\nset -e\n'{hpi}' db check --project '{inside}'\n\
             '{hpi}' db vacuum --project '{inside}' >/dev/null 2>&1 || true\ncp '{inside}' '{kept}'"
        );
        let Some(o) = on_small_disk(d.path(), size + room, &script) else {
            eprintln!("no private file system here (neither root nor user namespaces): the full-disk trial is skipped");
            return;
        };
        let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        assert!(o.status.success(), "{what}: {out}\n{err}");
        assert!(err.contains("rc=1"), "{what}: a full disk is a failure at run time: {err}");
        assert!(err.contains("the disk holding the project is full: the change was rolled back"), "{what}: {err}");
        assert!(out.contains("integrity: ok"), "{what}: {out}");
        let now = contents(&kept);
        if what == "save" {
            // The run was recorded as started before the disk filled; with no room left to record
            // its failure it stays as started, without results. Nothing else changed.
            assert_eq!(now.runs.len(), before.runs.len() + 1, "{now:?}");
            assert!(["failed", "running"].contains(&now.runs.last().unwrap().1.as_str()), "{now:?}");
            let mut without = now.clone();
            without.runs.pop();
            *without.rows.get_mut("runs").unwrap() -= 1;
            assert_eq!(without, before);
        } else {
            assert_eq!(now, before, "{what}: the project as it was");
        }
    }
}
