//! # omnios-server
//!
//! The `omnios` binary's library: everything but reading configuration and binding a socket.
//! [`app`] builds the whole HTTP surface as one axum [`Router`], so tests drive it in process.
//!
//! - [`http`]: one module per resource, each exporting `router()`: `health` (`/healthz`),
//!   `auth`, `projects`, `members`, `share_links`, `versions`, `blobs` (a project's asset bytes), `live`
//!   (`/api/…`) and
//!   `editor` (the built editor in `web/dist`, with the SPA fallback); `headers` adds the
//!   security headers (CSP, `nosniff`) and `correlation` the `x-correlation-id` to every
//!   response.
//! - [`store`]: [`Store`], users, sessions, projects, members, share links, the audit log,
//!   the document log, the versions and which blobs each project holds, in SQLite or PostgreSQL.
//! - [`auth`]: passwords, the session cookie, the sign-in limit, and [`auth::CurrentUser`], the
//!   extractor for "who is asking".
//! - [`rooms`]: [`Rooms`], a live WebSocket room per project (y-websocket protocol), every
//!   update validated by the engine, stored, then relayed.
//! - [`blobs`]: [`BlobStore`], asset bytes by SHA-256 on the filesystem, in memory or on S3.
//! - [`error`]: [`ApiError`], the one error type handlers return.
//!
//! Start at [`app`], then `src/main.rs` for how `omnios serve` runs it.
//!
//! ```
//! let router = omnios_server::app(omnios_server::AppState::new("web/dist"));
//! # drop(router);
//! ```

pub mod auth;
pub mod blobs;
pub mod cli;
pub mod error;
pub mod http;
pub mod rooms;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use tower_http::trace::TraceLayer;

pub use auth::CookieSecurity;
pub use blobs::BlobStore;
pub use error::ApiError;
pub use rooms::Rooms;
pub use store::Store;

/// The server's version, as built.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What every handler may read. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    web_dir: Arc<Path>,
    blobs: BlobStore,
    store: Option<Store>,
    cookie_security: CookieSecurity,
    sign_in_limit: Arc<auth::limit::SignInLimit>,
    rooms: Option<Rooms>,
}

impl AppState {
    /// State serving the built editor from `web_dir` (normally `web/dist`), with blobs in
    /// memory until [`AppState::with_blobs`] gives a store.
    pub fn new(web_dir: impl Into<PathBuf>) -> Self {
        Self {
            web_dir: Arc::from(web_dir.into()),
            blobs: BlobStore::memory(),
            store: None,
            cookie_security: CookieSecurity::Auto,
            sign_in_limit: Arc::default(),
            rooms: None,
        }
    }

    /// The same state with its accounts, projects and documents in `store`; without one the
    /// `/api/` routes answer 500 `internal`.
    pub fn with_store(mut self, store: Store) -> Self {
        self.store = Some(store);
        self
    }

    /// The same state marking session cookies `Secure` as `security` says.
    pub fn with_cookie_security(mut self, security: CookieSecurity) -> Self {
        self.cookie_security = security;
        self
    }

    /// The store, or [`ApiError::NoStore`].
    pub fn store(&self) -> Result<&Store, ApiError> {
        self.store.as_ref().ok_or(ApiError::NoStore)
    }

    /// When session cookies are `Secure`.
    pub fn cookie_security(&self) -> CookieSecurity {
        self.cookie_security
    }

    /// The failed sign-in counts.
    pub fn sign_in_limit(&self) -> &auth::limit::SignInLimit {
        &self.sign_in_limit
    }

    /// The same state with live rooms (`/api/projects/{id}/live`); without, that route
    /// answers 503.
    pub fn with_rooms(mut self, rooms: Rooms) -> Self {
        self.rooms = Some(rooms);
        self
    }

    /// The live rooms, if enabled.
    pub fn rooms(&self) -> Option<&Rooms> {
        self.rooms.as_ref()
    }

    /// The same state with its blobs in `blobs`.
    pub fn with_blobs(mut self, blobs: BlobStore) -> Self {
        self.blobs = blobs;
        self
    }

    /// The blob store.
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// The folder holding the built editor.
    pub fn web_dir(&self) -> &Path {
        &self.web_dir
    }

    /// The editor's entry page; its absence means the editor is not built.
    pub fn index_html(&self) -> PathBuf {
        self.web_dir.join("index.html")
    }
}

/// The whole HTTP surface of `omnios serve`.
pub fn app(state: AppState) -> Router {
    http::router()
        .layer(axum::middleware::map_response(
            http::headers::security_headers,
        ))
        .layer(axum::middleware::from_fn(http::correlation::assign))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
