//! `POST /api/auth/signup|signin|signout`, `GET /api/auth/me`, `GET /api/auth/session`: accounts
//! and sessions.
//!
//! Sign-up and sign-in answer the user and set the session cookie (HttpOnly, SameSite=Lax,
//! Path=/, Secure per `--cookie-secure`); sign-in ends the session the browser had (rotation).
//! Failed sign-ins count against the email and the client address (`auth::limit`).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::correlation::CorrelationId;
use super::extract::Body;
use crate::auth::{self, password, CurrentUser};
use crate::store::{Actor, User};
use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/signup", post(sign_up))
        .route("/api/auth/signin", post(sign_in))
        .route("/api/auth/signout", post(sign_out))
        .route("/api/auth/me", get(me))
        .route("/api/auth/session", get(session))
}

/// `GET /api/auth/session`: who is signed in, if anyone — 200 either way, so a page asking
/// before it shows a sign-in form gets no error (`GET /api/auth/me` answers 401 then).
#[derive(Debug, Serialize)]
pub struct Session {
    /// The signed-in account; `null` without a valid session cookie.
    pub user: Option<User>,
}

/// Sign-up and sign-in bodies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// The account's email address.
    pub email: String,
    /// Its password (8 to 128 characters).
    pub password: String,
}

/// A signed-in answer: the user as JSON, and the new session's cookie.
fn signed_in(
    state: &AppState,
    request: &HeaderMap,
    status: StatusCode,
    user: User,
    token: &str,
) -> Response {
    let cookie = auth::session_cookie(Some(token), state.cookie_security(), request);
    (status, [(header::SET_COOKIE, cookie)], Json(user)).into_response()
}

async fn sign_up(
    State(state): State<AppState>,
    id: CorrelationId,
    headers: HeaderMap,
    Body(credentials): Body<Credentials>,
) -> Result<Response, ApiError> {
    let store = state.store()?;
    let email = auth::valid_email(&credentials.email)?;
    auth::valid_password(&credentials.password)?;
    let hash = password::hash(credentials.password).await?;
    let user = store
        .create_user(&Actor::anonymous(id.0.clone()), &email, &hash)
        .await?;
    // Like sign-in, signing up ends the session the browser had.
    let previous = auth::session_token(&headers);
    let session = store
        .start_session(&Actor::user(user.id.clone(), id.0), previous.as_deref())
        .await?;
    Ok(signed_in(
        &state,
        &headers,
        StatusCode::CREATED,
        user,
        &session.token,
    ))
}

/// The client's address as the limit's key; `unknown` when the server was not started with
/// connection info (tests driving the router in process).
fn client_key(connection: Option<&ConnectInfo<SocketAddr>>) -> String {
    connection.map_or_else(|| "ip:unknown".to_owned(), |c| format!("ip:{}", c.0.ip()))
}

async fn sign_in(
    State(state): State<AppState>,
    id: CorrelationId,
    headers: HeaderMap,
    connection: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    Body(credentials): Body<Credentials>,
) -> Result<Response, ApiError> {
    let store = state.store()?;
    let email = auth::valid_email(&credentials.email)?;
    let email_key = format!("email:{email}");
    let keys = [
        email_key.clone(),
        client_key(connection.as_ref().map(|c| &c.0)),
    ];
    state
        .sign_in_limit()
        .check(&keys)
        .map_err(|wait| ApiError::RateLimited {
            retry_after_secs: wait.as_secs_f64().ceil() as u64,
        })?;
    let account = store.user_credentials(&email).await?;
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let matches = password::verify(credentials.password, stored).await?;
    let Some(account) = account.filter(|_| matches) else {
        state.sign_in_limit().fail(&keys);
        store
            .record_audit(
                &Actor::anonymous(id.0),
                "session.signin_failed",
                serde_json::json!({ "email": email }),
            )
            .await?;
        return Err(ApiError::Unauthorized);
    };
    state.sign_in_limit().clear(&email_key);
    let previous = auth::session_token(&headers);
    let session = store
        .start_session(
            &Actor::user(account.user.id.clone(), id.0),
            previous.as_deref(),
        )
        .await?;
    Ok(signed_in(
        &state,
        &headers,
        StatusCode::OK,
        account.user,
        &session.token,
    ))
}

/// Ends the browser's session, if it has one, and clears the cookie: `204` either way.
async fn sign_out(
    State(state): State<AppState>,
    id: CorrelationId,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = auth::session_token(&headers) {
        state
            .store()?
            .end_session(&Actor::anonymous(id.0), &token)
            .await?;
    }
    let cookie = auth::session_cookie(None, state.cookie_security(), &headers);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

async fn me(current: CurrentUser) -> Json<User> {
    Json(current.user)
}

async fn session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Session>, ApiError> {
    let user = auth::user_from_headers(state.store()?, &headers).await?;
    Ok(Json(Session { user }))
}
