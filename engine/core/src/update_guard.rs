//! The door for update bytes from outside (a peer, a saved document, a version): a size limit,
//! a check of the client and struct counts an update claims against its length, and a decoder
//! whose panics become errors. Both checks came from fuzzing (`engine/core/fuzz/README.md`).

use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Update, WriteTxn};

use crate::error::EngineError;

/// Largest update or snapshot the engine reads, in bytes.
pub const MAX_UPDATE_BYTES: usize = 256 * 1024 * 1024;

/// Decodes update bytes from outside. Too many bytes are `PayloadTooLarge`; anything yrs cannot
/// read, or that would make its decoder panic (a `debug_assert!` on client ids past 2^53), is
/// `InvalidUpdate`, never a crash. Nothing is applied here.
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

/// Every struct takes at least one byte, so no honest update claims more clients or structs
/// than it has bytes: a few bytes cannot make the decoder reserve gigabytes.
fn check_claimed_sizes(update: &[u8]) -> Result<(), EngineError> {
    let mut at = 0;
    let too_many = |n: u64| n > update.len() as u64;
    if let Some(clients) = read_var_u64(update, &mut at) {
        if too_many(clients) {
            return Err(EngineError::InvalidUpdate {
                reason: format!("claims {clients} clients in {} bytes", update.len()),
            });
        }
        if clients > 0 {
            if let Some(structs) = read_var_u64(update, &mut at) {
                if too_many(structs) {
                    return Err(EngineError::InvalidUpdate {
                        reason: format!("claims {structs} structs in {} bytes", update.len()),
                    });
                }
            }
        }
    }
    Ok(())
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
