//! Questions about the asset library (`asset.rs`): the assets with their users, the usage of
//! every asset an element names (including ones missing from the library, after a
//! collaborator removed an asset another was placing), and the blobs a document or a saved
//! version needs, so a backup, a version store or a server keeps exactly those bytes.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::asset::{Asset, AssetId, AssetUsage};
use crate::clock::ManualClock;
use crate::delta::AssetDelta;
use crate::engine::{Engine, EngineOptions};
use crate::error::EngineError;

impl Engine {
    /// One asset of the library.
    pub fn asset(&self, id: &AssetId) -> Option<&Asset> {
        self.state.assets.get(id)
    }

    /// The library, sorted by name then id, each asset with the elements using it.
    pub fn assets(&self) -> Vec<AssetDelta> {
        let mut ids: Vec<&Asset> = self.state.assets.values().collect();
        ids.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        ids.into_iter()
            .filter_map(|a| self.asset_delta(&a.id))
            .collect()
    }

    /// Usage of every asset in the library and every asset an element names, sorted by id:
    /// the count is `elements.len()`; `missing` marks a name the library lacks.
    pub fn asset_usage(&self) -> Vec<AssetUsage> {
        let ids: BTreeSet<&AssetId> = self
            .state
            .assets
            .keys()
            .chain(self.state.used_assets())
            .collect();
        ids.into_iter()
            .map(|id| AssetUsage {
                id: id.clone(),
                elements: self.state.users_of(id).cloned().collect(),
                missing: !self.state.assets.contains_key(id),
            })
            .collect()
    }

    /// The SHA-256 of every blob the library needs: each asset's bytes, its variants and a
    /// placeholder stored as a blob. Sorted, each once.
    pub fn referenced_blobs(&self) -> Vec<String> {
        let blobs: BTreeSet<&str> = self.state.assets.values().flat_map(Asset::blobs).collect();
        blobs.into_iter().map(str::to_owned).collect()
    }
}

/// The blobs a saved version (a whole document as one Yjs v1 update) needs, read through the
/// same guard as a peer's update: what a version store must keep while it keeps the version.
pub fn blobs_in_version(update: &[u8]) -> Result<Vec<String>, EngineError> {
    let mut engine = Engine::new(EngineOptions::new(0, Arc::new(ManualClock::new(0))));
    engine.load(update)?;
    Ok(engine.referenced_blobs())
}
