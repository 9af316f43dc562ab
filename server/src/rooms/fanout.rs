//! Fan-out between server nodes through Redis pub/sub: each node publishes the frames its
//! rooms accepted (document updates after storing them, awareness) on `<prefix><project>`,
//! and hands what other nodes published to its own loaded room of that project, which checks
//! the update with its engine and relays it to its clients (without storing it again: the
//! publishing node did, in the store the nodes share).
//!
//! A payload is the publishing node's id (8 bytes, little-endian) followed by one y-websocket
//! frame; a node skips its own.

use std::hash::{BuildHasher, Hasher};
use std::sync::Weak;

use axum::body::Bytes;
use futures_util::StreamExt;
use redis::AsyncCommands;
use tokio::sync::mpsc;

use super::room::Event;
use super::Shared;

/// Why the broker could not be reached.
#[derive(Debug, thiserror::Error)]
#[error("cannot fan out through Redis at {url}: {source}")]
pub struct FanoutError {
    url: String,
    #[source]
    source: redis::RedisError,
}

/// What rooms publish through.
#[derive(Clone, Debug)]
pub(crate) struct Publisher {
    node: u64,
    prefix: String,
    queue: mpsc::UnboundedSender<(String, Vec<u8>)>,
}

impl Publisher {
    /// Publishes one frame of `project`'s room to the other nodes (in order, never blocking).
    pub(crate) fn publish(&self, project: &str, frame: &[u8]) {
        let mut payload = Vec::with_capacity(8 + frame.len());
        payload.extend_from_slice(&self.node.to_le_bytes());
        payload.extend_from_slice(frame);
        let _ = self
            .queue
            .send((format!("{}{project}", self.prefix), payload));
    }
}

/// A random node id: nodes need only tell themselves from each other.
fn node_id() -> u64 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

/// Connects to Redis at `url`: a publishing task and a subscription to `<prefix>*` whose
/// messages reach `shared`'s loaded rooms.
pub(crate) async fn connect(
    url: &str,
    prefix: &str,
    shared: Weak<Shared>,
) -> Result<Publisher, FanoutError> {
    let failed = |source| FanoutError {
        url: url.to_owned(),
        source,
    };
    let client = redis::Client::open(url).map_err(failed)?;
    let mut connection = client
        .get_multiplexed_async_connection()
        .await
        .map_err(failed)?;
    let mut pubsub = client.get_async_pubsub().await.map_err(failed)?;
    pubsub
        .psubscribe(format!("{prefix}*"))
        .await
        .map_err(failed)?;
    let node = node_id();
    let (queue, mut outgoing) = mpsc::unbounded_channel::<(String, Vec<u8>)>();
    tokio::spawn(async move {
        while let Some((channel, payload)) = outgoing.recv().await {
            let published: redis::RedisResult<i64> = connection.publish(&channel, payload).await;
            if let Err(e) = published {
                tracing::error!(channel, "cannot publish to Redis: {e}");
            }
        }
    });
    let own_prefix = prefix.to_owned();
    tokio::spawn(async move {
        let mut messages = pubsub.into_on_message();
        while let Some(message) = messages.next().await {
            let Some(project) = message.get_channel_name().strip_prefix(&own_prefix) else {
                continue;
            };
            let payload = message.get_payload_bytes();
            let Some((from, frame)) = payload.split_first_chunk::<8>() else {
                tracing::warn!(project, "ignoring a malformed fan-out message");
                continue;
            };
            if u64::from_le_bytes(*from) == node {
                continue;
            }
            let Some(shared) = shared.upgrade() else {
                return;
            };
            let events = shared.lock_rooms().get(project).map(|r| r.events.clone());
            if let Some(events) = events {
                let bytes = Bytes::copy_from_slice(frame);
                let _ = events.send(Event::Remote { bytes }).await;
            }
        }
        tracing::error!("the Redis subscription ended: other nodes' edits no longer arrive");
    });
    Ok(Publisher {
        node,
        prefix: prefix.to_owned(),
        queue,
    })
}
