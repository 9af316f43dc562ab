//! The door for update bytes from outside (a peer, a saved document, a version): a size limit,
//! then a walk of the whole update ([`Scan`]) that checks every count it claims against the
//! bytes that follow, before yrs decodes it. Both came from fuzzing
//! (`engine/core/fuzz/README.md`). What the bytes then write is checked in `incoming.rs`.

use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Update, WriteTxn};

use crate::error::EngineError;
use crate::rich_text::MARKS;

/// Largest update or snapshot the engine reads, in bytes.
pub const MAX_UPDATE_BYTES: usize = 256 * 1024 * 1024;

/// Decodes update bytes from outside. Too many bytes are `PayloadTooLarge`; anything yrs cannot
/// read, or that would make its decoder panic (a `debug_assert!` on client ids past 2^53), is
/// `InvalidUpdate`, never a crash. The scan refuses what would panic before yrs runs:
/// `catch_unwind` below only helps native builds (wasm32 aborts on a panic). Nothing is
/// applied here.
pub(crate) fn decode_update(update: &[u8]) -> Result<Update, EngineError> {
    check_size(update)?;
    check_claimed_sizes(update)?;
    std::panic::catch_unwind(|| Update::decode_v1(update))
        .map_err(|_| EngineError::InvalidUpdate {
            reason: "malformed update".into(),
        })?
        .map_err(|e| EngineError::InvalidUpdate {
            reason: e.to_string(),
        })
}

/// Refuses updates over [`MAX_UPDATE_BYTES`].
fn check_size(update: &[u8]) -> Result<(), EngineError> {
    if update.len() > MAX_UPDATE_BYTES {
        return Err(EngineError::PayloadTooLarge {
            bytes: update.len(),
            limit: MAX_UPDATE_BYTES,
        });
    }
    Ok(())
}

/// Reads a lib0 variable-length unsigned integer.
fn read_var_u64(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// The document's root maps (`document.rs`): an update may write under these only.
const ROOTS: [&str; 7] = [
    "elements",
    "pages",
    "project",
    "assets",
    "tokens",
    "comments",
    "comment_messages",
];

/// Deepest nesting of maps and arrays inside one value. The engine writes flat scalars only;
/// yrs decodes nested values recursively, so a deep one could exhaust the stack.
const MAX_ANY_DEPTH: usize = 16;

/// Walks a Yjs v1 update without building anything, checking that every count it claims
/// (clients, structs per client, values, strings, buffers, delete ranges) is followed by that
/// many entries. Only then does yrs decode it, so every allocation its decoder reserves up
/// front stands for bytes that are really there: work is bounded by the input, not by what
/// it claims. Content the engine never writes (XML, sub-documents, embeds, marks other than
/// its own, JSON, binary) and values nested deeper than [`MAX_ANY_DEPTH`] are refused here too.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Scanned<T = ()> = Result<T, String>;

impl<'a> Scan<'a> {
    fn var(&mut self, what: &str) -> Scanned<u64> {
        read_var_u64(self.bytes, &mut self.at).ok_or_else(|| format!("{what} is cut short"))
    }

    /// A count of entries that each take at least one more byte.
    fn count(&mut self, what: &str) -> Scanned<u64> {
        let n = self.var(what)?;
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err(format!("claims {n} {what} in {left} remaining bytes"));
        }
        Ok(n)
    }

    fn byte(&mut self, what: &str) -> Scanned<u8> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| format!("{what} is cut short"))?;
        self.at += 1;
        Ok(b)
    }

    fn skip(&mut self, n: u64, what: &str) -> Scanned {
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err(format!("claims {n} bytes of {what} in {left} remaining"));
        }
        self.at += n as usize;
        Ok(())
    }

    fn string(&mut self, what: &str) -> Scanned<&'a str> {
        let len = self.var(what)?;
        let start = self.at;
        self.skip(len, what)?;
        let bytes: &'a [u8] = self.bytes;
        std::str::from_utf8(&bytes[start..self.at]).map_err(|_| format!("{what} is not UTF-8"))
    }

    /// A client id: yrs asserts they fit in 53 bits, and `catch_unwind` does nothing on wasm32.
    fn client(&mut self) -> Scanned {
        let client = self.var("client")?;
        if client >= 1 << 53 {
            return Err(format!("client id {client} is past 2^53"));
        }
        Ok(())
    }

    fn id(&mut self) -> Scanned {
        self.client()?;
        self.var("clock").map(|_| ())
    }

    fn any(&mut self, depth: usize) -> Scanned {
        if depth > MAX_ANY_DEPTH {
            return Err(format!("a value nested deeper than {MAX_ANY_DEPTH} levels"));
        }
        match self.byte("value")? {
            127 | 126 | 121 | 120 => Ok(()),
            125 => self.var("integer").map(|_| ()),
            124 => self.skip(4, "float"),
            123 | 122 => self.skip(8, "number"),
            119 => self.string("string").map(|_| ()),
            118 => {
                for _ in 0..self.count("map entries")? {
                    self.string("key")?;
                    self.any(depth + 1)?;
                }
                Ok(())
            }
            117 => {
                for _ in 0..self.count("array items")? {
                    self.any(depth + 1)?;
                }
                Ok(())
            }
            116 => {
                let len = self.var("buffer")?;
                self.skip(len, "buffer")
            }
            other => Err(format!("unknown value type {other}")),
        }
    }

    fn block(&mut self) -> Scanned {
        const HAS_ORIGIN: u8 = 0b1000_0000;
        const HAS_RIGHT_ORIGIN: u8 = 0b0100_0000;
        const HAS_PARENT_SUB: u8 = 0b0010_0000;
        let info = self.byte("struct")?;
        match info {
            // GC and Skip: a length.
            0 | 10 => return self.var("length").map(|_| ()),
            _ => {}
        }
        if info & HAS_ORIGIN != 0 {
            self.id()?;
        }
        if info & HAS_RIGHT_ORIGIN != 0 {
            self.id()?;
        }
        if info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) == 0 {
            if self.var("parent")? == 1 {
                let name = self.string("root name")?;
                if !ROOTS.contains(&name) {
                    return Err(format!("a root other than {}", ROOTS.join(", ")));
                }
            } else {
                self.id()?;
            }
            if info & HAS_PARENT_SUB != 0 {
                self.string("key")?;
            }
        }
        match info & 0b1111 {
            // Deleted content: a length.
            1 => self.var("length").map(|_| ()),
            // Characters of a text element's content (`rich_text.rs`).
            4 => self.string("text").map(|_| ()),
            // A mark of a text element's content: its name, then its value as JSON. Only the
            // engine's marks, with flat values (`true`, `null`, a string): yrs parses the JSON
            // recursively, so nothing nested reaches it. What a mark holds is checked in
            // `document::check_element_entry`.
            6 => {
                let key = self.string("mark")?;
                if !MARKS.contains(&key) {
                    return Err(format!("a mark other than {}", MARKS.join(", ")));
                }
                let value = self.string("mark value")?;
                let flat = value == "true"
                    || value == "null"
                    || (value.len() >= 2 && value.starts_with('"') && value.ends_with('"'));
                if !flat {
                    return Err("a mark value other than true, null or a string".into());
                }
                Ok(())
            }
            // A nested type: maps, and the Y.Text of a text element's content.
            7 => match self.byte("type")? {
                1 | 2 => Ok(()),
                other => Err(format!("a shared type of kind {other}, not a map or text")),
            },
            8 => {
                for _ in 0..self.count("values")? {
                    self.any(0)?;
                }
                Ok(())
            }
            other => Err(format!(
                "content of kind {other}, which the document never holds"
            )),
        }
    }

    fn update(&mut self) -> Scanned {
        for _ in 0..self.count("clients")? {
            let structs = self.count("structs")?;
            self.client()?;
            self.var("clock")?;
            for _ in 0..structs {
                self.block()?;
            }
        }
        for _ in 0..self.count("deleting clients")? {
            self.client()?;
            for _ in 0..self.count("deleted ranges")? {
                self.var("clock")?;
                self.var("length")?;
            }
        }
        Ok(())
    }
}

/// Refuses an update whose claimed sizes exceed its bytes, or that holds what the document
/// never holds (see [`Scan`]).
fn check_claimed_sizes(update: &[u8]) -> Result<(), EngineError> {
    Scan {
        bytes: update,
        at: 0,
    }
    .update()
    .map_err(|reason| EngineError::InvalidUpdate { reason })
}

/// Integrates what yrs still holds back after an update whose dependencies have all arrived.
///
/// yrs keeps the structs of an update that arrived before the updates they build on as
/// "pending" and retries them when a later update fills the gap, but yrs 0.28.1 does not
/// always retry: with updates from three peers delivered out of order, a peer can end with
/// every update delivered and some still pending, so its document differs from the others'
/// (found by `peers_converge_whatever_the_delivery_order`, seed 5501339574368570857). Applying
/// the pending part again integrates whatever it can; what still misses a dependency stays
/// pending. Stops once a pass makes no progress.
pub(crate) fn integrate_pending(txn: &mut yrs::TransactionMut) -> Result<(), EngineError> {
    while txn.has_missing_updates() {
        let before = txn.state_vector();
        let Some(pending) = txn.prune_pending() else {
            return Ok(());
        };
        txn.apply_update(pending)
            .map_err(|e| EngineError::InvalidUpdate {
                reason: e.to_string(),
            })?;
        if txn.state_vector() == before {
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_of_more_structs_than_bytes_is_refused_before_decoding() {
        // One client, then a struct count of 2^35 in five bytes.
        let bytes = [1u8, 0x80, 0x80, 0x80, 0x80, 0x01];
        assert!(matches!(
            decode_update(&bytes),
            Err(EngineError::InvalidUpdate { reason }) if reason.contains("structs")
        ));
    }

    #[test]
    fn an_empty_update_decodes() {
        // The empty Yjs v1 update: no clients, no delete set.
        assert!(decode_update(&[0, 0]).is_ok());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode_update(&[3, 2, 0xff, 0xff, 0xff]).is_err());
    }
}
