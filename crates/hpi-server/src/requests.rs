//! Every request gets an id (the client's `X-Request-Id` when it sends a
//! sane one), answered in the same header and logged with the request's
//! route, status and time as structured fields, so that one request can be
//! followed from the client through the proxy to the server's log; the same
//! route, status and time go to `/metrics`.

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

const HEADER: &str = "x-request-id";

/// A client's id is kept when it is short and plain; otherwise one is made.
fn request_id(request: &Request) -> String {
    let given = request.headers().get(HEADER).and_then(|v| v.to_str().ok());
    match given {
        Some(id)
            if (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) =>
        {
            id.to_owned()
        }
        _ => crate::tokens::random_hex(8),
    }
}

/// Names the request, answers with its id, and logs and counts it once it is answered.
pub async fn observed(state: axum::extract::State<crate::routes::State>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&request);
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let route = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let route = route.as_deref().unwrap_or("unmatched");
    state.metrics.request(&method, route, status, ms / 1000.0);
    log::info!(
        target: "hpi_server::requests",
        request_id = id.as_str(), method = method.as_str(), path = path.as_str(), route = route, status = status,
        ms = ms;
        "{method} {path} {status} in {ms:.1} ms"
    );
    response
}
