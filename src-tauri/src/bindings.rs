//! The TypeScript declarations of everything that crosses the IPC edge,
//! generated from the Rust types into `ui/src/ipc/bindings.ts`. A test
//! fails when the committed file drifts from the types; run it with
//! `HPI_WRITE_BINDINGS=1` to rewrite the file.

#[cfg(test)]
mod tests {
    use ts_rs::{Config, TS};

    macro_rules! declarations {
        ($cfg:expr; $($t:ty),* $(,)?) => {{
            let mut out = Vec::new();
            $(
                // The declaration starts with the doc comment; `export` goes after it.
                let decl = <$t as TS>::decl($cfg);
                let docs = <$t as TS>::docs().unwrap_or_default();
                let body = decl.strip_prefix(docs.as_str()).unwrap_or(&decl);
                out.push(format!("{docs}export {body}"));
            )*
            out
        }};
    }

    fn render() -> String {
        // serde_json writes 64-bit integers as plain numbers; ids and counts stay far below 2^53.
        let cfg = &Config::new().with_large_int("number");
        let decls = declarations!(cfg;
            crate::error::IpcError, hpi_usecases::ErrorCode,
            crate::settings::Settings, crate::settings::Theme, crate::settings::NumberFormat,
            crate::settings::UpdateChannel, crate::updates::UpdateStatus, crate::updates::UpdateOffer, crate::updates::UpdateEvent,
            crate::types::AppInfo, crate::policy::Policy, crate::state::Launch, crate::types::ProjectInfo, crate::types::ImportRequest,
            crate::types::RunResults, crate::types::ExportFormat, crate::types::ExportRequest,
            crate::run::RunEvent, hpi_engine::Stage, hpi_engine::Weight,
            hpi_usecases::RunRequest, hpi_usecases::Method, hpi_usecases::Period, hpi_usecases::DedupeChoice,
            hpi_engine::Filters, hpi_usecases::export::What, hpi_usecases::export::ChartKind,
            hpi_store::ImportKind, hpi_store::ImportPreview, hpi_store::ImportReport, hpi_store::ColumnMatch,
            hpi_store::Page, hpi_engine::RowIssue,
            hpi_store::RunRecord, hpi_store::IndexRow, hpi_store::TractRow, hpi_store::ImportRecord,
        );
        // The one list of values the UI needs from the engine: which weights there are, in order.
        let weights: Vec<String> = hpi_engine::Weight::ALL.iter().map(|w| format!("\"{}\"", w.name())).collect();
        format!(
            "// Generated from the Rust types by `src-tauri/src/bindings.rs`; do not edit.\n// Regenerate: HPI_WRITE_BINDINGS=1 cargo test -p hpi-studio bindings\n\n{}\n\n\
             /** Every RSAI weighting scheme, in the paper's order (`Weight::ALL`). */\n\
             export const WEIGHTS: readonly Weight[] = [{}];\n",
            decls.join("\n\n"),
            weights.join(", ")
        )
    }

    #[test]
    fn bindings_match_the_rust_types() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc/bindings.ts");
        let fresh = render();
        if std::env::var_os("HPI_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is out of date with the Rust types; regenerate it with HPI_WRITE_BINDINGS=1 cargo test -p hpi-studio bindings",
            path.display()
        );
    }
}
