//! The command-line reference of the documentation (`docs/cli.md`), written
//! from the clap definitions themselves, so it cannot drift from `--help`.

use std::fmt::Write;

/// Every command's long help, as Markdown.
pub fn markdown(mut command: clap::Command) -> String {
    // Building sets each subcommand's full name ("hpi runs list") for its usage line.
    command.build();
    let mut out = String::from(
        "# Command-line reference\n\n\
         Written by `hpi reference` from the definitions `hpi --help` prints; a test fails when\n\
         this page and the program disagree. Every command also answers `--help`.\n",
    );
    section(&command, &mut out);
    out
}

fn section(command: &clap::Command, out: &mut String) {
    if command.is_hide_set() {
        return;
    }
    let name = command.get_bin_name().unwrap_or(command.get_name());
    let help = command.clone().render_long_help().to_string();
    let help: Vec<&str> = help.lines().map(str::trim_end).collect();
    let _ = write!(out, "\n## {name}\n\n```text\n{}\n```\n", help.join("\n").trim());
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        section(sub, out);
    }
}
