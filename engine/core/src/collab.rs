//! The engine's side of live collaboration: the y-websocket protocol (sync step 1 and 2,
//! update, awareness, query-awareness, auth) spoken by the engine's own document, built on
//! yrs's `sync` module so any Y.js peer or relay understands it.
//!
//! A [`Peer`] holds the awareness states (who is here, their cursor and selection) of one
//! connection; the document stays in [`Engine`]. Every update that arrives, in a sync step 2
//! or an update message, goes through [`Engine::apply_update`] — the gate every update from
//! outside passes — so a refused update is reported in [`Received::refused`] and changes
//! nothing. Local updates (`Engine::take_local_updates`) are framed with [`update_message`].
//!
//! One WebSocket frame carries one message, as y-websocket sends them.

use yrs::sync::{Awareness, AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

use crate::engine::Engine;
use crate::error::EngineError;

/// What one incoming message was, as the transport needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The peer's state vector (it asks for what it lacks; the reply is our sync step 2).
    SyncStep1,
    /// The answer to our sync step 1: what we lacked.
    SyncStep2,
    /// One update the peer made or relayed.
    Update,
    /// Awareness states changed.
    Awareness,
    /// The peer asks for our awareness states.
    AwarenessQuery,
    /// The peer's permission answer.
    Auth,
    /// A message type this protocol does not know (ignored, as y-websocket does).
    Other,
}

impl MessageKind {
    /// The kind's stable name for hosts.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SyncStep1 => "sync_step1",
            Self::SyncStep2 => "sync_step2",
            Self::Update => "update",
            Self::Awareness => "awareness",
            Self::AwarenessQuery => "awareness_query",
            Self::Auth => "auth",
            Self::Other => "other",
        }
    }
}

/// The outcome of one incoming message.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// What the message was.
    pub kind: MessageKind,
    /// The message to send back, if the protocol asks for one.
    pub reply: Option<Vec<u8>>,
    /// The update it carried was refused by the engine (nothing of it was applied).
    pub refused: Option<EngineError>,
    /// A permission-denied reason (auth message).
    pub denied: Option<String>,
}

impl Received {
    fn new(kind: MessageKind) -> Self {
        Self {
            kind,
            reply: None,
            refused: None,
            denied: None,
        }
    }
}

/// A remote awareness state: the peer's client id, its state as JSON text (as the peer sent it;
/// the host validates its shape) and when it was last renewed (engine clock, ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteState {
    /// The peer's document client id.
    pub client: u64,
    /// The state, JSON.
    pub state: String,
    /// When it was last received (the engine's clock, ms).
    pub updated_ms: u64,
}

/// Frames a local update (`Engine::take_local_updates`) as a y-websocket update message.
pub fn update_message(update: &[u8]) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(update.to_vec())).encode_v1()
}

fn malformed(reason: impl std::fmt::Display) -> EngineError {
    EngineError::InvalidUpdate {
        reason: format!("sync message: {reason}"),
    }
}

/// One connection's protocol state: the awareness states of everyone in the room.
pub struct Peer {
    awareness: Awareness,
}

impl Peer {
    /// A peer speaking for `engine`'s document (its client id is the awareness id).
    pub fn new(engine: &Engine) -> Self {
        let clock = engine.clock.clone();
        Self {
            awareness: Awareness::with_clock(engine.doc.clone(), move || clock.now_ms()),
        }
    }

    /// This peer's awareness client id (the document's client id).
    pub fn client_id(&self) -> u64 {
        self.awareness.client_id().get()
    }

    /// Sync step 1: our state vector, asking the peer for what we lack.
    pub fn sync_step1(engine: &Engine) -> Vec<u8> {
        let sv = engine.doc.transact().state_vector();
        Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1()
    }

    /// Handles one incoming message. `Err` only for bytes that are not a message (nothing
    /// changed); an update the engine refuses is reported in [`Received::refused`].
    pub fn receive(&mut self, engine: &mut Engine, frame: &[u8]) -> Result<Received, EngineError> {
        let message = Message::decode_v1(frame).map_err(malformed)?;
        Ok(match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let mut received = Received::new(MessageKind::SyncStep1);
                received.reply = Some(sync_step2(engine, &sv));
                received
            }
            Message::Sync(SyncMessage::SyncStep2(update)) => {
                let mut received = Received::new(MessageKind::SyncStep2);
                received.refused = engine.apply_update(&update).err();
                received
            }
            Message::Sync(SyncMessage::Update(update)) => {
                let mut received = Received::new(MessageKind::Update);
                received.refused = engine.apply_update(&update).err();
                received
            }
            Message::Awareness(update) => {
                self.awareness.apply_update(update).map_err(malformed)?;
                Received::new(MessageKind::Awareness)
            }
            Message::AwarenessQuery => {
                let mut received = Received::new(MessageKind::AwarenessQuery);
                received.reply = Some(self.all_states_message()?);
                received
            }
            Message::Auth(denied) => {
                let mut received = Received::new(MessageKind::Auth);
                received.denied = denied;
                received
            }
            Message::Custom(..) => Received::new(MessageKind::Other),
        })
    }

    /// Sets (or renews) this peer's awareness state (JSON object text) and returns the
    /// awareness message announcing it. Renewing the same state bumps its clock, which is what
    /// keeps it alive on the other side and makes it win after a reconnect.
    pub fn set_local_state(&mut self, state: &str) -> Result<Vec<u8>, EngineError> {
        let value: serde_json::Value =
            serde_json::from_str(state).map_err(|e| EngineError::InvalidValue {
                element: None,
                field: "awareness".into(),
                reason: e.to_string(),
            })?;
        if !value.is_object() {
            return Err(EngineError::InvalidValue {
                element: None,
                field: "awareness".into(),
                reason: "the state must be a JSON object".into(),
            });
        }
        self.awareness.set_local_state_raw(value.to_string());
        self.own_state_message()
    }

    /// Clears this peer's awareness state (leaving) and returns the message saying so.
    pub fn clear_local_state(&mut self) -> Result<Vec<u8>, EngineError> {
        self.awareness.clean_local_state();
        self.own_state_message()
    }

    /// Every known non-empty awareness state (ours included), as one awareness message: what
    /// a query-awareness is answered with.
    pub fn all_states_message(&self) -> Result<Vec<u8>, EngineError> {
        let update = self.awareness.update().map_err(malformed)?;
        Ok(Message::Awareness(update).encode_v1())
    }

    /// The other peers' current states (empty ones — peers that left — are not listed).
    pub fn remote_states(&self) -> Vec<RemoteState> {
        let me = self.awareness.client_id();
        let mut states: Vec<RemoteState> = self
            .awareness
            .iter()
            .filter(|(client, _)| *client != me)
            .filter_map(|(client, entry)| {
                entry.data.as_ref().map(|data| RemoteState {
                    client: client.get(),
                    state: data.to_string(),
                    updated_ms: entry.last_updated,
                })
            })
            .collect();
        states.sort_by_key(|s| s.client);
        states
    }

    fn own_state_message(&self) -> Result<Vec<u8>, EngineError> {
        let update: AwarenessUpdate = self
            .awareness
            .update_with_clients([self.awareness.client_id()])
            .map_err(malformed)?;
        Ok(Message::Awareness(update).encode_v1())
    }
}

fn sync_step2(engine: &Engine, sv: &StateVector) -> Vec<u8> {
    let update = engine.doc.transact().encode_state_as_update_v1(sv);
    Message::Sync(SyncMessage::SyncStep2(update)).encode_v1()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Command, EngineOptions};

    fn project(client: u64) -> Engine {
        let mut engine = Engine::new(EngineOptions::deterministic(client));
        engine
            .commit(Command::CreatePage {
                id: None,
                name: "Home".into(),
                slug: None,
                title: None,
                description: None,
                index: None,
            })
            .unwrap();
        engine
    }

    /// Runs the handshake both ways (what a relay does between two clients).
    fn handshake(a: &mut Engine, pa: &mut Peer, b: &mut Engine, pb: &mut Peer) {
        let step1 = Peer::sync_step1(a);
        let reply = pb.receive(b, &step1).unwrap().reply.unwrap();
        assert_eq!(pa.receive(a, &reply).unwrap().kind, MessageKind::SyncStep2);
        let step1 = Peer::sync_step1(b);
        let reply = pa.receive(a, &step1).unwrap().reply.unwrap();
        assert!(pb.receive(b, &reply).unwrap().refused.is_none());
    }

    /// Two engines, A with a page and B empty, after the handshake: both hold the page.
    fn synced_pair() -> (Engine, Peer, Engine, Peer) {
        let mut a = project(1);
        let mut b = Engine::new(EngineOptions::deterministic(2));
        let (mut pa, mut pb) = (Peer::new(&a), Peer::new(&b));
        handshake(&mut a, &mut pa, &mut b, &mut pb);
        let _ = a.take_local_updates();
        (a, pa, b, pb)
    }

    /// Sends every local update of `from` to `to` as update messages.
    fn relay(from: &mut Engine, to: &mut Engine, peer: &mut Peer) {
        for update in from.take_local_updates() {
            let received = peer.receive(to, &update_message(&update)).unwrap();
            assert_eq!(received.kind, MessageKind::Update);
            assert!(received.refused.is_none());
        }
    }

    fn commit(engine: &mut Engine, command: serde_json::Value) -> crate::Applied {
        engine
            .commit(serde_json::from_value(command).unwrap())
            .unwrap()
    }

    fn body(engine: &Engine) -> String {
        let page = engine.state().pages.values().next().unwrap();
        page.root.as_str().to_string()
    }

    #[test]
    fn two_engines_converge_through_sync_steps() {
        let (a, _, b, _) = synced_pair();
        assert_eq!(a.to_snapshot().to_json(), b.to_snapshot().to_json());
        assert_eq!(b.state().pages.len(), 1);
    }

    #[test]
    fn local_updates_travel_as_update_messages() {
        let (mut a, _, mut b, mut pb) = synced_pair();
        let parent = body(&a);
        commit(
            &mut a,
            serde_json::json!({"type": "create_element", "kind": "text", "parent": parent, "content": "Hi"}),
        );
        relay(&mut a, &mut b, &mut pb);
        assert_eq!(a.to_snapshot().to_json(), b.to_snapshot().to_json());
    }

    #[test]
    fn undo_takes_back_only_my_own_changes() {
        let (mut a, mut pa, mut b, mut pb) = synced_pair();
        let parent = body(&a);
        let made = commit(
            &mut a,
            serde_json::json!({"type": "create_element", "kind": "container", "parent": parent}),
        );
        let id = made.created[0].clone();
        relay(&mut a, &mut b, &mut pb);
        // A sets the width, B the height of the same element, at once.
        let set = |property: &str, value: &str| serde_json::json!({"type": "update_styles", "ids": [id.as_str()], "set": {property: value}});
        commit(&mut a, set("width", "260px"));
        commit(&mut b, set("height", "180px"));
        relay(&mut a, &mut b, &mut pb);
        relay(&mut b, &mut a, &mut pa);
        assert_eq!(a.to_snapshot().to_json(), b.to_snapshot().to_json());
        // A's undo takes back A's width; B's height stays, on both sides.
        assert!(a.undo());
        relay(&mut a, &mut b, &mut pb);
        for engine in [&a, &b] {
            let styles = serde_json::to_value(&engine.element(&id).unwrap().styles).unwrap();
            assert_eq!(styles["base"].get("width"), None, "{styles}");
            assert_eq!(styles["base"]["height"], "180px", "{styles}");
        }
        assert_eq!(a.to_snapshot().to_json(), b.to_snapshot().to_json());
    }

    #[test]
    fn a_refused_update_is_reported_and_changes_nothing() {
        let mut b = project(2);
        let mut pb = Peer::new(&b);
        let before = b.to_snapshot().to_json();
        // A raw Y.js write no command could make: an element with an invalid id.
        let rogue = yrs::Doc::with_client_id(9);
        let elements = rogue.get_or_insert_map("elements");
        {
            use yrs::Map;
            let mut txn = rogue.transact_mut();
            elements.insert(&mut txn, "x,*", yrs::MapPrelim::default());
        }
        let update = rogue
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let received = pb.receive(&mut b, &update_message(&update)).unwrap();
        assert!(received.refused.is_some());
        assert_eq!(b.to_snapshot().to_json(), before);
    }

    #[test]
    fn malformed_frames_are_errors() {
        let mut b = project(2);
        let mut pb = Peer::new(&b);
        assert!(pb.receive(&mut b, &[]).is_err());
        assert!(pb.receive(&mut b, &[0, 7]).is_err());
        assert!(pb.set_local_state("[1]").is_err());
    }

    #[test]
    fn awareness_states_cross_and_leave() {
        let a = project(1);
        let b = Engine::new(EngineOptions::deterministic(2));
        let (mut pa, mut pb) = (Peer::new(&a), Peer::new(&b));
        let mut b = b;
        let message = pa.set_local_state(r#"{"name":"Ada"}"#).unwrap();
        assert_eq!(
            pb.receive(&mut b, &message).unwrap().kind,
            MessageKind::Awareness
        );
        let states = pb.remote_states();
        assert_eq!(states.len(), 1);
        assert_eq!(states[0].client, pa.client_id());
        assert_eq!(states[0].state, r#"{"name":"Ada"}"#);
        // A query is answered with every state this peer knows, its own included.
        let query = Message::AwarenessQuery.encode_v1();
        let mut a = a;
        let reply = pa.receive(&mut a, &query).unwrap().reply.unwrap();
        assert!(matches!(
            Message::decode_v1(&reply).unwrap(),
            Message::Awareness(u) if u.clients.len() == 1
        ));
        let leave = pa.clear_local_state().unwrap();
        pb.receive(&mut b, &leave).unwrap();
        assert!(pb.remote_states().is_empty());
    }
}
