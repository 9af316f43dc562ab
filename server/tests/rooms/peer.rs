//! A test's y-websocket client: a raw yrs document speaking the protocol over
//! tokio-tungstenite, free to write anything yrs allows (as a hostile client would).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::{self, Message as Ws};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::sync::awareness::AwarenessUpdateEntry;
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};
use yrs::types::map::MapPrelim;
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, Map, MapRef, ReadTxn, Transact, TransactionMut, Update};

pub struct Peer {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub doc: Doc,
    elements: MapRef,
    pages: MapRef,
    /// The close frame the server sent: (code, reason).
    pub closed: Option<(u16, String)>,
}

pub fn url(addr: SocketAddr, project: &str, token: Option<&str>) -> String {
    match token {
        Some(token) => format!("ws://{addr}/api/projects/{project}/live?token={token}"),
        None => format!("ws://{addr}/api/projects/{project}/live"),
    }
}

/// Decodes every message of a frame (the server sends one per frame).
fn messages(frame: &[u8]) -> Vec<Message> {
    let mut out = Vec::new();
    let mut rest = frame;
    while !rest.is_empty() {
        let mut decoder = DecoderV1::from(rest);
        let message = <Message as yrs::updates::decoder::Decode>::decode(&mut decoder)
            .expect("the server sends well-formed messages");
        out.push(message);
        let left = yrs::updates::decoder::Decoder::read_to_end(&mut decoder)
            .expect("rest")
            .len();
        rest = &rest[rest.len() - left..];
    }
    out
}

impl Peer {
    /// Connects (or returns the HTTP refusal) and syncs: sends step 1, waits for step 2.
    pub async fn join(
        addr: SocketAddr,
        project: &str,
        token: Option<&str>,
        client_id: u64,
    ) -> Result<Peer, tungstenite::Error> {
        let (ws, _) = tokio_tungstenite::connect_async(url(addr, project, token)).await?;
        let doc = Doc::with_client_id(client_id);
        let elements = doc.get_or_insert_map("elements");
        let pages = doc.get_or_insert_map("pages");
        let mut peer = Peer {
            ws,
            doc,
            elements,
            pages,
            closed: None,
        };
        let sv = peer.doc.transact().state_vector();
        peer.send(Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1())
            .await;
        let mut synced = false;
        for _ in 0..20 {
            if let Some(Message::Sync(SyncMessage::SyncStep2(_))) =
                peer.next(Duration::from_secs(5)).await.last()
            {
                synced = true;
                break;
            }
        }
        assert!(synced, "no sync step 2 from the server");
        Ok(peer)
    }

    pub async fn send(&mut self, frame: Vec<u8>) {
        // A send to a socket the server already closed fails: the test reads the close next.
        let _ = self.ws.send(Ws::Binary(frame.into())).await;
    }

    /// Handles the next frame (answering step 1, applying updates); empty if none came within
    /// `wait` or the connection closed.
    pub async fn next(&mut self, wait: Duration) -> Vec<Message> {
        let Ok(Some(message)) = tokio::time::timeout(wait, self.ws.next()).await else {
            return Vec::new();
        };
        match message {
            Ok(Ws::Binary(bytes)) => {
                let messages = messages(&bytes);
                for message in &messages {
                    match message {
                        Message::Sync(SyncMessage::SyncStep1(sv)) => {
                            let update = self.doc.transact().encode_state_as_update_v1(sv);
                            self.send(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1())
                                .await;
                        }
                        Message::Sync(SyncMessage::SyncStep2(u) | SyncMessage::Update(u)) => {
                            let update = Update::decode_v1(u).expect("update");
                            self.doc.transact_mut().apply_update(update).expect("apply");
                        }
                        _ => {}
                    }
                }
                messages
            }
            Ok(Ws::Close(frame)) => {
                self.closed = Some(frame.map_or((1005, String::new()), |f| {
                    (u16::from(f.code), f.reason.to_string())
                }));
                Vec::new()
            }
            Ok(_) => Vec::new(),
            Err(_) => {
                self.closed.get_or_insert((1006, String::new()));
                Vec::new()
            }
        }
    }

    /// Handles frames until `done` holds or `within` passed; whether it holds.
    pub async fn until(&mut self, within: Duration, done: impl Fn(&Peer) -> bool) -> bool {
        let end = tokio::time::Instant::now() + within;
        while !done(self) {
            let now = tokio::time::Instant::now();
            if now >= end || self.closed.is_some() {
                return done(self);
            }
            self.next(end - now).await;
        }
        true
    }

    /// Handles whatever arrives for `time`.
    pub async fn listen(&mut self, time: Duration) {
        let end = tokio::time::Instant::now() + time;
        while self.closed.is_none() {
            let now = tokio::time::Instant::now();
            if now >= end {
                return;
            }
            self.next(end - now).await;
        }
    }

    /// Waits for the server's close frame.
    pub async fn close_frame(&mut self, within: Duration) -> Option<(u16, String)> {
        self.until(within, |p| p.closed.is_some()).await;
        self.closed.clone()
    }

    /// Sends this client's awareness state (`json`) at `clock`.
    pub async fn send_awareness(&mut self, clock: u32, json: &str) {
        let entry = AwarenessUpdateEntry {
            clock,
            json: json.into(),
        };
        let update = AwarenessUpdate {
            clients: HashMap::from([(self.doc.client_id(), entry)]),
        };
        self.send(Message::Awareness(update).encode_v1()).await;
    }

    pub fn has_element(&self, id: &str) -> bool {
        self.elements.get(&self.doc.transact(), id).is_some()
    }

    pub fn parent_of(&self, id: &str) -> Option<String> {
        self.field(id, "parent")
    }

    pub fn name_of(&self, id: &str) -> Option<String> {
        self.field(id, "name")
    }

    /// A style of an element as stored (`slot|property`, e.g. `base|color`).
    pub fn style_of(&self, id: &str, key: &str) -> Option<String> {
        let txn = self.doc.transact();
        let Some(yrs::Out::YMap(element)) = self.elements.get(&txn, id) else {
            return None;
        };
        let Some(yrs::Out::YMap(styles)) = element.get(&txn, "styles") else {
            return None;
        };
        match styles.get(&txn, key) {
            Some(yrs::Out::Any(yrs::Any::String(s))) => Some(s.to_string()),
            _ => None,
        }
    }

    fn field(&self, id: &str, field: &str) -> Option<String> {
        let txn = self.doc.transact();
        match self.elements.get(&txn, id) {
            Some(yrs::Out::YMap(m)) => match m.get(&txn, field) {
                Some(yrs::Out::Any(yrs::Any::String(s))) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Writes with raw yrs and sends what changed as one update; returns the update.
    pub async fn write(
        &mut self,
        edit: impl FnOnce(&mut TransactionMut, &MapRef, &MapRef),
    ) -> Vec<u8> {
        let before = self.doc.transact().state_vector();
        {
            let mut txn = self.doc.transact_mut();
            edit(&mut txn, &self.elements, &self.pages);
        }
        let update = self.doc.transact().encode_state_as_update_v1(&before);
        self.send(Message::Sync(SyncMessage::Update(update.clone())).encode_v1())
            .await;
        update
    }
}

pub fn element_map(txn: &TransactionMut, elements: &MapRef, id: &str) -> MapRef {
    match elements.get(txn, id) {
        Some(yrs::Out::YMap(m)) => m,
        _ => panic!("no element {id}"),
    }
}

/// Writes a whole container entry as the engine would (see engine/core/tests/hostile.rs).
pub fn put_element(txn: &mut TransactionMut, elements: &MapRef, id: &str, parent: &str) {
    let map = elements.insert(txn, id, MapPrelim::default());
    map.insert(txn, "kind", "container");
    map.insert(txn, "page", "home");
    map.insert(txn, "parent", parent);
    map.insert(txn, "order", "a5");
    map.insert(txn, "props", MapPrelim::default());
    map.insert(txn, "styles", MapPrelim::default());
}
