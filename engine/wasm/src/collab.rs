//! Live collaboration: the y-websocket protocol messages of the engine's own document
//! (omnios-engine's `collab.rs`). Messages cross as `Uint8Array`s, one per WebSocket frame.

use omnios_engine::collab::{update_message, Peer};
use wasm_bindgen::prelude::*;

use crate::{json, to_js, Engine};

/// Frames a local update (from `onLocalUpdate`) as a y-websocket update message.
#[wasm_bindgen(js_name = syncUpdateMessage)]
pub fn sync_update_message(update: &[u8]) -> Vec<u8> {
    update_message(update)
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

#[wasm_bindgen]
impl Engine {
    fn peer(&mut self) -> &mut Peer {
        let inner = &self.inner;
        self.peer.get_or_insert_with(|| Peer::new(inner))
    }

    /// Sync step 1 (our state vector): the first message on every (re)connection.
    #[wasm_bindgen(js_name = syncStep1)]
    pub fn sync_step1(&self) -> Vec<u8> {
        Peer::sync_step1(&self.inner)
    }

    /// Handles one incoming protocol message. Returns `{kind, reply?, refused?, denied?}`:
    /// `kind` one of `sync_step1`, `sync_step2`, `update`, `awareness`, `awareness_query`,
    /// `auth`, `other`; `reply` the message to send back (`Uint8Array`); `refused` the engine's
    /// error (an `EngineError` with `code`) for an update it refused — nothing of it applied;
    /// `denied` an auth message's reason. Throws `EngineError` `invalid_update` for bytes that
    /// are not a message.
    #[wasm_bindgen(js_name = receiveSyncMessage)]
    pub fn receive_sync_message(&mut self, frame: &[u8]) -> Result<js_sys::Object, JsValue> {
        let mut peer = self.peer.take().unwrap_or_else(|| Peer::new(&self.inner));
        let received = peer.receive(&mut self.inner, frame);
        self.peer = Some(peer);
        let received = received.map_err(to_js)?;
        let out = js_sys::Object::new();
        set(&out, "kind", &received.kind.as_str().into());
        if let Some(reply) = received.reply {
            set(
                &out,
                "reply",
                &js_sys::Uint8Array::from(reply.as_slice()).into(),
            );
        }
        if let Some(error) = received.refused {
            set(&out, "refused", &to_js(error));
        }
        if let Some(reason) = received.denied {
            set(&out, "denied", &reason.into());
        }
        Ok(out)
    }

    /// Sets (or renews) this user's awareness state, a JSON object, and returns the awareness
    /// message announcing it.
    #[wasm_bindgen(js_name = setAwarenessState)]
    pub fn set_awareness_state(&mut self, state: &str) -> Result<Vec<u8>, JsValue> {
        self.peer().set_local_state(state).map_err(to_js)
    }

    /// Clears this user's awareness state (leaving) and returns the message saying so.
    #[wasm_bindgen(js_name = clearAwarenessState)]
    pub fn clear_awareness_state(&mut self) -> Result<Vec<u8>, JsValue> {
        self.peer().clear_local_state().map_err(to_js)
    }

    /// Every known awareness state as one message (the answer to a query-awareness).
    #[wasm_bindgen(js_name = awarenessMessage)]
    pub fn awareness_message(&mut self) -> Result<Vec<u8>, JsValue> {
        self.peer().all_states_message().map_err(to_js)
    }

    /// The other users' awareness states as JSON `[{client, state, updatedMs}]`, `state` the
    /// JSON text each peer sent (the host checks its shape).
    #[wasm_bindgen(js_name = awarenessStates)]
    pub fn awareness_states(&mut self) -> String {
        let states: Vec<serde_json::Value> = self
            .peer()
            .remote_states()
            .into_iter()
            .map(|s| {
                serde_json::json!({
                    "client": s.client,
                    "state": s.state,
                    "updatedMs": s.updated_ms,
                })
            })
            .collect();
        json(&states)
    }

    /// This engine's document client id (the awareness id others see).
    #[wasm_bindgen(js_name = clientId)]
    pub fn client_id(&mut self) -> f64 {
        self.peer().client_id() as f64
    }
}
