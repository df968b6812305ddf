//! `hpi serve`: HPI Studio's use cases over HTTP. Handlers parse, call one
//! use case and map its errors, as thin as the desktop app's commands; the
//! OpenAPI document is generated from the same Rust types.
#![warn(missing_docs)]

mod access;
mod connections;
mod error;
mod imports;
mod jobs;
mod metrics;
mod queue;
mod requests;
mod results;
mod routes;
mod runs;
mod settings;
mod store;
pub mod tokens;
mod workers;

pub use error::{ApiCode, ApiError, Details, ServerCode, ServerError};
pub use queue::JobStatus;
pub use routes::openapi_json;
pub use runs::Queued;
pub use settings::{Checked, Settings, DEFAULT_MAX_BODY, DEFAULT_RATE_LIMIT};
pub use workers::{Job, JobProgress};

use std::net::SocketAddr;

/// Serves until interrupted (Ctrl-C or SIGTERM). `listening` is told the
/// address actually bound (the port, when 0 was asked for) before the
/// first request is taken.
pub fn serve(checked: Checked, listening: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(checked.settings.workers.max(2))
        .enable_all()
        .build()?;
    let metrics = std::sync::Arc::new(metrics::Metrics::default());
    let connections = std::sync::Arc::new(connections::Connections::default());
    let jobs = workers::Jobs::start(
        checked.settings.data_dir.clone(),
        checked.settings.workers,
        metrics.clone(),
        connections.clone(),
    )?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(checked.settings.bind).await?;
        let bound = listener.local_addr()?;
        let app = routes::router(&checked, bound, jobs.clone(), metrics, connections)?;
        listening(bound);
        let stop = jobs.clone();
        // Jobs are stopped first: running ones go back to the queue, and event streams end,
        // so that the open connections the server waits for can close.
        let stopping = async move {
            interrupted().await;
            log::info!("stopping: running jobs are queued again for the next start");
            stop.begin_stop();
        };
        axum::serve(listener, app).with_graceful_shutdown(stopping).await?;
        Ok(())
    });
    jobs.begin_stop();
    jobs.join();
    served
}

async fn interrupted() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
