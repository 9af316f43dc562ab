//! Exporting some pages only: the snapshot cut down to the chosen pages and their elements,
//! and the masters of components, before [`crate::compile`] sees it. Links to a page left out stay as written.

use std::collections::BTreeSet;

use omnios_engine::Snapshot;

/// Why a page selection cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageSelectionError {
    /// The selection names no page.
    #[error("choose at least one page to export")]
    Empty,
    /// The selection names a page the project does not have.
    #[error("the project has no page {id:?}")]
    UnknownPage {
        /// The page id as given (clipped).
        id: String,
    },
}

/// The snapshot with only the pages whose ids are in `page_ids` (in the project's page order)
/// and the elements on them. The project's settings stay.
pub fn select_pages(
    snapshot: &Snapshot,
    page_ids: &[String],
) -> Result<Snapshot, PageSelectionError> {
    if page_ids.is_empty() {
        return Err(PageSelectionError::Empty);
    }
    let chosen: BTreeSet<&str> = page_ids.iter().map(String::as_str).collect();
    if let Some(unknown) = chosen
        .iter()
        .find(|id| !snapshot.pages.iter().any(|p| p.id.as_str() == **id))
    {
        return Err(PageSelectionError::UnknownPage {
            id: crate::text::clip(unknown),
        });
    }
    // Masters stay whole: the chosen pages' instances show them.
    let masters = crate::components::master_pages(snapshot);
    Ok(Snapshot {
        format: snapshot.format.clone(),
        version: snapshot.version,
        project: snapshot.project.clone(),
        pages: snapshot
            .pages
            .iter()
            .filter(|p| chosen.contains(p.id.as_str()))
            .cloned()
            .collect(),
        elements: snapshot
            .elements
            .iter()
            .filter(|e| chosen.contains(e.page.as_str()) || masters.contains(e.page.as_str()))
            .cloned()
            .collect(),
        // The library stays whole: it is metadata, and the export copies only what pages use.
        assets: snapshot.assets.clone(),
        // The tokens too: a page's styles name them.
        tokens: snapshot.tokens.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile, Assets, Target};
    use omnios_engine::{Command, Engine, EngineOptions};

    fn two_pages() -> Snapshot {
        let mut engine = Engine::new(EngineOptions::deterministic(1));
        for (name, slug) in [("Home", None), ("About", Some("about".to_owned()))] {
            engine
                .commit(Command::CreatePage {
                    id: None,
                    name: name.into(),
                    slug,
                    title: None,
                    description: None,
                    index: None,
                })
                .unwrap();
        }
        engine.to_snapshot()
    }

    #[test]
    fn keeps_only_the_chosen_pages_and_their_elements() {
        let snapshot = two_pages();
        let about = snapshot.pages[1].id.0.clone();
        let only = select_pages(&snapshot, std::slice::from_ref(&about)).unwrap();
        assert_eq!(only.pages.len(), 1);
        assert!(only.elements.iter().all(|e| e.page.0 == about));
        let export = compile(&only, &Assets::default(), Target::Static).unwrap();
        assert!(export.file("about/index.html").is_some());
        assert!(export.file("index.html").is_none());
    }

    #[test]
    fn refuses_an_empty_or_unknown_selection() {
        let snapshot = two_pages();
        assert_eq!(select_pages(&snapshot, &[]), Err(PageSelectionError::Empty));
        assert_eq!(
            select_pages(&snapshot, &["nope".into()]),
            Err(PageSelectionError::UnknownPage { id: "nope".into() })
        );
    }
}
