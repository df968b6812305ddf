//! `/metrics` in Prometheus' text format: requests by route and status with
//! their latency, jobs by state, run durations by method, sales processed.

use crate::queue::JobStatus;
use crate::routes::State;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    /// The route's pattern (`/v1/jobs/{id}`), never the path itself, so that labels stay few.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: String,
}

/// The server's counters; cheap to update from any thread.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    jobs: Family<JobLabels, Gauge>,
    run_seconds: Family<MethodLabels, Histogram>,
    sales: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("hpi");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered, by route and status", requests.clone());
        // 0.5 ms to about 16 s.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register("http_request_duration_seconds", "Time to answer, by route", latency.clone());
        let jobs = Family::<JobLabels, Gauge>::default();
        registry.register("jobs", "Jobs in the queue, by state", jobs.clone());
        // 10 ms to about 3 hours.
        let run_seconds = Family::<MethodLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.01, 2.0, 20))
        });
        registry.register("run_duration_seconds", "Time to compute a run, by method", run_seconds.clone());
        let sales = Counter::default();
        registry.register("sales_processed", "Sales read by the runs that succeeded", sales.clone());
        Metrics { registry, requests, latency, jobs, run_seconds, sales }
    }
}

impl Metrics {
    /// A run of `method` succeeded in `seconds`, reading `sales` sales.
    pub fn run_done(&self, method: &str, seconds: f64, sales: u64) {
        self.run_seconds.get_or_create(&MethodLabels { method: method.to_owned() }).observe(seconds);
        self.sales.inc_by(sales);
    }

    /// The text `/metrics` serves, with the jobs counted as they stand now.
    pub fn text(&self, counts: &[(JobStatus, i64)]) -> String {
        for status in JobStatus::ALL {
            let n = counts.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
            self.jobs.get_or_create(&JobLabels { state: status.name().to_owned() }).set(n);
        }
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry).expect("writing to a String cannot fail");
        text
    }

    /// Counts one answered request with its route, status and time.
    pub fn request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let (method, route) = (method.to_owned(), route.to_owned());
        self.latency.get_or_create(&RouteLabels { method: method.clone(), route: route.clone() }).observe(seconds);
        self.requests.get_or_create(&RequestLabels { method, route, status }).inc();
    }
}

/// Prometheus' text format.
#[utoipa::path(get, path = "/metrics",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain; version=0.0.4", body = String)))]
pub async fn serve(state: axum::extract::State<State>) -> Result<Response, crate::error::ApiError> {
    let jobs = state.jobs.clone();
    let counts = crate::routes::blocking(move || jobs.counts()).await?;
    let text = state.metrics.text(&counts);
    Ok(([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response())
}
