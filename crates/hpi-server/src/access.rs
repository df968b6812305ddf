//! Who may ask: the `Host` header (against DNS rebinding of a loopback
//! server) and, under `/v1`, a bearer token.

use crate::error::{ApiError, ServerCode};
use crate::routes::State;
use crate::tokens::Access;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hpi_usecases::ErrorCode;

/// Refuses a request whose `Host` is neither the bound address, `localhost`
/// on its port, nor a configured name: a web page that rebinds its own
/// name to 127.0.0.1 sends its own name here.
pub async fn known_host(state: axum::extract::State<State>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if state.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return next.run(request).await;
    }
    ApiError::new(
        ServerCode::UnknownHost,
        format!("this server does not answer to the host '{host}'"),
        Some("use the address the server printed, or start it with --host NAME"),
    )
    .into_response()
}

/// Requires `Authorization: Bearer TOKEN` of a known token; a read-only
/// token may only read.
pub async fn bearer(state: axum::extract::State<State>, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(token) = given else {
        return unauthorized("this request needs a token: `Authorization: Bearer TOKEN`");
    };
    let tokens = state.tokens.clone();
    let token = token.to_owned();
    if let Err(refused) = state.limiter.check_key(&token) {
        use governor::clock::Clock;
        let wait = refused.wait_time_from(governor::clock::DefaultClock::default().now());
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut response = ApiError::new(
            ServerCode::RateLimited,
            format!("this token sent more requests than the server takes per second; retry in {seconds} s"),
            Some("space the requests out, or start the server with a higher --rate-limit"),
        )
        .into_response();
        response.headers_mut().insert(header::RETRY_AFTER, seconds.max(1).into());
        return response;
    }
    let found = tokio::task::spawn_blocking(move || match tokens.lock() {
        Ok(store) => store.access(&token),
        Err(poisoned) => poisoned.into_inner().access(&token),
    })
    .await;
    match found {
        Ok(Ok(Some(Access::Full))) => next.run(request).await,
        Ok(Ok(Some(Access::ReadOnly))) if matches!(*request.method(), Method::GET | Method::HEAD) => {
            next.run(request).await
        }
        Ok(Ok(Some(Access::ReadOnly))) => ApiError::new(
            ServerCode::Forbidden,
            "this token is read-only",
            Some("use a token created without --read-only to change projects"),
        )
        .into_response(),
        Ok(Ok(None)) => unauthorized("this token is not known to the server"),
        Ok(Err(e)) => ApiError::new(ErrorCode::Internal, format!("the token store: {e}"), None).into_response(),
        Err(e) => ApiError::new(ErrorCode::Internal, format!("the token check: {e}"), None).into_response(),
    }
}

fn unauthorized(message: &str) -> Response {
    ApiError::new(
        ServerCode::Unauthorized,
        message,
        Some("create one with `hpi serve token create --data-dir DIR --name NAME`"),
    )
    .into_response()
}
