//! One project's room: a thread that owns the server's copy of the document (an
//! [`Engine`], which is not `Send`), the awareness states and the joined clients' send
//! queues. Every event — a join, a frame, a leave — is handled in turn, so the order in which
//! updates are validated is the order in which they are stored and relayed.
//!
//! A document update from a client is applied through [`Engine::apply_update`] (the same
//! checks as commands), appended to the [`DocumentLog`], and only then relayed to the other
//! clients. Updates queued behind one another are stored together (group commit): the room
//! validates every update frame waiting in its queue, stores the accepted ones in one durable
//! write, then relays them in order — one sync to disk for a burst instead of one per update.
//! A refused update reaches nobody and is not stored; its sender is closed with the reason.
//! After the last client leaves the room waits [`RoomConfig::idle_grace`], keeps an automatic
//! version if updates were stored since the last one (also every
//! [`RoomConfig::auto_version_after`] while edits go on), compacts and unloads; the next join
//! loads it again from storage.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Weak};
use std::time::Instant;

use axum::body::Bytes;
use omnios_engine::{Engine, EngineError, EngineOptions, Sender};
use tokio::runtime::Handle;
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, oneshot};
use yrs::block::ClientID;
use yrs::sync::{Awareness, AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, Update};

use super::fanout::Publisher;
use super::gate::{Access, Admission, RoomError};
use super::protocol::{
    self, CLOSE_MALFORMED, CLOSE_POLICY, CLOSE_READ_ONLY, CLOSE_REFUSED, CLOSE_UNSUPPORTED,
};
use super::storage::DocumentLog;
use super::{RoomConfig, Shared};
use crate::cli::SystemClock;

/// Awareness client ids one connection may set (a Y.js client sets one).
const MAX_PRESENCES: usize = 8;

/// At most this many accepted updates wait for one group commit…
const MAX_BATCH_UPDATES: usize = 256;
/// …or this many bytes of them.
const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;
/// Events handled before a batch is stored and relayed, whatever they hold.
const MAX_BATCH_EVENTS: usize = 1024;

/// A connection's number, unique in this process.
pub(crate) type ConnId = u64;

/// What a connection's writer sends.
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// A binary frame.
    Frame(Bytes),
    /// A close frame with a code and reason; nothing follows.
    Close(u16, String),
}

/// What reaches a room.
pub(crate) enum Event {
    /// A client joins as the gate admitted it; the room sends to it through `tx` and answers
    /// `reply` once the client is in (or why it cannot be).
    Join {
        conn: ConnId,
        admission: Admission,
        tx: mpsc::Sender<Outgoing>,
        reply: oneshot::Sender<Result<(), RoomError>>,
    },
    /// A binary frame from a client.
    Frame { conn: ConnId, bytes: Bytes },
    /// The client's connection ended.
    Leave { conn: ConnId },
    /// A frame another node's room accepted (and stored), through the broker.
    Remote { bytes: Bytes },
}

struct Client {
    access: Access,
    /// The account its updates are checked against (`Engine::apply_update_from`), made once
    /// when it joins; `None` when the gate named nobody.
    sender: Option<Sender>,
    tx: mpsc::Sender<Outgoing>,
    /// Awareness client ids this connection set (removed when it leaves).
    awareness: HashSet<ClientID>,
}

/// Why a message was refused: its sender is closed with this code and reason.
struct Refusal {
    code: u16,
    reason: String,
}

/// What handling a message led to.
enum Handled {
    Done,
    Refused(Refusal),
    /// Storage failed: the room's copy is ahead of what is stored, so the room closes.
    Failed(String),
}

pub(crate) struct Room {
    project: String,
    log: Arc<dyn DocumentLog>,
    config: RoomConfig,
    runtime: Handle,
    engine: Engine,
    awareness: Awareness,
    clients: HashMap<ConnId, Client>,
    /// Which connection set each awareness client id.
    owners: HashMap<ClientID, ConnId>,
    /// Updates and bytes stored since the last compaction.
    since_compaction: (u64, u64),
    /// When the first update no automatic version holds yet was stored (None: none since).
    unversioned_since: Option<Instant>,
    /// Where accepted frames go to the other nodes.
    fanout: Option<Publisher>,
    /// Updates accepted by the engine but not stored yet (the next group commit), with their
    /// senders; nothing in it has been relayed.
    unstored: Vec<(ConnId, Vec<u8>)>,
    unstored_bytes: usize,
    /// Awareness client ids whose state changed since presence was last relayed.
    awareness_changed: HashSet<ClientID>,
    /// The compaction running on a thread of its own, if any.
    compacting: Option<std::thread::JoinHandle<()>>,
}

/// The room's thread: load, then handle events until idle past the grace period or failed.
/// What a room works with besides its events.
pub(crate) struct Surroundings {
    pub(crate) log: Arc<dyn DocumentLog>,
    pub(crate) config: RoomConfig,
    pub(crate) runtime: Handle,
    pub(crate) fanout: Option<Publisher>,
}

pub(crate) fn run(
    project: String,
    shared: Weak<Shared>,
    generation: u64,
    mut events: mpsc::Receiver<Event>,
    surroundings: Surroundings,
) {
    let runtime = surroundings.runtime.clone();
    // Timers and storage futures run on the server's runtime; this thread only waits on them.
    let _entered = runtime.enter();
    let mut room = match Room::load(project.clone(), surroundings) {
        Ok(room) => room,
        Err(reason) => {
            tracing::error!(project, "cannot open the live room: {reason}");
            forget(&shared, &project, generation);
            events.close();
            while let Ok(event) = events.try_recv() {
                if let Event::Join { reply, .. } = event {
                    let _ = reply.send(Err(RoomError::Unavailable(
                        "the project's document could not be loaded".into(),
                    )));
                }
            }
            return;
        }
    };
    tracing::info!(project, "live room loaded");
    loop {
        let event = if room.clients.is_empty() {
            let grace = room.config.idle_grace;
            match runtime.block_on(tokio::time::timeout(grace, events.recv())) {
                Ok(Some(event)) => event,
                Ok(None) => break,
                Err(_elapsed) => {
                    // Compacted before leaving the registry: a reload reads one snapshot.
                    room.keep_automatic_version();
                    room.compact();
                    match next_unless_unloaded(&shared, &project, generation, &mut events) {
                        Some(event) => event,
                        None => break,
                    }
                }
            }
        } else {
            match events.blocking_recv() {
                Some(event) => event,
                None => break,
            }
        };
        if let Err(reason) = room.handle_with_queued(event, &mut events) {
            tracing::error!(project, "closing the live room: {reason}");
            forget(&shared, &project, generation);
            room.close_all(
                protocol::CLOSE_STORAGE_FAILED,
                "the server could not store an update; reconnect",
            );
            return;
        }
    }
    room.keep_automatic_version();
    room.compact();
    tracing::info!(project, "live room unloaded");
}

/// An event that arrived just as the grace period ended, or `None` once the room is out of
/// the registry: joins from then on start a new room, and any join already queued here is
/// dropped unanswered (its caller retries).
fn next_unless_unloaded(
    shared: &Weak<Shared>,
    project: &str,
    generation: u64,
    events: &mut mpsc::Receiver<Event>,
) -> Option<Event> {
    let shared = shared.upgrade()?;
    let mut rooms = shared.lock_rooms();
    if let Ok(event) = events.try_recv() {
        return Some(event);
    }
    if rooms
        .get(project)
        .is_some_and(|r| r.generation == generation)
    {
        rooms.remove(project);
    }
    None
}

fn forget(shared: &Weak<Shared>, project: &str, generation: u64) {
    if let Some(shared) = shared.upgrade() {
        let mut rooms = shared.lock_rooms();
        if rooms
            .get(project)
            .is_some_and(|r| r.generation == generation)
        {
            rooms.remove(project);
        }
    }
}

impl Room {
    /// The room with the stored document loaded.
    fn load(project: String, surroundings: Surroundings) -> Result<Self, String> {
        let Surroundings {
            log,
            config,
            runtime,
            fanout,
        } = surroundings;
        let (engine, stored) = engine_from_storage(&project, log.as_ref(), &runtime)?;
        Ok(Self {
            project,
            log,
            config,
            runtime,
            engine,
            awareness: Awareness::new(Doc::new()),
            clients: HashMap::new(),
            owners: HashMap::new(),
            since_compaction: (stored.len() as u64, 0),
            unversioned_since: None,
            fanout,
            unstored: Vec::new(),
            unstored_bytes: 0,
            awareness_changed: HashSet::new(),
            compacting: None,
        })
    }

    /// Handles `event` and, while it left updates to store or presence to relay, the events
    /// already queued behind it (up to a batch's limits); then stores those updates in one
    /// write and relays them, and relays the presence that changed in one frame. Under load a
    /// batch grows with the queue; with nothing queued it is the one event. An error means
    /// storage failed and the room must close.
    fn handle_with_queued(
        &mut self,
        event: Event,
        events: &mut mpsc::Receiver<Event>,
    ) -> Result<(), String> {
        self.handle(event)?;
        let mut handled = 1;
        while (!self.unstored.is_empty() || !self.awareness_changed.is_empty())
            && handled < MAX_BATCH_EVENTS
            && self.unstored.len() < MAX_BATCH_UPDATES
            && self.unstored_bytes < MAX_BATCH_BYTES
        {
            match events.try_recv() {
                Ok(event) => self.handle(event)?,
                Err(_) => break,
            }
            handled += 1;
        }
        self.store_and_relay()?;
        self.relay_awareness();
        Ok(())
    }

    /// Sends every presence state that changed since the last time, in one awareness frame, to
    /// everyone (the senders included).
    fn relay_awareness(&mut self) {
        if self.awareness_changed.is_empty() {
            return;
        }
        let changed: Vec<ClientID> = self.awareness_changed.drain().collect();
        if let Ok(update) = self.awareness.update_with_clients(changed) {
            let frame = Bytes::from(protocol::awareness(update));
            self.broadcast(None, frame.clone());
            self.publish(&frame);
        }
    }

    /// The group commit: stores every accepted update waiting, in one durable write, then
    /// relays each to everyone but its sender, in the order they were accepted.
    fn store_and_relay(&mut self) -> Result<(), String> {
        if self.unstored.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.unstored);
        self.unstored_bytes = 0;
        let updates: Vec<Vec<u8>> = batch.iter().map(|(_, update)| update.clone()).collect();
        let last = self
            .runtime
            .block_on(self.log.append_updates(&self.project, &updates))
            .map_err(|e| e.to_string())?;
        self.since_compaction.0 += updates.len() as u64;
        self.since_compaction.1 += updates.iter().map(|u| u.len() as u64).sum::<u64>();
        let first_unversioned = *self.unversioned_since.get_or_insert_with(Instant::now);
        tracing::trace!(project = self.project, count = batch.len(), last, "stored");
        for (conn, update) in batch {
            let frame = Bytes::from(protocol::sync_update(update));
            self.broadcast(Some(conn), frame.clone());
            self.publish(&frame);
        }
        if self.since_compaction.0 >= self.config.compact_after_updates
            || self.since_compaction.1 >= self.config.compact_after_bytes
        {
            self.compact_in_background();
        }
        if first_unversioned.elapsed() >= self.config.auto_version_after {
            self.keep_automatic_version();
        }
        Ok(())
    }

    /// Starts a compaction on a thread of its own: loading the stored document afresh and
    /// encoding it takes long enough to hold up every update behind it, and it reads only
    /// storage, never the room's copy. Skipped while the previous one runs (the count goes on,
    /// and the next update tries again); a failed one is logged and the next comes after
    /// another `compact_after_updates`. Storage refuses a snapshot older than the one stored.
    fn compact_in_background(&mut self) {
        if self.compacting.as_ref().is_some_and(|t| !t.is_finished()) {
            return;
        }
        if let Some(done) = self.compacting.take() {
            let _ = done.join();
        }
        self.since_compaction = (0, 0);
        let (project, log, runtime) =
            (self.project.clone(), self.log.clone(), self.runtime.clone());
        let spawned = std::thread::Builder::new()
            .name("omnios-compact".into())
            .spawn(move || {
                if let Err(e) = compact(&project, log.as_ref(), &runtime) {
                    tracing::error!(project, "compaction failed: {e}");
                }
            });
        match spawned {
            Ok(thread) => self.compacting = Some(thread),
            Err(e) => tracing::error!(
                project = self.project,
                "cannot start a compaction thread: {e}"
            ),
        }
    }

    /// Handles one event; an error means storage failed and the room must close.
    fn handle(&mut self, event: Event) -> Result<(), String> {
        // Only update frames join a group commit: whatever else happens sees the updates
        // accepted before it stored and relayed.
        if !matches!(event, Event::Frame { .. }) {
            self.store_and_relay()?;
            self.relay_awareness();
        }
        match event {
            Event::Join {
                conn,
                admission,
                tx,
                reply,
            } => {
                self.join(conn, admission, tx);
                if reply.send(Ok(())).is_err() {
                    // The caller gave up (its request ended): it never joined.
                    self.leave(conn);
                }
            }
            Event::Frame { conn, bytes } => {
                if !self.clients.contains_key(&conn) {
                    return Ok(());
                }
                match self.frame(conn, &bytes) {
                    Handled::Done => {}
                    Handled::Refused(refusal) => {
                        tracing::warn!(
                            project = self.project,
                            conn,
                            code = refusal.code,
                            "refused a frame: {}",
                            refusal.reason
                        );
                        self.close(conn, refusal.code, &refusal.reason);
                    }
                    Handled::Failed(reason) => return Err(reason),
                }
            }
            Event::Leave { conn } => self.leave(conn),
            Event::Remote { bytes } => self.remote(&bytes),
        }
        Ok(())
    }

    /// Registers the client and greets it as a y-websocket server does: sync step 1 with the
    /// room's state vector, then the awareness states present.
    fn join(&mut self, conn: ConnId, admission: Admission, tx: mpsc::Sender<Outgoing>) {
        let access = admission.access;
        let sender = admission.author.map(|author| Sender {
            author,
            may_edit: access == Access::Write,
        });
        self.clients.insert(
            conn,
            Client {
                access,
                sender,
                tx,
                awareness: HashSet::new(),
            },
        );
        self.send(
            conn,
            protocol::sync_step1(&self.engine.encode_state_vector()),
        );
        if let Ok(states) = self.awareness.update() {
            if !states.clients.is_empty() {
                self.send(conn, protocol::awareness(states));
            }
        }
        tracing::debug!(project = self.project, conn, ?access, "joined");
    }

    fn frame(&mut self, conn: ConnId, bytes: &[u8]) -> Handled {
        let messages = match protocol::decode_frame(bytes) {
            Ok(messages) => messages,
            Err(e) => {
                return Handled::Refused(Refusal {
                    code: CLOSE_MALFORMED,
                    reason: format!("malformed frame: {e}"),
                })
            }
        };
        for message in messages {
            let handled = self.message(conn, message);
            if !matches!(handled, Handled::Done) {
                return handled;
            }
        }
        Handled::Done
    }

    fn message(&mut self, conn: ConnId, message: Message) -> Handled {
        // A sync step 2 sent from here, awareness and the rest come after the updates accepted
        // before them are stored and relayed.
        if !matches!(
            message,
            Message::Sync(SyncMessage::SyncStep2(_) | SyncMessage::Update(_))
        ) {
            if let Err(reason) = self.store_and_relay() {
                return Handled::Failed(reason);
            }
        }
        match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                match self.engine.encode_state_as_update(&sv.encode_v1()) {
                    Ok(update) => self.send(conn, protocol::sync_step2(update)),
                    Err(e) => {
                        return Handled::Refused(Refusal {
                            code: CLOSE_MALFORMED,
                            reason: format!("malformed state vector: {e}"),
                        })
                    }
                }
                Handled::Done
            }
            Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                self.update(conn, update)
            }
            Message::Awareness(update) => self.awareness_update(conn, update),
            Message::AwarenessQuery => {
                if let Ok(states) = self.awareness.update() {
                    self.send(conn, protocol::awareness(states));
                }
                Handled::Done
            }
            // Clients have nothing to say about permissions: the gate decided at the door.
            Message::Auth(_) => Handled::Done,
            Message::Custom(tag, _) => Handled::Refused(Refusal {
                code: CLOSE_UNSUPPORTED,
                reason: format!("message type {tag} is not part of the protocol"),
            }),
        }
    }

    /// Validates a document update; an accepted one waits for the group commit, which stores
    /// and then relays it ([`Room::store_and_relay`]).
    fn update(&mut self, conn: ConnId, update: Vec<u8>) -> Handled {
        // A sync step 2 always carries the client's whole delete set (that is how Y.js encodes
        // it): one that holds nothing new is no write — not refused from a reader, not stored
        // again from a writer.
        if protocol::is_empty_update(&update) || self.adds_nothing(&update) {
            return Handled::Done;
        }
        let Some(client) = self.clients.get(&conn) else {
            return Handled::Done;
        };
        let applied = match (&client.sender, client.access) {
            (Some(sender), _) => self.engine.apply_update_from(&update, sender),
            (None, Access::Write) => self.engine.apply_update(&update),
            (None, Access::Read) => Err(EngineError::ReadOnly),
        };
        match applied {
            Ok(()) => {}
            Err(EngineError::ReadOnly) => {
                let reason = EngineError::ReadOnly.to_string();
                self.send(conn, protocol::denied(&reason));
                return Handled::Refused(Refusal {
                    code: CLOSE_READ_ONLY,
                    reason,
                });
            }
            Err(e) => {
                return Handled::Refused(Refusal {
                    code: CLOSE_REFUSED,
                    reason: format!("update refused: {e}"),
                });
            }
        }
        self.unstored_bytes += update.len();
        self.unstored.push((conn, update));
        Handled::Done
    }

    /// Whether `update` holds no structs and deletes only what this room's copy has deleted.
    fn adds_nothing(&self, update: &[u8]) -> bool {
        // No struct clients: the rest is a delete set, whose decoding reads no more than it has.
        if update.first() != Some(&0) {
            return false;
        }
        let Ok(theirs) = Update::decode_v1(update) else {
            return false;
        };
        let ours = self
            .engine
            .encode_state_as_update(&self.engine.encode_state_vector())
            .ok()
            .and_then(|bytes| Update::decode_v1(&bytes).ok());
        let Some(ours) = ours else {
            return false;
        };
        let new = theirs.delete_set().diff(ours.delete_set());
        new.iter()
            .all(|(_, ranges)| ranges.iter().all(|r| r.start >= r.end))
    }

    /// Applies an awareness update and sends what changed to everyone, the sender included
    /// (a y-websocket client alone in a room hears its own renewals, which keeps it from
    /// timing out).
    fn awareness_update(&mut self, conn: ConnId, update: AwarenessUpdate) -> Handled {
        let owned = self.clients.get(&conn).map_or(0, |c| c.awareness.len());
        let new = update
            .clients
            .keys()
            .filter(|id| self.owners.get(id) != Some(&conn))
            .count();
        if owned + new > MAX_PRESENCES {
            return Handled::Refused(Refusal {
                code: CLOSE_POLICY,
                reason: format!("more than {MAX_PRESENCES} presence states from one connection"),
            });
        }
        let summary = match self.awareness.apply_update_summary(update) {
            Ok(Some(summary)) => summary,
            Ok(None) => return Handled::Done,
            Err(e) => {
                return Handled::Refused(Refusal {
                    code: CLOSE_MALFORMED,
                    reason: format!("malformed awareness update: {e}"),
                })
            }
        };
        for id in summary.added.iter().chain(&summary.updated) {
            if let Some(previous) = self.owners.insert(*id, conn) {
                if previous != conn {
                    // The same Yjs client reconnected before its old connection was noticed gone.
                    if let Some(old) = self.clients.get_mut(&previous) {
                        old.awareness.remove(id);
                    }
                }
            }
            if let Some(client) = self.clients.get_mut(&conn) {
                client.awareness.insert(*id);
            }
        }
        for id in &summary.removed {
            self.owners.remove(id);
            if let Some(client) = self.clients.get_mut(&conn) {
                client.awareness.remove(id);
            }
        }
        // Relayed with the rest of the batch's presence changes (`relay_awareness`).
        self.awareness_changed.extend(summary.all_changes());
        Handled::Done
    }

    fn publish(&self, frame: &[u8]) {
        if let Some(fanout) = &self.fanout {
            fanout.publish(&self.project, frame);
        }
    }

    /// A frame another node accepted: its updates go through this room's engine too (a node
    /// never relays what its own engine refuses), then to every local client.
    fn remote(&mut self, bytes: &[u8]) {
        let Ok(messages) = protocol::decode_frame(bytes) else {
            tracing::warn!(
                project = self.project,
                "ignoring a malformed frame from another node"
            );
            return;
        };
        for message in messages {
            match message {
                Message::Sync(SyncMessage::Update(update) | SyncMessage::SyncStep2(update)) => {
                    match self.engine.apply_update(&update) {
                        Ok(()) => self.broadcast(None, Bytes::from(protocol::sync_update(update))),
                        Err(e) => tracing::error!(
                            project = self.project,
                            "refused an update another node accepted: {e}"
                        ),
                    }
                }
                Message::Awareness(update) => {
                    if let Ok(Some(summary)) = self.awareness.apply_update_summary(update) {
                        for id in &summary.removed {
                            self.owners.remove(id);
                        }
                        if let Ok(changed) =
                            self.awareness.update_with_clients(summary.all_changes())
                        {
                            self.broadcast(None, Bytes::from(protocol::awareness(changed)));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Removes a client that left: its awareness states go, and the others hear so.
    fn leave(&mut self, conn: ConnId) {
        let Some(client) = self.clients.remove(&conn) else {
            return;
        };
        let gone: Vec<ClientID> = client.awareness.into_iter().collect();
        for id in &gone {
            self.owners.remove(id);
            self.awareness.remove_state(*id);
        }
        if !gone.is_empty() {
            if let Ok(removed) = self.awareness.update_with_clients(gone) {
                let frame = Bytes::from(protocol::awareness(removed));
                self.broadcast(None, frame.clone());
                self.publish(&frame);
            }
        }
        tracing::debug!(project = self.project, conn, "left");
    }

    /// Closes one client with a code and reason; the room goes on.
    fn close(&mut self, conn: ConnId, code: u16, reason: &str) {
        if let Some(client) = self.clients.get(&conn) {
            // A full queue cannot take the close frame: dropping the sender closes it anyway.
            let _ = client
                .tx
                .try_send(Outgoing::Close(code, protocol::close_reason(reason)));
        }
        self.leave(conn);
    }

    fn close_all(&mut self, code: u16, reason: &str) {
        let conns: Vec<ConnId> = self.clients.keys().copied().collect();
        for conn in conns {
            self.close(conn, code, reason);
        }
    }

    fn send(&mut self, conn: ConnId, frame: Vec<u8>) {
        let Some(client) = self.clients.get(&conn) else {
            return;
        };
        if let Err(e) = client.tx.try_send(Outgoing::Frame(Bytes::from(frame))) {
            self.drop_laggard(conn, matches!(e, TrySendError::Full(_)));
        }
    }

    /// Sends `frame` to every client but `except`; clients whose queue is full are dropped.
    fn broadcast(&mut self, except: Option<ConnId>, frame: Bytes) {
        let mut laggards = Vec::new();
        for (conn, client) in &self.clients {
            if Some(*conn) == except {
                continue;
            }
            if let Err(e) = client.tx.try_send(Outgoing::Frame(frame.clone())) {
                laggards.push((*conn, matches!(e, TrySendError::Full(_))));
            }
        }
        for (conn, full) in laggards {
            self.drop_laggard(conn, full);
        }
    }

    /// A client whose send queue is full (or whose connection is gone): dropping its sender
    /// makes its writer close the socket once the queued frames are out.
    fn drop_laggard(&mut self, conn: ConnId, full: bool) {
        if full {
            tracing::warn!(
                project = self.project,
                conn,
                queue = self.config.send_queue,
                "dropping a client that does not read its messages"
            );
        }
        self.leave(conn);
    }

    /// Keeps the stored document as an automatic version when updates were stored since the
    /// last one. Made from storage, like a compaction; a failure is logged, and the next
    /// trigger tries again.
    fn keep_automatic_version(&mut self) {
        if self.unversioned_since.is_none() {
            return;
        }
        let kept = engine_from_storage(&self.project, self.log.as_ref(), &self.runtime).and_then(
            |(engine, _)| {
                let doc = engine
                    .encode_state_as_update(&[])
                    .map_err(|e| e.to_string())?;
                self.runtime
                    .block_on(self.log.record_automatic_version(
                        &self.project,
                        &doc,
                        engine.stored_element_count(),
                    ))
                    .map_err(|e| e.to_string())
            },
        );
        match kept {
            Ok(()) => {
                self.unversioned_since = None;
                tracing::debug!(project = self.project, "kept an automatic version");
            }
            Err(e) => tracing::error!(project = self.project, "automatic version failed: {e}"),
        }
    }

    /// Writes the stored document as the snapshot and drops the updates it holds. The snapshot
    /// is made from what storage holds (loaded afresh), not from this room's copy: with
    /// several nodes on one store, updates another node stored may not have arrived here yet.
    fn compact(&mut self) {
        // One compaction at a time: wait for the one in the background.
        if let Some(running) = self.compacting.take() {
            let _ = running.join();
        }
        if self.since_compaction.0 == 0 {
            return;
        }
        match compact(&self.project, self.log.as_ref(), &self.runtime) {
            Ok(()) => self.since_compaction = (0, 0),
            // The log still holds everything: the next compaction tries again.
            Err(e) => tracing::error!(project = self.project, "compaction failed: {e}"),
        }
    }
}

/// An engine holding `project`'s stored document, and the sequence numbers of the updates
/// after the snapshot. Stored updates are checked again as they load; one the engine refuses
/// (storage altered behind the server's back) is skipped and logged.
fn engine_from_storage(
    project: &str,
    log: &dyn DocumentLog,
    runtime: &Handle,
) -> Result<(Engine, Vec<i64>), String> {
    let stored = runtime
        .block_on(log.load_document(project))
        .map_err(|e| e.to_string())?;
    let mut engine = Engine::new(EngineOptions::new(0, Arc::new(SystemClock)));
    // What the room stored itself is loaded as saved (`Engine::load_saved`): a value refused
    // since it was stored is left out, not the whole document with it.
    let pieces: Vec<&[u8]> = stored
        .snapshot
        .iter()
        .map(Vec::as_slice)
        .chain(stored.updates.iter().map(|(_, update)| update.as_slice()))
        .collect();
    match engine.load_saved(&pieces) {
        Ok(dropped) => {
            for d in dropped {
                tracing::warn!(
                    project,
                    element = d.element,
                    field = d.field,
                    "left out a stored value refused since: {}",
                    d.reason
                );
            }
        }
        // One bad stored update must not keep the project shut: load what passes, one by one.
        Err(e) => {
            tracing::error!(
                project,
                "the stored log does not load whole ({e}); loading it update by update"
            );
            engine = Engine::new(EngineOptions::new(0, Arc::new(SystemClock)));
            if let Some(snapshot) = &stored.snapshot {
                engine
                    .load_saved(&[snapshot])
                    .map_err(|e| format!("the stored snapshot does not load: {e}"))?;
            }
            for (seq, update) in &stored.updates {
                if let Err(e) = engine.load_saved(&[update]) {
                    tracing::error!(
                        project,
                        seq,
                        "skipping a stored update the engine refuses: {e}"
                    );
                }
            }
        }
    }
    Ok((engine, stored.updates.iter().map(|(seq, _)| *seq).collect()))
}

/// Compacts `project`'s stored log into a snapshot of itself.
fn compact(project: &str, log: &dyn DocumentLog, runtime: &Handle) -> Result<(), String> {
    let (engine, seqs) = engine_from_storage(project, log, runtime)?;
    let Some(&up_to) = seqs.last() else {
        return Ok(());
    };
    let snapshot = engine
        .encode_state_as_update(&[])
        .map_err(|e| e.to_string())?;
    runtime
        .block_on(log.compact(project, &snapshot, up_to))
        .map_err(|e| e.to_string())?;
    tracing::debug!(project, up_to, bytes = snapshot.len(), "compacted");
    Ok(())
}
