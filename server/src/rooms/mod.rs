//! Live rooms: one WebSocket room per project speaking the y-websocket protocol (sync step
//! 1/2, update, awareness, query-awareness through `yrs::sync`), so any Y.js client joins.
//!
//! - [`Rooms`]: the registry; a project's room loads on first join and unloads when idle.
//! - `room.rs`: one room's thread — the server's copy of the document in an engine, which
//!   validates every update before it is stored ([`DocumentLog`]) and then relayed.
//! - `socket.rs`: one client's connection (reader, writer with a bounded queue, pings).
//! - [`RoomGate`]: who may join and whether they may write ([`Access`]). `omnios serve` uses
//!   [`SessionGate`] (session cookie → membership → role); [`TokenGate`] and [`OpenGate`] serve
//!   tests and tools that run rooms without accounts.
//! - [`DocumentLog`]: where a room stores its document. `omnios serve` stores it in the
//!   database ([`crate::Store`], `accounts.rs`); [`FileLog`] keeps it in files, for rooms
//!   without a database.
//! - `fanout.rs`: several nodes' rooms of one project joined through Redis pub/sub.
//!
//! The route is `GET /api/projects/{id}/live` (`crate::http::live`).

mod accounts;
mod fanout;
mod file_log;
mod gate;
mod protocol;
mod room;
mod socket;
mod storage;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

pub use accounts::SessionGate;
pub use fanout::FanoutError;
pub use file_log::{FileLog, FileLogError};
pub use gate::{Access, Admission, OpenGate, RoomError, RoomGate, TokenGate};
pub(crate) use socket::serve_socket;
pub use storage::{DocumentLog, StorageError, StoredDocument};

use room::{ConnId, Event, Outgoing};

/// How rooms behave; [`RoomConfig::default`] is what `omnios serve` uses.
#[derive(Debug, Clone)]
pub struct RoomConfig {
    /// Largest frame a client may send; a larger one closes its connection (1009).
    pub max_frame_bytes: usize,
    /// Frames queued for one client before it counts as too slow and is dropped.
    pub send_queue: usize,
    /// How long an empty room stays loaded.
    pub idle_grace: Duration,
    /// Compact the stored log after this many updates…
    pub compact_after_updates: u64,
    /// …or this many bytes of updates.
    pub compact_after_bytes: u64,
    /// How often clients are pinged; one that answered nothing since the last ping is closed.
    pub ping_interval: Duration,
    /// An automatic version is kept this long after the first edit it would hold (while edits
    /// go on), and when a room that had edits unloads.
    pub auto_version_after: Duration,
}

impl Default for RoomConfig {
    fn default() -> Self {
        Self {
            // A whole 10,000-element page is ~5.6 MB: a client uploading its local project
            // as its first sync step 2 must fit.
            max_frame_bytes: 8 * 1024 * 1024,
            send_queue: 1024,
            idle_grace: Duration::from_secs(30),
            compact_after_updates: 500,
            compact_after_bytes: 16 * 1024 * 1024,
            ping_interval: Duration::from_secs(30),
            // "Auto-checkpoint timer (10 minutes)", like the editor's local versions.
            auto_version_after: Duration::from_secs(10 * 60),
        }
    }
}

/// Whether `id` may name a project's room (and its files): 1–128 of `A-Z a-z 0-9 _ -`.
pub fn is_project_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Every project's room on this server. Cheap to clone.
#[derive(Clone)]
pub struct Rooms {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Rooms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rooms")
            .field("config", &self.shared.config)
            .field("loaded", &self.loaded())
            .finish()
    }
}

/// A loaded room as the registry knows it.
pub(crate) struct RoomEntry {
    events: mpsc::Sender<Event>,
    /// Which load of the project this is: a room removes only its own entry.
    generation: u64,
}

pub(crate) struct Shared {
    log: Arc<dyn DocumentLog>,
    gate: Arc<dyn RoomGate>,
    config: RoomConfig,
    rooms: Mutex<HashMap<String, RoomEntry>>,
    next_id: AtomicU64,
    fanout: OnceLock<fanout::Publisher>,
}

impl Shared {
    pub(crate) fn lock_rooms(&self) -> MutexGuard<'_, HashMap<String, RoomEntry>> {
        self.rooms.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A client in a room: where its frames go and where the room's frames for it come from.
/// Dropping it tells the room the client left.
pub(crate) struct Joined {
    conn: ConnId,
    events: mpsc::Sender<Event>,
    outgoing: mpsc::Receiver<Outgoing>,
    max_frame_bytes: usize,
    ping_interval: Duration,
}

impl Drop for Joined {
    fn drop(&mut self) {
        let leave = Event::Leave { conn: self.conn };
        if let Err(mpsc::error::TrySendError::Full(leave)) = self.events.try_send(leave) {
            let events = self.events.clone();
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    let _ = events.send(leave).await;
                });
            }
        }
    }
}

/// Events queued for one room before clients' readers wait (back-pressure on the socket).
const ROOM_QUEUE: usize = 4096;

impl Rooms {
    /// Rooms storing documents in `log` and admitting clients through `gate`.
    pub fn new(log: Arc<dyn DocumentLog>, gate: Arc<dyn RoomGate>, config: RoomConfig) -> Self {
        Self {
            shared: Arc::new(Shared {
                log,
                gate,
                config,
                rooms: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                fanout: OnceLock::new(),
            }),
        }
    }

    /// Who may join.
    pub fn gate(&self) -> &dyn RoomGate {
        self.shared.gate.as_ref()
    }

    /// How rooms behave.
    pub fn config(&self) -> &RoomConfig {
        &self.shared.config
    }

    /// The projects whose rooms are loaded, sorted.
    pub fn loaded(&self) -> Vec<String> {
        let mut projects: Vec<String> = self.shared.lock_rooms().keys().cloned().collect();
        projects.sort();
        projects
    }

    /// The room's event queue, starting the room (its thread loads the document) if it is not
    /// loaded.
    fn room(&self, project: &str) -> Result<(mpsc::Sender<Event>, u64), RoomError> {
        let mut rooms = self.shared.lock_rooms();
        if let Some(entry) = rooms.get(project) {
            return Ok((entry.events.clone(), entry.generation));
        }
        let generation = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let (events, receiver) = mpsc::channel(ROOM_QUEUE);
        let surroundings = room::Surroundings {
            log: self.shared.log.clone(),
            config: self.shared.config.clone(),
            runtime: tokio::runtime::Handle::current(),
            fanout: self.shared.fanout.get().cloned(),
        };
        let (name, weak) = (project.to_owned(), Arc::downgrade(&self.shared));
        std::thread::Builder::new()
            .name(format!("room {project}"))
            .spawn(move || room::run(name, weak, generation, receiver, surroundings))
            .map_err(|e| RoomError::Unavailable(format!("cannot start the room: {e}")))?;
        rooms.insert(
            project.to_owned(),
            RoomEntry {
                events: events.clone(),
                generation,
            },
        );
        Ok((events, generation))
    }

    /// Fans this node's rooms out to the other nodes' through Redis pub/sub at `url`
    /// (channels `<prefix><project>`; every node of a deployment uses the same prefix and the
    /// same store). Call before the first join.
    pub async fn fan_out_through_redis(&self, url: &str, prefix: &str) -> Result<(), FanoutError> {
        let publisher = fanout::connect(url, prefix, Arc::downgrade(&self.shared)).await?;
        let _ = self.shared.fanout.set(publisher);
        Ok(())
    }

    /// Removes a room that is gone (its queue closed) from the registry.
    fn forget(&self, project: &str, generation: u64) {
        let mut rooms = self.shared.lock_rooms();
        if rooms
            .get(project)
            .is_some_and(|r| r.generation == generation)
        {
            rooms.remove(project);
        }
    }

    /// Joins `project`'s room as the gate admitted the client.
    pub(crate) async fn join(
        &self,
        project: &str,
        admission: Admission,
    ) -> Result<Joined, RoomError> {
        // A room that unloads between the lookup and the join drops the join: try again, which
        // loads it afresh.
        for _ in 0..3 {
            let (events, generation) = self.room(project)?;
            let conn = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
            let (tx, outgoing) = mpsc::channel(self.shared.config.send_queue);
            let (reply, answer) = oneshot::channel();
            let join = Event::Join {
                conn,
                admission: admission.clone(),
                tx,
                reply,
            };
            if events.send(join).await.is_err() {
                self.forget(project, generation);
                continue;
            }
            match answer.await {
                Ok(Ok(())) => {
                    return Ok(Joined {
                        conn,
                        events,
                        outgoing,
                        max_frame_bytes: self.shared.config.max_frame_bytes,
                        ping_interval: self.shared.config.ping_interval,
                    })
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => continue,
            }
        }
        Err(RoomError::Unavailable(
            "the room kept closing while joining".into(),
        ))
    }
}
