//! The TypeScript side of the engine's JSON API, generated from the Rust types with `ts-rs` so
//! the editor keeps no hand-made copy of a Rust fact.
//!
//! Out: `web/src/bridge/types/__generated__/engine.ts` (commands, deltas, elements, pages,
//! queries, errors, layout and snapping shapes) and `constants.ts` (breakpoints with their
//! widths, slots, which element kinds hold children or text), both checked in.
//! `make types` (`OMNIOS_WRITE_TYPES=1 cargo test -p omnios-engine --lib typescript`) writes
//! them; without the variable the same test fails when a checked-in file differs, so a change
//! to a wire type cannot land without its TypeScript.
//!
//! Test-only: `ts-rs` is a dev-dependency and the derives are `cfg_attr(test, …)`, so the
//! production WASM does not carry them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ts_rs::{Config, TypeVisitor, TS};

use crate::asset::{Asset, AssetId, AssetUsage, Variant};
use crate::command::{Applied, Command, CommentCommand};
use crate::comment::{Author, CommentApplied, Message, Thread};
use crate::component::{Origin, PropKind};
use crate::delta::{AssetDelta, Deltas, ElementDelta, TokenDelta};
use crate::element::{
    ContainerTag, Dir, Element, ElementKind, Page, Project, Scalar, Tag, TextTag,
};
use crate::error::EngineError;
use crate::id::{ElementId, MessageId, PageId, ThreadId, UserId};
use crate::layout::drop_target::DropTarget;
use crate::layout::spatial::{Edges, Guide, GuideKind, Rect, SnapRequest, SnapResult};
use crate::layout::{Box, FontSpec, LayoutResult, TextRequest};
use crate::query::{FieldPath, Filter, Op, Query, QueryResult, SortKey};
use crate::repair::Dropped;
use crate::rich_text::Run;
use crate::snapshot::Snapshot;
use crate::source::SourceProblem;
use crate::style::{Breakpoint, CascadedValue, Property, RawValue, Slot, State};
use crate::subscription::SubscriptionEvent;
use crate::token::{Token, TokenId, TokenKind};

/// A slot serializes as `breakpoint` or `breakpoint:state` (see [`Slot`]'s `Display`); as a map
/// key it is one of a closed set, so style maps are partial records.
impl TS for Slot {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    const IS_ENUM: bool = true;

    fn docs() -> Option<String> {
        Some("/**\n * Where styles apply: a breakpoint, optionally in a state (`tablet:hover`).\n */".into())
    }
    fn name(_: &Config) -> String {
        "Slot".into()
    }
    fn inline(cfg: &Config) -> String {
        let bp = Breakpoint::name(cfg);
        let state = State::ALL
            .iter()
            .filter(|s| **s != State::Default)
            .map(|s| format!("`${{{bp}}}:{}`", s.as_str()))
            .collect::<Vec<_>>()
            .join(" | ");
        format!("{bp} | {state}")
    }
    fn decl(cfg: &Config) -> String {
        format!("type Slot = {};", Self::inline(cfg))
    }
    fn decl_concrete(cfg: &Config) -> String {
        Self::decl(cfg)
    }
    fn visit_dependencies(v: &mut impl TypeVisitor) {
        v.visit::<Breakpoint>();
    }
}

/// A shared record in a delta is the record itself on the wire.
impl TS for crate::delta::Shared {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(cfg: &Config) -> String {
        Element::name(cfg)
    }
    fn inline(cfg: &Config) -> String {
        Element::inline(cfg)
    }
    fn inline_flattened(cfg: &Config) -> String {
        Element::inline_flattened(cfg)
    }
    fn visit_dependencies(v: &mut impl TypeVisitor) {
        Element::visit_dependencies(v);
    }
    fn visit_generics(v: &mut impl TypeVisitor) {
        Element::visit_generics(v);
        v.visit::<Element>();
    }
    fn decl(_: &Config) -> String {
        panic!("a shared record is not declared: Element is")
    }
    fn decl_concrete(_: &Config) -> String {
        panic!("a shared record is not declared: Element is")
    }
}

const HEADER: &str =
    "// Generated from the engine's Rust types by engine/core/src/typescript.rs.\n\
     // Do not edit: change the Rust type, then run `make types`.\n";

fn config() -> Config {
    // Sizes and counts are `usize`/`u32`: plain numbers in JSON.
    Config::new().with_large_int("number")
}

/// One exported declaration with its doc comment.
fn declare<T: TS + ?Sized>(out: &mut String, cfg: &Config) {
    // `docs()` is the Rust doc comment already in JSDoc form.
    if let Some(docs) = T::docs() {
        let _ = writeln!(out, "{}", docs.trim_end());
    }
    let _ = writeln!(out, "export {}\n", T::decl(cfg));
}

/// `engine.ts`: every type that crosses the bridge.
fn engine_ts() -> String {
    let cfg = config();
    let mut out = String::from(HEADER);
    out.push('\n');
    macro_rules! all {
        ($($t:ty),* $(,)?) => { $(declare::<$t>(&mut out, &cfg);)* };
    }
    all!(
        // ids and the element model
        ElementId,
        PageId,
        AssetId,
        ElementKind,
        TextTag,
        ContainerTag,
        Tag,
        Dir,
        Project,
        Scalar,
        Breakpoint,
        State,
        Slot,
        Property,
        RawValue,
        serde_json::Value,
        CascadedValue,
        Run,
        Element,
        Page,
        Variant,
        Asset,
        AssetDelta,
        AssetUsage,
        SourceProblem,
        // what opening a saved document left out
        Dropped,
        // design tokens
        TokenId,
        TokenKind,
        PropKind,
        Token,
        TokenDelta,
        // commands and what they return
        Command,
        Applied,
        Deltas,
        Origin,
        ElementDelta,
        EngineError,
        // comments
        ThreadId,
        MessageId,
        UserId,
        Author,
        Message,
        Thread,
        CommentCommand,
        CommentApplied,
        // queries
        FieldPath,
        Op,
        Filter,
        SortKey,
        Query,
        QueryResult,
        SubscriptionEvent,
        // layout and snapping
        Box,
        LayoutResult,
        TextRequest,
        FontSpec,
        DropTarget,
        Rect,
        Edges,
        SnapRequest,
        GuideKind,
        Guide,
        SnapResult,
        // the project file
        Snapshot,
    );
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn quoted<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    items
        .into_iter()
        .map(|s| format!("'{}'", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `constants.ts`: the Rust facts the editor needs as values, not just types.
fn constants_ts() -> String {
    let mut out = String::from(HEADER);
    out.push_str("import type { Breakpoint, ElementKind, Project, Slot } from './engine';\n\n");
    let project = serde_json::to_value(Project::default()).unwrap_or_default();
    let _ = writeln!(
        out,
        "/** The project's settings until it sets its own (`Project::default`). */\n\
         export const DEFAULT_PROJECT: Project = {{ lang: '{}', dir: '{}' }};\n",
        project["lang"].as_str().unwrap_or_default(),
        project["dir"].as_str().unwrap_or_default()
    );
    let bps = Breakpoint::ALL;
    let _ = writeln!(
        out,
        "/** The breakpoints, widest first: the cascade order (`Breakpoint::ALL`). */\n\
         export const BREAKPOINTS: readonly Breakpoint[] = [{}];\n",
        quoted(bps.iter().map(|b| b.as_str()))
    );
    let widths = bps
        .iter()
        .map(|b| format!("{}: {}", b.as_str(), b.frame_width()))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "/** The canvas frame width of each breakpoint in CSS px (`Breakpoint::frame_width`). */\n\
         export const FRAME_WIDTH: Readonly<Record<Breakpoint, number>> = {{ {widths} }};\n"
    );
    let max = bps
        .iter()
        .map(|b| {
            let w = b.max_width().map_or("null".to_owned(), |w| w.to_string());
            format!("{}: {w}", b.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "/** The export's media query max-width of each breakpoint (`Breakpoint::max_width`). */\n\
         export const MAX_WIDTH: Readonly<Record<Breakpoint, number | null>> = {{ {max} }};\n"
    );
    let slots = bps.iter().flat_map(|b| {
        State::ALL.iter().map(move |s| {
            Slot {
                breakpoint: *b,
                state: *s,
            }
            .to_string()
        })
    });
    let _ = writeln!(
        out,
        "/** Every slot, in the order their CSS rules must appear for the cascade to hold. */\n\
         export const SLOTS: readonly Slot[] = [{}];\n",
        quoted(slots)
    );
    let kinds = |f: fn(ElementKind) -> bool| {
        quoted(
            ElementKind::ALL
                .iter()
                .filter(|k| f(**k))
                .map(|k| k.as_str()),
        )
    };
    let _ = writeln!(
        out,
        "/** Kinds that hold child elements (`ElementKind::holds_children`). */\n\
         export const CONTAINER_KINDS: readonly ElementKind[] = [{}];\n",
        kinds(ElementKind::holds_children)
    );
    let _ = writeln!(
        out,
        "/** Kinds whose content is text shown inside them (`ElementKind::has_text`). */\n\
         export const TEXT_KINDS: readonly ElementKind[] = [{}];\n",
        kinds(ElementKind::has_text)
    );
    let _ = writeln!(
        out,
        "/** Kinds whose source is `props.src`, never `content` (`ElementKind::has_source`). */\n\
         export const SOURCE_KINDS: readonly ElementKind[] = [{}];\n",
        kinds(ElementKind::has_source)
    );
    let _ = writeln!(
        out,
        "/** How a source names an asset of the library: `asset:` + its SHA-256 (`ASSET_SCHEME`). */\n\
         export const ASSET_SCHEME = '{}';\n",
        crate::asset::ASSET_SCHEME
    );
    let _ = writeln!(
        out,
        "/** Longest inline `data:` source the engine accepts, in bytes (`MAX_INLINE_BYTES`); larger ones become assets. */\n\
         export const MAX_INLINE_BYTES = {};",
        crate::source::MAX_INLINE_BYTES
    );
    out
}

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src/bridge/types/__generated__")
}

#[test]
fn typescript_types_are_current() {
    let dir = generated_dir();
    let files = [("engine.ts", engine_ts()), ("constants.ts", constants_ts())];
    if std::env::var_os("OMNIOS_WRITE_TYPES").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let stale: Vec<String> = files
        .iter()
        .filter(|(name, text)| std::fs::read_to_string(dir.join(name)).ok().as_ref() != Some(text))
        .map(|(name, _)| format!("web/src/bridge/types/__generated__/{name}"))
        .collect();
    assert!(
        stale.is_empty(),
        "generated TS types are stale: run make types ({})",
        stale.join(", ")
    );
}
