//! Identifiers (elements, pages, comment threads and messages, people) and the deterministic
//! source that mints new ones.

use serde::{Deserialize, Serialize};

use crate::error::EngineError;

/// Longest accepted identifier, in bytes.
pub const MAX_ID_LEN: usize = 64;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[cfg_attr(test, derive(ts_rs::TS))]
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Checks the identifier's form: 1–64 characters of `A-Za-z0-9_-`.
            pub fn parse(raw: &str) -> Result<Self, EngineError> {
                let ok = !raw.is_empty()
                    && raw.len() <= $crate::id::MAX_ID_LEN
                    && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if ok {
                    Ok(Self(raw.to_owned()))
                } else {
                    Err(EngineError::InvalidId { what: $what, id: raw.chars().take(80).collect() })
                }
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(raw: &str) -> Self {
                Self(raw.to_owned())
            }
        }
    };
}
pub(crate) use id_type;

id_type!(
    /// Identifies an element across every peer and every save.
    ElementId, "element"
);
id_type!(
    /// Identifies a page.
    PageId, "page"
);
id_type!(
    /// Identifies a comment thread.
    ThreadId, "thread"
);
id_type!(
    /// Identifies one message of a comment thread.
    MessageId, "message"
);
id_type!(
    /// Identifies a person: an account's id on a server, or this browser's local id.
    UserId, "user"
);

/// Mints identifiers: a prefix unique to this peer's session plus a counter in base 36.
///
/// Injected through [`crate::EngineOptions`] so a replayed command log mints the very same ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdSource {
    /// Unique per peer session (the default derives it from the Yjs client id).
    pub prefix: String,
    /// The next counter value.
    pub next: u64,
}

impl IdSource {
    /// A source whose ids start with `prefix`.
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
            next: 0,
        }
    }

    /// The next identifier, in the form `prefix` + base-36 counter.
    pub fn mint(&mut self) -> String {
        let mut n = self.next;
        self.next += 1;
        let mut digits = Vec::new();
        loop {
            let d = (n % 36) as u8;
            digits.push(if d < 10 { b'0' + d } else { b'a' + d - 10 });
            n /= 36;
            if n == 0 {
                break;
            }
        }
        digits.reverse();
        format!("{}{}", self.prefix, String::from_utf8_lossy(&digits))
    }
}

/// The default prefix for a Yjs client id: short, unique per client, valid in an id.
pub fn prefix_for_client(client_id: u64) -> String {
    let mut source = IdSource {
        prefix: String::new(),
        next: client_id,
    };
    format!("{}_", source.mint())
}
