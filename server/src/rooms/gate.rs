//! [`RoomGate`]: who may join a project's room, and whether they may write. The room asks it
//! once, before the WebSocket upgrade; every frame afterwards is judged by the [`Access`] it
//! answered (a reader's document updates are refused).

use std::collections::HashMap;

use async_trait::async_trait;
use axum::http::{header, HeaderMap, Uri};
use omnios_engine::Author;

/// What a joined client may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    /// Receive, send awareness and document updates.
    Write,
    /// Receive and send awareness; every document update it sends is refused.
    Read,
}

/// Who a client is and what they may do, as the gate admitted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    /// Whether they may change the design.
    pub access: Access,
    /// Their account, when the gate knows one. Every update such a client sends is checked
    /// against what this person may write (`Engine::apply_update_from`): comments only in their
    /// own name, and a reader comments but changes nothing else. Without one, a reader's
    /// updates are all refused and a writer's are checked as any peer's.
    pub author: Option<Author>,
}

impl Admission {
    /// Admitted with `access`, nobody in particular.
    pub fn anonymous(access: Access) -> Self {
        Self {
            access,
            author: None,
        }
    }
}

/// Why a client may not join, or the room could not open.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum RoomError {
    /// 401: no credentials, or credentials nobody issued.
    #[error("sign in to join this project's live room")]
    Unauthorized,
    /// 404: no such project, or one the caller is not a member of (the two look the same).
    #[error("no project {0:?}")]
    NotFound(String),
    /// 503: the room could not load the project's document (the log says why).
    #[error("the project's live room is unavailable: {0}")]
    Unavailable(String),
}

impl RoomError {
    /// Stable code for clients to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::NotFound(_) => "not_found",
            Self::Unavailable(_) => "room_unavailable",
        }
    }
}

/// Decides who joins a project's room. The request's headers carry the session cookie or an
/// `Authorization` header; the URI its query (browsers cannot set headers on a WebSocket).
#[async_trait]
pub trait RoomGate: Send + Sync {
    /// Who the caller is and their access to `project`, or why they may not join.
    async fn access(
        &self,
        project: &str,
        headers: &HeaderMap,
        uri: &Uri,
    ) -> Result<Admission, RoomError>;
}

/// Everyone may write every project: `omnios serve` on this machine until accounts exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenGate;

#[async_trait]
impl RoomGate for OpenGate {
    async fn access(&self, _: &str, _: &HeaderMap, _: &Uri) -> Result<Admission, RoomError> {
        Ok(Admission::anonymous(Access::Write))
    }
}

/// Access by bearer token: `Authorization: Bearer <token>` or `?token=<token>`, looked up in
/// a fixed table of `token → (project → access)`. For tests and tools, not for people.
#[derive(Debug, Clone, Default)]
pub struct TokenGate {
    tokens: HashMap<String, HashMap<String, Access>>,
}

impl TokenGate {
    /// An empty table: nobody joins.
    pub fn new() -> Self {
        Self::default()
    }

    /// A table from JSON `{"<token>": {"<project>": "write" | "read"}}` (`omnios serve
    /// --live-tokens FILE`).
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        Ok(Self {
            tokens: serde_json::from_str(json)?,
        })
    }

    /// The same table with `token` granted `access` to `project`.
    pub fn grant(mut self, token: &str, project: &str, access: Access) -> Self {
        self.tokens
            .entry(token.to_owned())
            .or_default()
            .insert(project.to_owned(), access);
        self
    }
}

/// The token a request carries, header first.
fn token<'a>(headers: &'a HeaderMap, uri: &'a Uri) -> Option<&'a str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    bearer.or_else(|| {
        uri.query()?
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="))
    })
}

#[async_trait]
impl RoomGate for TokenGate {
    async fn access(
        &self,
        project: &str,
        headers: &HeaderMap,
        uri: &Uri,
    ) -> Result<Admission, RoomError> {
        // A token is a secret: it never becomes an author in the document.
        let grants = token(headers, uri)
            .and_then(|t| self.tokens.get(t))
            .ok_or(RoomError::Unauthorized)?;
        grants
            .get(project)
            .copied()
            .map(Admission::anonymous)
            .ok_or_else(|| RoomError::NotFound(project.to_owned()))
    }
}
