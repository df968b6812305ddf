//! A batch plan: many runs (CBSAs' projects, methods, parameter variants),
//! each with its output files, read from TOML and checked whole before any
//! run starts, then run one by one; a failed run never stops the others.

use crate::export::What;
use crate::{Checked, RunRequest, UsecaseError};
use hpi_report::Format;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// One run of a plan, checked.
#[derive(Clone, Debug)]
pub struct PlanItem {
    /// Its name: unique in the plan, and the start of its output files' names.
    pub name: String,
    /// The project it runs in.
    pub project: PathBuf,
    /// The run, as asked.
    pub request: RunRequest,
    /// The run, checked.
    pub checked: Checked,
    /// What to write, in which format, where.
    pub outputs: Vec<(What, Format, PathBuf)>,
}

/// A plan, checked: every run's request, names and outputs.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The runs, in the plan's order.
    pub items: Vec<PlanItem>,
}

/// The plan's file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    project: Option<PathBuf>,
    output_dir: Option<PathBuf>,
    #[serde(default)]
    run: Vec<toml::Table>,
}

/// Keys of a `[[run]]` that are the plan's; every other key is the run request's.
const ITEM_KEYS: [&str; 3] = ["name", "project", "outputs"];

impl Plan {
    /// Reads and checks the plan at `path`; paths in it are relative to its folder.
    pub fn read(path: &Path) -> Result<Plan, UsecaseError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UsecaseError::InvalidRequest(format!("{}: {e}", path.display())))?;
        Plan::parse(&text, path)
    }

    /// Checks the plan `text` read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Plan, UsecaseError> {
        let at = |message: String| UsecaseError::InvalidRequest(format!("{}: {message}", path.display()));
        let file: PlanFile = toml::from_str(text).map_err(|e| at(e.message().to_owned()))?;
        let folder = path.parent().unwrap_or(Path::new("."));
        let output_dir = tidy(&folder.join(file.output_dir.unwrap_or_default()));
        if file.run.is_empty() {
            return Err(at("the plan has no [[run]]".into()));
        }
        let mut items = Vec::new();
        for (n, mut table) in file.run.into_iter().enumerate() {
            let which = |message: String| at(format!("run {}: {message}", n + 1));
            let name = match table.remove("name") {
                Some(toml::Value::String(name)) if plain(&name) => name,
                Some(other) => return Err(which(format!("name {other}: use letters, digits, '-', '_' and '.'"))),
                None => return Err(which("it needs a name (it names its output files)".into())),
            };
            let which = |message: String| at(format!("run {} '{name}': {message}", n + 1));
            if items.iter().any(|i: &PlanItem| i.name == name) {
                return Err(which("another run has this name".into()));
            }
            let project = match table.remove("project") {
                Some(toml::Value::String(p)) => tidy(&folder.join(p)),
                Some(other) => return Err(which(format!("project {other}: a path to a .hpiproj file"))),
                None => match &file.project {
                    Some(p) => tidy(&folder.join(p)),
                    None => return Err(which("no project: give one for the plan or for this run".into())),
                },
            };
            let outputs = match table.remove("outputs") {
                None => vec!["index.csv".to_owned()],
                Some(value) => Vec::<String>::deserialize(value)
                    .map_err(|_| which("outputs: a list like [\"index.csv\", \"tracts.parquet\"]".into()))?,
            };
            let outputs = outputs
                .iter()
                .map(|o| output(o, &name, &output_dir).ok_or_else(|| which(format!("output '{o}': {OUTPUTS}"))))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(key) = table.keys().find(|k| ITEM_KEYS.contains(&k.as_str())) {
                return Err(which(format!("'{key}' is given twice")));
            }
            let request =
                RunRequest::deserialize(toml::Value::Table(table)).map_err(|e| which(e.message().to_owned()))?;
            let checked = request.check().map_err(|e| which(e.to_string()))?;
            items.push(PlanItem { name, project, request, checked, outputs });
        }
        Ok(Plan { items })
    }
}

/// `plans/../study.hpiproj` as `study.hpiproj`: paths as people write them, in messages and
/// the summary (lexically, as a shell's `cd` does).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

const OUTPUTS: &str = "index, tracts, quality or evaluation, then .csv, .json, .parquet or .xlsx";

fn plain(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// `index.csv` of run `name`: the index, as CSV, to `DIR/NAME-index.csv`.
fn output(spec: &str, name: &str, dir: &Path) -> Option<(What, Format, PathBuf)> {
    let (what, extension) = spec.split_once('.')?;
    let what: What = serde_json::from_value(serde_json::Value::String(what.to_owned())).ok()?;
    let format = Format::for_path(spec);
    // `for_path` takes any other extension for CSV: only the formats' own are outputs.
    if format.extension() != extension {
        return None;
    }
    Some((what, format, dir.join(format!("{name}-{spec}"))))
}

/// Computes `item` in its project, saves the run and writes its outputs; returns the run's id.
pub fn run_item(
    item: &PlanItem,
    report: &(dyn Fn(hpi_engine::Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<i64, UsecaseError> {
    let mut project = crate::project::open(&item.project)?;
    let saved = crate::calculate_in_project(&mut project, &item.checked, report, cancel)?;
    for (what, format, path) in &item.outputs {
        crate::export::make_folder_of(path)?;
        crate::export::export_run(&project, saved.id, *what, *format, &path.to_string_lossy())?;
    }
    Ok(saved.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Plan, String> {
        Plan::parse(text, Path::new("plans/nightly.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn a_plan_names_its_runs_outputs_and_projects() {
        let plan = parse(
            r#"
            project = "study.hpiproj"
            output_dir = "out"
            [[run]]
            name = "rsai"
            method = "rsai"
            period = "annual"
            start = 2000
            end = 2021
            outputs = ["index.csv", "quality.json"]
            [[run]]
            name = "wrs-q"
            project = "other.hpiproj"
            method = "wrs"
            period = "quarterly"
            start = 2000
            end = 2021
            estimator = "robust"
            "#,
        )
        .unwrap();
        let [rsai, wrs] = &plan.items[..] else { panic!("two runs") };
        assert_eq!(tidy(Path::new("data/../out/./x.csv")), Path::new("out/x.csv"));
        assert_eq!(tidy(Path::new("../x.csv")), Path::new("../x.csv"));
        assert_eq!(rsai.project, Path::new("plans/study.hpiproj"));
        assert_eq!(rsai.outputs[1].2, Path::new("plans/out/rsai-quality.json"));
        assert_eq!((wrs.project.as_path(), wrs.outputs.len()), (Path::new("plans/other.hpiproj"), 1));
        assert_eq!(wrs.outputs[0].2, Path::new("plans/out/wrs-q-index.csv"));
    }

    #[test]
    fn a_plan_is_refused_whole_naming_the_run_and_the_reason() {
        let run = |extra: &str| {
            format!("project = \"p.hpiproj\"\n[[run]]\nname = \"a\"\nmethod = \"bmn\"\nperiod = \"annual\"\nstart = 2000\nend = 2010\n{extra}")
        };
        for (extra, expected) in [
            ("start = 2001", "duplicate key"),
            ("colour = \"red\"", "unknown field `colour`"),
            ("outputs = [\"index.docx\"]", "output 'index.docx'"),
            ("outputs = [\"chart.csv\"]", "output 'chart.csv'"),
            (
                "[[run]]\nname = \"a\"\nmethod = \"bmn\"\nperiod = \"annual\"\nstart = 2000\nend = 2010",
                "another run has this name",
            ),
            ("min_half_pairs = 0", "run 1 'a'"),
        ] {
            let e = parse(&run(extra)).err().unwrap_or_else(|| panic!("{extra} is refused"));
            assert!(e.contains(expected) && e.starts_with("plans/nightly.toml: "), "{extra}: {e}");
        }
        assert!(parse("[[run]]\nname = \"a\"\nmethod = \"bmn\"\nperiod = \"annual\"\nstart = 2000\nend = 2010")
            .err()
            .unwrap()
            .contains("no project"));
        assert!(parse("project = \"p\"").err().unwrap().contains("no [[run]]"));
    }
}
