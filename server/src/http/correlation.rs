//! Correlation ids: every response carries `x-correlation-id`, taken from the request when it
//! is well formed (1 to 128 of `A-Z a-z 0-9 - _ . :`) or made up (a UUID); error bodies and
//! audit entries repeat it, and the request's log span names it.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The header's name.
pub const HEADER: &str = "x-correlation-id";

/// A request's correlation id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrelationId(pub String);

tokio::task_local! {
    static CURRENT: CorrelationId;
}

impl CorrelationId {
    /// The id [`assign`] gave this request (a fresh one outside the middleware).
    pub fn of(parts: &Parts) -> Self {
        parts
            .extensions
            .get::<Self>()
            .cloned()
            .unwrap_or_else(Self::generate)
    }

    /// The id of the request being answered, for error bodies; empty outside a request.
    pub fn current() -> String {
        CURRENT.try_with(|id| id.0.clone()).unwrap_or_default()
    }

    fn generate() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    fn parse(value: &HeaderValue) -> Option<Self> {
        let text = value.to_str().ok()?;
        let well_formed = (1..=128).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
        well_formed.then(|| Self(text.to_owned()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CorrelationId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts))
    }
}

/// Middleware: picks the request's id, answers it in the header, scopes the handler in it.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(HEADER)
        .and_then(CorrelationId::parse)
        .unwrap_or_else(CorrelationId::generate);
    request.extensions_mut().insert(id.clone());
    let span = tracing::info_span!("request", correlation_id = %id.0);
    let mut response = CURRENT
        .scope(id.clone(), next.run(request))
        .instrument(span)
        .await;
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}
