//! The documentation is tested like code: the CLI reference page must be
//! what the program prints, and every `console` example under `docs/` is run
//! with the real binary against the bundled sample data; its output must
//! be the one written under it. The examples' files are the sample's
//! (`sample/`) and the small files of `docs/data/` (`data/`).
//!
//! An example block:
//!
//! ````text
//! ```console
//! $ hpi project new study.hpiproj
//! created study.hpiproj
//! ...
//! ```
//! ````
//!
//! Lines after a `$ hpi …` line are what it prints: its standard output, then
//! its standard error; `...` stands for any number of lines. A command may
//! fail only where the page shows its `hpi: ` error. The blocks of one page
//! run in order in one folder holding `sample/` and `data/`, so a page can
//! build on its earlier steps. In a ```` ```console,timings ```` block the
//! numbers are measurements: each line must have the same words, any numbers.
//!
//! Commands in other blocks (`hpi …` or `target/release/hpi …`, such as the
//! benchmarks that take minutes) are not run, but each must parse as written.
//! `HPI_WRITE_DOCS=1` rewrites `docs/cli.md`.

mod common;

use common::root;
use std::path::Path;
use std::process::Command;

#[test]
fn the_cli_reference_is_what_the_program_prints() {
    let out = common::ok(&["reference"]);
    let fresh = String::from_utf8(out.stdout).unwrap();
    let path = root("docs/cli.md");
    if std::env::var_os("HPI_WRITE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/cli.md differs from `hpi reference`; rewrite it with HPI_WRITE_DOCS=1 cargo test -p hpi-cli --test docs"
    );
    for command in ["calculate", "import", "runs list", "report", "db migrate"] {
        assert!(fresh.contains(&format!("\n## hpi {command}\n")), "no section for hpi {command}");
    }
}

/// One `$ hpi …` line with what it must print.
struct Example {
    page: String,
    line: usize,
    args: Vec<String>,
    expected: Vec<String>,
    /// Numbers may differ (a `console,timings` block).
    timings: bool,
}

/// The examples of one page, in order.
fn examples(page: &str, text: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    for (k, info, line) in code_lines(text) {
        let timings = match info {
            "console" => false,
            "console,timings" => true,
            _ => continue,
        };
        if let Some(command) = line.strip_prefix("$ ") {
            let args = split(command);
            assert_eq!(args.first().map(String::as_str), Some("hpi"), "{page}:{}: only hpi commands run here", k + 1);
            out.push(Example {
                page: page.into(),
                line: k + 1,
                args: args[1..].to_vec(),
                expected: Vec::new(),
                timings,
            });
        } else if let Some(example) = out.last_mut() {
            example.expected.push(line.trim_end().to_owned());
        } else {
            panic!("{page}:{}: a console block must start with a `$ hpi` line", k + 1);
        }
    }
    out
}

/// The `hpi` commands of a page's other code blocks, with their lines: shown, not run.
fn shown_commands(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (k, info, line) in code_lines(text) {
        if matches!(info, "console" | "console,timings") {
            continue;
        }
        let command = line.trim().trim_start_matches("$ ");
        let command = command.split(" #").next().unwrap_or_default();
        let command = command.strip_prefix("target/release/").unwrap_or(command);
        if command.starts_with("hpi ") {
            out.push((k + 1, split(command)[1..].to_vec()));
        }
    }
    out
}

/// The lines inside a page's fenced code blocks: (index of the line, the block's info string, the line).
fn code_lines(text: &str) -> Vec<(usize, &str, &str)> {
    let (mut out, mut block) = (Vec::new(), None);
    for (k, line) in text.lines().enumerate() {
        if let Some(info) = line.trim().strip_prefix("```") {
            block = if block.is_some() { None } else { Some(info) };
        } else if let Some(info) = block {
            out.push((k, info, line));
        }
    }
    out
}

/// Words of a command line; double quotes group.
fn split(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut started) = (Vec::new(), String::new(), false, false);
    for c in command.chars() {
        match c {
            '"' => (quoted, started) = (!quoted, true),
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => (word, started) = (word + &c.to_string(), true),
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Whether `actual` lines match `expected`, where `...` matches any run of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => (0..=actual.len()).any(|k| matches(rest, &actual[k..])),
        Some((first, rest)) => actual.split_first().is_some_and(|(a, more)| a == first && matches(rest, more)),
    }
}

/// A line of measurements as its words: every number (digits with `,` and `.`) is `#`,
/// and spaces are single, because column widths follow the numbers.
fn words(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            while chars.peek().is_some_and(|d| d.is_ascii_digit() || *d == ',' || *d == '.') {
                chars.next();
            }
            out.push('#');
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run(example: &Example, dir: &Path) -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_hpi")).args(&example.args).current_dir(dir).output().unwrap();
    // Standard output, then standard error: the order is fixed, unlike their interleaving.
    let shown = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let actual: Vec<String> = shown.lines().map(|l| l.trim_end().to_owned()).collect();
    // A failure is an example only where the page shows the error.
    let failure_shown = example.expected.iter().any(|l| l.starts_with("hpi: "));
    let same = if example.timings {
        let read =
            |lines: &[String]| lines.iter().map(|l| if l == "..." { l.clone() } else { words(l) }).collect::<Vec<_>>();
        matches(&read(&example.expected), &read(&actual))
    } else {
        matches(&example.expected, &actual)
    };
    if out.status.success() != failure_shown && same {
        return Ok(());
    }
    Err(format!(
        "{}:{}: `hpi {}` ({}) printed\n{}\nbut the page says\n{}\n",
        example.page,
        example.line,
        example.args.join(" "),
        out.status,
        actual.join("\n"),
        example.expected.join("\n"),
    ))
}

/// Every page of the book: the Markdown files under `docs/`.
fn markdown_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_under(&path, out);
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
}

#[test]
fn every_command_example_in_the_docs_runs_and_prints_what_the_page_says() {
    let docs = Path::new(&root("docs")).to_owned();
    let mut pages = Vec::new();
    markdown_under(&docs, &mut pages);
    pages.sort();
    let (mut ran, mut parsed, mut failures) = (0, 0, Vec::new());
    for page in pages {
        let name = page.strip_prefix(&docs).unwrap().display().to_string();
        let text = std::fs::read_to_string(&page).unwrap();
        for (line, args) in shown_commands(&text) {
            parsed += 1;
            let out =
                Command::new(env!("CARGO_BIN_EXE_hpi")).arg("reference").arg("--parses").args(&args).output().unwrap();
            if !out.status.success() {
                failures.push(format!(
                    "{name}:{line}: `hpi {}` does not parse:\n{}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
        let found = examples(&name, &text);
        if found.is_empty() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let sample = dir.path().join("sample");
        std::fs::create_dir(&sample).unwrap();
        for file in ["transactions.csv", "tracts.csv", "attributes.csv"] {
            std::fs::copy(Path::new(&root("sample")).join(file), sample.join(file)).unwrap();
        }
        // The small files the pages show going wrong and right.
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        for file in std::fs::read_dir(docs.join("data")).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, data.join(file.file_name().unwrap())).unwrap();
        }
        for example in &found {
            ran += 1;
            if let Err(e) = run(example, dir.path()) {
                failures.push(e);
            }
        }
    }
    assert!(ran >= 32 && parsed >= 5, "only {ran} examples and {parsed} shown commands found in docs/");
    assert!(
        failures.is_empty(),
        "{} of {ran} examples and {parsed} shown commands differ:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_example_reader_reads_what_it_should() {
    let page =
        "x\n```console\n$ hpi runs list --project \"my study.hpiproj\"\nid 1\n...\nend\n```\n```sh\n$ rm -rf /\n```\n";
    let found = examples("p.md", page);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].args, ["runs", "list", "--project", "my study.hpiproj"]);
    assert_eq!(found[0].expected, ["id 1", "...", "end"]);
    assert!(!found[0].timings);
    let lines = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&found[0].expected, &lines(&["id 1", "a", "b", "end"])));
    assert!(matches(&found[0].expected, &lines(&["id 1", "end"])));
    assert!(!matches(&found[0].expected, &lines(&["id 2", "end"])));
    assert!(!matches(&lines(&["a"]), &lines(&["a", "b"])));
}

#[test]
fn timings_differ_in_numbers_only_and_shown_commands_are_found() {
    let page = "```console,timings\n$ hpi bench\n  load   0.05 s\n```\n\
                ```\ntarget/release/hpi bench --transactions 10000000   # big\ncargo build\n```\n\
                ```console\n$ hpi db check --project p\n```\n";
    let found = examples("p.md", page);
    assert_eq!(found.len(), 2);
    assert!(found[0].timings && !found[1].timings);
    assert_eq!(words("  load   0.05 s"), words("  load  12.50 s"));
    assert_eq!(words("20,021 transactions, peak 23 MiB"), "# transactions, peak # MiB");
    assert_ne!(words("  load   0.05 s"), words("  read   0.05 s"));
    assert_eq!(shown_commands(page), [(6, vec!["bench".to_owned(), "--transactions".into(), "10000000".into()])]);
}

#[test]
fn every_test_the_methodology_page_names_exists() {
    let page = std::fs::read_to_string(root("docs/methodology.md")).unwrap();
    let mut named = 0;
    for cell in page.split('`').skip(1).step_by(2) {
        let Some((file, test)) = cell.split_once(".rs: ") else { continue };
        named += 1;
        let source = std::fs::read_to_string(root(&format!("{file}.rs")))
            .unwrap_or_else(|e| panic!("methodology.md names {file}.rs: {e}"));
        let lines: Vec<&str> = source.lines().collect();
        let at = lines.iter().position(|l| l.trim_start().starts_with(&format!("fn {test}(")));
        let at = at.unwrap_or_else(|| panic!("methodology.md names {test}, which {file}.rs does not have"));
        assert!(
            lines[at.saturating_sub(3)..at].iter().any(|l| l.trim() == "#[test]"),
            "methodology.md names {test} in {file}.rs, which is not a test"
        );
    }
    assert!(named >= 30, "only {named} tests named on the methodology page");
}
