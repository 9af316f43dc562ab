//! Accounts on the HTTP edge: email and password rules, argon2 hashing ([`password`]), the
//! session cookie, the sign-in rate limit ([`limit`]) and [`CurrentUser`], the extractor that
//! turns a request's cookie into a signed-in user (the API's handlers and the rooms' WebSocket
//! upgrade use it alike).

pub mod limit;
pub mod password;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite};

use crate::http::correlation::CorrelationId;
use crate::store::{Actor, Store, StoreError, User, SESSION_TTL_MS};
use crate::{ApiError, AppState};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "omnios_session";

/// When the session cookie is marked `Secure` (sent over https only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CookieSecurity {
    /// When the request came over https (directly, or `X-Forwarded-Proto: https` from a proxy).
    #[default]
    Auto,
    /// Always (the server is only reached over https).
    Always,
    /// Never (plain http, e.g. on a LAN).
    Never,
}

/// The session token the request's cookie carries, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

/// The user whose session the request's cookie names, if any: what the rooms call at the
/// WebSocket upgrade when they do not use [`CurrentUser`].
pub async fn user_from_headers(
    store: &Store,
    headers: &HeaderMap,
) -> Result<Option<User>, StoreError> {
    match session_token(headers) {
        Some(token) => store.session_user(&token).await,
        None => Ok(None),
    }
}

fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

/// `Set-Cookie` for a new session (`token`), or clearing it (`None`).
pub fn session_cookie(
    token: Option<&str>,
    security: CookieSecurity,
    request: &HeaderMap,
) -> HeaderValue {
    let secure = match security {
        CookieSecurity::Always => true,
        CookieSecurity::Never => false,
        CookieSecurity::Auto => over_https(request),
    };
    let max_age = match token {
        Some(_) => cookie::time::Duration::milliseconds(SESSION_TTL_MS),
        None => cookie::time::Duration::ZERO,
    };
    let cookie = Cookie::build((SESSION_COOKIE, token.unwrap_or_default()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(max_age)
        .build();
    // Tokens are hex, so the cookie is always a valid header value.
    HeaderValue::from_str(&cookie.to_string())
        .unwrap_or_else(|_| HeaderValue::from_static("omnios_session=; Max-Age=0; Path=/"))
}

/// An email address, trimmed and lower-cased: 3 to 254 characters, one `@` between a local part
/// and a domain, no spaces or control characters.
pub fn valid_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim().to_lowercase();
    let well_formed = (3..=254).contains(&email.chars().count())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
    if well_formed {
        Ok(email)
    } else {
        Err(ApiError::Validation(
            "email must look like name@example.com (at most 254 characters)".into(),
        ))
    }
}

/// The shortest and longest passwords, in characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 8..=128;

/// A password of 8 to 128 characters.
pub fn valid_password(password: &str) -> Result<(), ApiError> {
    if PASSWORD_CHARS.contains(&password.chars().count()) {
        Ok(())
    } else {
        Err(ApiError::Validation(format!(
            "a password has {} to {} characters",
            PASSWORD_CHARS.start(),
            PASSWORD_CHARS.end()
        )))
    }
}

/// The signed-in user of a request. As an extractor it answers `401 unauthorized` when the
/// request has no valid session cookie.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub user: User,
    /// The request's correlation id.
    pub correlation_id: CorrelationId,
}

impl CurrentUser {
    /// The user as the store's [`Actor`] (permission checks, audit entries).
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id.clone(), self.correlation_id.0.clone())
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let correlation_id = CorrelationId::of(parts);
        let user = user_from_headers(state.store()?, &parts.headers)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Self {
            user,
            correlation_id,
        })
    }
}
