//! The y-websocket protocol's frames, through yrs's own messages (`yrs::sync`): decoding a
//! frame into messages, encoding the ones the room sends, and the close codes it uses.

use yrs::encoding::write::Write;
use yrs::sync::protocol::{MSG_SYNC, MSG_SYNC_STEP_1};
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::{Decode, Decoder, DecoderV1};
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};

/// A text frame, or a message type the protocol does not have.
pub const CLOSE_UNSUPPORTED: u16 = 1003;
/// A frame that breaks a rule of the room (too many presence states).
pub const CLOSE_POLICY: u16 = 1008;
/// A frame that does not decode.
pub const CLOSE_MALFORMED: u16 = 1007;
/// A frame over the size limit.
pub const CLOSE_TOO_BIG: u16 = 1009;
/// The server could not store an accepted update; reconnect to resend it.
pub const CLOSE_STORAGE_FAILED: u16 = 1011;
/// The client did not read its messages in time (its send queue filled up).
pub const CLOSE_TOO_SLOW: u16 = 1013;
/// The client answered no ping.
pub const CLOSE_GONE: u16 = 1001;
/// A reader sent a document update.
pub const CLOSE_READ_ONLY: u16 = 4403;
/// A document update the engine refused (it writes what no command could).
pub const CLOSE_REFUSED: u16 = 4422;

/// Every message in a frame (y-websocket sends one per frame; more are allowed back to
/// back). An empty frame, a truncated message or trailing bytes refuse the whole frame.
pub fn decode_frame(frame: &[u8]) -> Result<Vec<Message>, String> {
    if frame.is_empty() {
        return Err("empty frame".into());
    }
    let mut messages = Vec::new();
    let mut rest = frame;
    while !rest.is_empty() {
        let mut decoder = DecoderV1::from(rest);
        let message = Message::decode(&mut decoder).map_err(|e| e.to_string())?;
        messages.push(message);
        let left = decoder.read_to_end().map_err(|e| e.to_string())?.len();
        rest = &rest[rest.len() - left..];
    }
    Ok(messages)
}

/// Sync step 1 carrying `state_vector` (already encoded).
pub fn sync_step1(state_vector: &[u8]) -> Vec<u8> {
    let mut encoder = EncoderV1::new();
    encoder.write_var(MSG_SYNC);
    encoder.write_var(MSG_SYNC_STEP_1);
    encoder.write_buf(state_vector);
    encoder.to_vec()
}

/// Sync step 2 carrying `update`.
pub fn sync_step2(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep2(update)).encode_v1()
}

/// An update for the other clients.
pub fn sync_update(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(update)).encode_v1()
}

/// An awareness update.
pub fn awareness(update: AwarenessUpdate) -> Vec<u8> {
    Message::Awareness(update).encode_v1()
}

/// "Permission denied" with a reason (y-websocket logs it in the client's console).
pub fn denied(reason: &str) -> Vec<u8> {
    Message::Auth(Some(reason.to_owned())).encode_v1()
}

/// An update that holds nothing: no structs, no deletions (what a client with nothing new
/// sends as its sync step 2).
pub fn is_empty_update(update: &[u8]) -> bool {
    update == [0, 0]
}

/// A close reason within the WebSocket limit of 123 bytes, cut at a character boundary.
pub fn close_reason(reason: &str) -> String {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    reason[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_decode_whole_or_not_at_all() {
        let update = sync_update(vec![0, 0]);
        assert_eq!(decode_frame(&update).map(|m| m.len()), Ok(1));
        let mut two = update.clone();
        two.extend(Message::AwarenessQuery.encode_v1());
        assert_eq!(decode_frame(&two).map(|m| m.len()), Ok(2));
        // A buffer that claims more bytes than the frame has.
        assert!(decode_frame(&[0, 2, 10, 1, 2]).is_err());
        assert!(decode_frame(&[]).is_err());
        assert!(decode_frame(&[0, 9]).is_err());
    }

    #[test]
    fn close_reasons_fit_the_limit() {
        assert_eq!(close_reason(&"é".repeat(100)).len(), 122);
    }
}
