//! HPI Studio, the desktop app: a Tauri window over the shared use cases.
//! `main.rs` only calls [`run`], as Tauri v2 apps do.

mod bindings;
mod command_map;
mod commands;
mod error;
mod help;
#[cfg(test)]
mod mutate;
mod policy;
mod run;
mod sample;
mod settings;
mod state;
mod types;
mod updates;

use settings::Folders;
use state::AppState;
use tauri::{Emitter, Manager};

/// A project file named on the command line (double-click, "Open with").
fn project_argument(args: &[String]) -> Option<String> {
    args.iter().skip(1).find(|a| a.to_ascii_lowercase().ends_with(".hpiproj")).cloned()
}

/// Builds the window and runs the app until it is closed.
pub fn run() {
    let folders = Folders::locate();
    let log = tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::Folder {
            path: folders.logs.clone(),
            file_name: Some("hpi-studio".into()),
        }))
        .target(tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::Stderr))
        .level(log::LevelFilter::Info)
        // usvg (inside the PDF typesetter) warns about bars too small to see.
        .level_for("usvg", log::LevelFilter::Error)
        // The updater plugin logs a failed check as an error; offline is normal
        // here, and updates.rs logs every outcome itself.
        .level_for("tauri_plugin_updater", log::LevelFilter::Off)
        .max_file_size(2_000_000)
        .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepSome(5))
        .build();
    let args: Vec<String> = std::env::args().collect();
    let launch = state::Launch { file: project_argument(&args), sample: args.iter().any(|a| a == "--sample") };
    tauri::Builder::default()
        // First: a second launch hands its file to this instance and exits.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
            if let Some(file) = project_argument(&args) {
                let _ = app.emit("open-project", file);
            }
        }))
        .plugin(log)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(AppState::new(folders))
        .manage(launch)
        .setup(|app| {
            log::info!("HPI Studio {} starting", app.package_info().version);
            updates::watch(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::launch,
            commands::settings_get,
            commands::settings_set,
            commands::project_create,
            commands::project_open,
            commands::project_open_sample,
            commands::project_info,
            commands::project_check,
            commands::data_page,
            commands::import_preview,
            commands::import_file,
            commands::import_guess,
            commands::boundaries_import,
            commands::tract_shapes,
            commands::project_overview,
            commands::tract_coverage,
            commands::run_start,
            commands::run_evaluate,
            commands::run_cancel,
            commands::runs_list,
            commands::run_results,
            commands::run_summary,
            commands::benchmarks_list,
            commands::run_compare,
            commands::run_tracts,
            commands::run_delete,
            commands::export_run,
            commands::update_status,
            commands::update_check,
            commands::update_install,
            commands::app_restart,
            commands::help_open,
        ])
        .run(tauri::generate_context!())
        .expect("HPI Studio could not start its window");
}
