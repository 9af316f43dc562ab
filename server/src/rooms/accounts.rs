//! The rooms on the server's [`Store`]: the document log in its tables, and [`SessionGate`],
//! which admits a connection by its session cookie, the user's membership and role — the same
//! rules as every HTTP route (owner and editor write, viewer reads, anyone else is told the
//! project does not exist).

use async_trait::async_trait;
use axum::http::{HeaderMap, Uri};
use omnios_engine::{Author, UserId};

use std::sync::Arc;

use super::gate::{Access, Admission, RoomError, RoomGate};
use super::storage::{DocumentLog, StorageError, StoredDocument};
use super::{RoomConfig, Rooms};
use crate::auth::user_from_headers;
use crate::store::{ProjectId, Store};

#[async_trait]
impl DocumentLog for Store {
    async fn append_update(&self, project: &str, update: &[u8]) -> Result<i64, StorageError> {
        Store::append_update(self, &ProjectId(project.to_owned()), update)
            .await
            .map_err(StorageError::new)
    }

    async fn append_updates(
        &self,
        project: &str,
        updates: &[Vec<u8>],
    ) -> Result<i64, StorageError> {
        Store::append_updates(self, &ProjectId(project.to_owned()), updates)
            .await
            .map_err(StorageError::new)
    }

    async fn load_document(&self, project: &str) -> Result<StoredDocument, StorageError> {
        Store::load_document(self, &ProjectId(project.to_owned()))
            .await
            .map_err(StorageError::new)
    }

    async fn compact(
        &self,
        project: &str,
        snapshot: &[u8],
        up_to_seq: i64,
    ) -> Result<(), StorageError> {
        Store::compact(self, &ProjectId(project.to_owned()), snapshot, up_to_seq)
            .await
            .map_err(StorageError::new)
    }

    async fn record_automatic_version(
        &self,
        project: &str,
        doc: &[u8],
        element_count: u32,
    ) -> Result<(), StorageError> {
        // The list shows each version's time; the name says how it came to be.
        Store::create_automatic_version(
            self,
            &ProjectId(project.to_owned()),
            "Automatic version",
            doc,
            i64::from(element_count),
        )
        .await
        .map(drop)
        .map_err(StorageError::new)
    }
}

/// Admits members by the `omnios_session` cookie: owners and editors write, viewers read.
/// No valid session is [`RoomError::Unauthorized`]; a project that does not exist or that the
/// user is not a member of is [`RoomError::NotFound`] (the two look the same from outside).
#[derive(Debug, Clone)]
pub struct SessionGate {
    store: Store,
}

impl SessionGate {
    /// A gate asking `store` who the caller is and what they may do.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[async_trait]
impl RoomGate for SessionGate {
    async fn access(
        &self,
        project: &str,
        headers: &HeaderMap,
        _: &Uri,
    ) -> Result<Admission, RoomError> {
        let unavailable = |e: crate::store::StoreError| RoomError::Unavailable(e.to_string());
        let user = user_from_headers(&self.store, headers)
            .await
            .map_err(unavailable)?
            .ok_or(RoomError::Unauthorized)?;
        let role = self
            .store
            .role_of(&user.id, &ProjectId(project.to_owned()))
            .await
            .map_err(unavailable)?
            .ok_or_else(|| RoomError::NotFound(project.to_owned()))?;
        let access = if role.can_edit() {
            Access::Write
        } else {
            Access::Read
        };
        // The editor writes comments as the account: its id, its email address as the name. An
        // account id the engine cannot take as an author admits nobody: its updates would
        // otherwise go unchecked.
        let id = UserId::parse(&user.id.0)
            .map_err(|e| RoomError::Unavailable(format!("account {}: {e}", user.id)))?;
        let author = Some(Author {
            id,
            name: user.email.clone(),
        });
        Ok(Admission { access, author })
    }
}

impl Rooms {
    /// Rooms as `omnios serve` runs them: documents in `store`'s tables, members admitted by
    /// their session ([`SessionGate`]).
    pub fn on_store(store: &Store, config: RoomConfig) -> Self {
        Rooms::new(
            Arc::new(store.clone()),
            Arc::new(SessionGate::new(store.clone())),
            config,
        )
    }
}
