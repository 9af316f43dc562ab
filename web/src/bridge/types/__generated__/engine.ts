// Generated from the engine's Rust types by engine/core/src/typescript.rs.
// Do not edit: change the Rust type, then run `make types`.

/**
 * Identifies an element across every peer and every save.
 */
export type ElementId = string;

/**
 * Identifies a page.
 */
export type PageId = string;

/**
 * Identifies an asset: the SHA-256 of its stored bytes, 64 lowercase hex digits.
 */
export type AssetId = string;

/**
 * What an element is. Every kind is a block-level box unless its style says flex or grid.
 */
export type ElementKind = "body" | "section" | "container" | "text" | "button" | "link" | "image" | "input" | "video" | "embed" | "instance" | "repeater";

/**
 * The HTML tag of a text element.
 */
export type TextTag = "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "span";

/**
 * The HTML tag of a section or container. The kind's own tag (`section`, `div`) is the
 * default and is stored absent.
 */
export type ContainerTag = "div" | "section" | "nav" | "header" | "footer" | "main" | "article" | "aside" | "ul" | "ol" | "li" | "blockquote" | "figure" | "figcaption";

/**
 * An element's HTML tag: a text tag for text, a container tag for sections and containers.
 * In JSON it is the tag's name (`"h1"`, `"nav"`).
 */
export type Tag = TextTag | ContainerTag;

/**
 * Which way text runs: the HTML `dir` attribute.
 */
export type Dir = "ltr" | "rtl" | "auto";

/**
 * Project-wide settings every page inherits unless it overrides them.
 */
export type Project = { 
/**
 * Language of the content, a BCP 47 tag (`en`, `en-GB`, `zh-Hant`).
 */
lang: string, 
/**
 * Direction of the content.
 */
dir: Dir, };

/**
 * A prop value: text, number or flag.
 */
export type Scalar = boolean | number | string;

/**
 * Desktop-first breakpoints: tablet inherits base, mobile inherits tablet.
 */
export type Breakpoint = "base" | "tablet" | "mobile";

/**
 * Interaction state a style applies in.
 */
export type State = "default" | "hover";

/**
 * Where styles apply: a breakpoint, optionally in a state (`tablet:hover`).
 */
export type Slot = Breakpoint | `${Breakpoint}:hover`;

/**
 * A style property of the supported subset, named as in CSS.
 */
export type Property = "display" | "flex-direction" | "flex-wrap" | "justify-content" | "align-items" | "align-content" | "align-self" | "justify-items" | "justify-self" | "flex-grow" | "flex-shrink" | "flex-basis" | "order" | "gap" | "row-gap" | "column-gap" | "grid-template-columns" | "grid-template-rows" | "grid-auto-columns" | "grid-auto-rows" | "grid-auto-flow" | "grid-column" | "grid-row" | "position" | "top" | "right" | "bottom" | "left" | "z-index" | "width" | "height" | "min-width" | "min-height" | "max-width" | "max-height" | "aspect-ratio" | "box-sizing" | "margin-top" | "margin-right" | "margin-bottom" | "margin-left" | "padding-top" | "padding-right" | "padding-bottom" | "padding-left" | "overflow" | "overflow-x" | "overflow-y" | "font-family" | "font-size" | "font-weight" | "font-style" | "line-height" | "letter-spacing" | "text-align" | "text-decoration" | "text-transform" | "white-space" | "color" | "background-color" | "background-image" | "background-size" | "background-position" | "border-top-width" | "border-right-width" | "border-bottom-width" | "border-left-width" | "border-style" | "border-color" | "border-radius" | "box-shadow" | "opacity" | "transform" | "transition" | "cursor" | "object-fit";

/**
 * A style value as given by a command: CSS text, or a number (pixels for lengths).
 */
export type RawValue = number | string;

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * A property's value in force at a breakpoint, and the breakpoint whose slot set it.
 */
export type CascadedValue = { 
/**
 * The CSS text.
 */
value: string, 
/**
 * The breakpoint that declared it: the one asked for, or a wider one it inherits from.
 */
from: Breakpoint, };

/**
 * A run of text with the same marks.
 */
export type Run = { 
/**
 * The text; `\n` is a line break.
 */
text: string, 
/**
 * `<strong>`.
 */
bold?: boolean, 
/**
 * `<em>`.
 */
italic?: boolean, 
/**
 * `<u>`.
 */
underline?: boolean, 
/**
 * `<a href>`: where the link goes.
 */
link?: string, };

/**
 * One element as the document holds it.
 */
export type Element = { 
/**
 * Its id.
 */
id: ElementId, 
/**
 * Its kind.
 */
kind: ElementKind, 
/**
 * The page it belongs to.
 */
page: PageId, 
/**
 * The parent as stored (`None` only for a page's body). The tree may attach the element
 * elsewhere after a merge; [`crate::ElementDelta::parent`] says where it shows.
 */
parent: ElementId | null, 
/**
 * Fractional order key among siblings.
 */
order: string, 
/**
 * Name shown in the layers panel.
 */
name?: string, 
/**
 * Tag of a text element (always set), a section or a container (absent: the kind's own).
 */
tag?: Tag, 
/**
 * Text content (text, button, link) or HTML (embed). Images and videos have none: their
 * source is `props.src` ([`ElementKind::has_source`]).
 */
content?: string, 
/**
 * A text element's formatted runs (`rich_text.rs`), whose text joined is `content`; empty
 * when no mark is set.
 */
runs?: Array<Run>, 
/**
 * Attributes and component props: href, src (`asset:<id>`, a URL or a site path), alt,
 * poster, placeholder, …
 */
props?: { [key in string]: Scalar }, 
/**
 * Styles per breakpoint and state.
 */
styles?: { [key in Slot]?: { [key in Property]?: string } }, 
/**
 * Hidden on the canvas and in the export.
 */
hidden?: boolean, 
/**
 * Not selectable or movable on the canvas.
 */
locked?: boolean, };

/**
 * One page of the project.
 */
export type Page = { 
/**
 * Its id.
 */
id: PageId, 
/**
 * Name shown in the pages panel.
 */
name: string, 
/**
 * URL path segment (`""` for the home page).
 */
slug: string, 
/**
 * `<title>`.
 */
title: string, 
/**
 * `<meta name="description">`.
 */
description: string, 
/**
 * Fractional order key among pages.
 */
order: string, 
/**
 * The page's body element.
 */
root: ElementId, 
/**
 * Language overriding the project's (BCP 47).
 */
lang?: string, 
/**
 * Direction overriding the project's.
 */
dir?: Dir, 
/**
 * The social image (`og:image`, the Twitter card): `asset:<sha256>` or an `http(s)` URL
 * (`source::check_page_image`).
 */
image?: string, };

/**
 * One responsive variant: the same picture re-encoded at a smaller width.
 */
export type Variant = { 
/**
 * Width in pixels.
 */
width: number, 
/**
 * SHA-256 of the variant's bytes (a blob, not an asset of its own).
 */
hash: AssetId, };

/**
 * One asset of the library as the document holds it.
 */
export type Asset = { 
/**
 * SHA-256 of the stored bytes.
 */
id: AssetId, 
/**
 * Name shown in the assets panel (the file name it came with, or the designer's).
 */
name: string, 
/**
 * MIME type checked from the bytes (`image/png`, `video/mp4`, `font/woff2`, …).
 */
mime: string, 
/**
 * Size of the stored bytes.
 */
size: number, 
/**
 * Width in pixels (images and video).
 */
width?: number, 
/**
 * Height in pixels (images and video).
 */
height?: number, 
/**
 * Alternative text for images; the export flags images whose asset has none.
 */
alt?: string, 
/**
 * Responsive variants, narrowest first (may be empty).
 */
variants?: Array<Variant>, 
/**
 * What to show while the bytes load: a small `data:image/…` URL or a blob's SHA-256.
 */
placeholder?: string, };

/**
 * An asset of the library as deltas report it: the record and the elements using it.
 */
export type AssetDelta = { 
/**
 * Elements whose source names it, sorted (its usage count is the length).
 */
used_by: Array<ElementId>, 
/**
 * SHA-256 of the stored bytes.
 */
id: AssetId, 
/**
 * Name shown in the assets panel (the file name it came with, or the designer's).
 */
name: string, 
/**
 * MIME type checked from the bytes (`image/png`, `video/mp4`, `font/woff2`, …).
 */
mime: string, 
/**
 * Size of the stored bytes.
 */
size: number, 
/**
 * Width in pixels (images and video).
 */
width?: number, 
/**
 * Height in pixels (images and video).
 */
height?: number, 
/**
 * Alternative text for images; the export flags images whose asset has none.
 */
alt?: string, 
/**
 * Responsive variants, narrowest first (may be empty).
 */
variants?: Array<Variant>, 
/**
 * What to show while the bytes load: a small `data:image/…` URL or a blob's SHA-256.
 */
placeholder?: string, };

/**
 * How many elements use an asset, and which (the assets panel's usage count).
 */
export type AssetUsage = { 
/**
 * The asset.
 */
id: AssetId, 
/**
 * Elements whose source names it, sorted by id.
 */
elements: Array<ElementId>, 
/**
 * Named by elements but not in the library (a peer removed it meanwhile).
 */
missing: boolean, };

/**
 * Why a source was refused: the stable reason a host branches on.
 */
export type SourceProblem = "empty" | "too_long" | "bad_characters" | "scheme" | "protocol_relative" | "relative" | "no_host" | "malformed_asset" | "inline_too_large" | "inline_type" | "not_address";

/**
 * One value a repair left out.
 */
export type Dropped = { 
/**
 * The element that held it.
 */
element: string, 
/**
 * What it was: `style <slot>|<property>` or `prop <key>`.
 */
field: string, 
/**
 * Why it is refused now.
 */
reason: string, };

/**
 * Identifies a design token; styles name it as `token:<id>`.
 */
export type TokenId = string;

/**
 * What a token holds, and so which properties may use it.
 */
export type TokenKind = "color" | "font_size" | "spacing" | "radius";

/**
 * What a component prop holds.
 */
export type PropKind = "text" | "number" | "boolean" | "image" | "link" | "enum";

/**
 * One design token as the document holds it.
 */
export type Token = { 
/**
 * The id references use.
 */
id: TokenId, 
/**
 * The readable name: 1–64 characters of `a-z`, `0-9` and `-`, starting with a letter (the
 * export's CSS variable is `--<name>`). Unique among tokens when a command sets it.
 */
name: string, 
/**
 * What it holds.
 */
kind: TokenKind, 
/**
 * The CSS text, checked for its kind (`16` is stored as `16px`).
 */
value: string, };

/**
 * A design token as deltas report it: the record and the elements using it.
 */
export type TokenDelta = { 
/**
 * Elements whose styles name it, sorted (the refusal to delete it lists the same).
 */
used_by: Array<ElementId>, 
/**
 * The id references use.
 */
id: TokenId, 
/**
 * The readable name: 1–64 characters of `a-z`, `0-9` and `-`, starting with a letter (the
 * export's CSS variable is `--<name>`). Unique among tokens when a command sets it.
 */
name: string, 
/**
 * What it holds.
 */
kind: TokenKind, 
/**
 * The CSS text, checked for its kind (`16` is stored as `16px`).
 */
value: string, };

/**
 * One change to the document. See the module table for the JSON form.
 */
export type Command = { "type": "create_element", id?: ElementId | null, kind: ElementKind, parent: ElementId, index?: number | null, name?: string | null, tag?: Tag | null, content?: string | null, props?: { [key in string]: Scalar }, styles?: { [key in Slot]?: { [key in string]: RawValue | null } }, } | { "type": "delete_elements", ids: Array<ElementId>, } | { "type": "move_elements", ids: Array<ElementId>, parent: ElementId, index?: number | null, } | { "type": "duplicate_elements", ids: Array<ElementId>, } | { "type": "update_styles", ids: Array<ElementId>, slot?: Slot, set: { [key in string]: RawValue | null }, } | { "type": "update_props", id: ElementId, set: { [key in string]: Scalar | null }, } | { "type": "set_content", id: ElementId, content: string, } | { "type": "set_text", id: ElementId, runs: Array<Run>, } | { "type": "set_tag", id: ElementId, tag: Tag, } | { "type": "rename_element", id: ElementId, name: string, } | { "type": "set_hidden", ids: Array<ElementId>, hidden: boolean, } | { "type": "set_locked", ids: Array<ElementId>, locked: boolean, } | { "type": "group", ids: Array<ElementId>, id?: ElementId | null, } | { "type": "wrap", ids: Array<ElementId>, kind: ElementKind, id?: ElementId | null, } | { "type": "ungroup", id: ElementId, } | { "type": "create_page", id?: PageId | null, name: string, slug?: string | null, title?: string | null, description?: string | null, index?: number | null, } | { "type": "duplicate_page", id: PageId, new_id?: PageId | null, } | { "type": "delete_page", id: PageId, } | { "type": "rename_page", id: PageId, name: string, } | { "type": "update_page", id: PageId, slug?: string | null, title?: string | null, description?: string | null, 
/**
 * `Some(None)` (JSON `null`) removes the override: the page follows the project.
 */
lang?: string | null | null, dir?: Dir | null | null, 
/**
 * The social image: `asset:<sha256>` of an image in the library or an `http(s)` URL;
 * `null` removes it.
 */
image?: string | null | null, } | { "type": "update_project", lang?: string | null, dir?: Dir | null, } | { "type": "reorder_page", id: PageId, index: number, } | { "type": "add_asset", asset: Asset, } | { "type": "rename_asset", id: AssetId, name: string, } | { "type": "set_asset_alt", id: AssetId, alt: string, } | { "type": "replace_asset", id: AssetId, with: Asset, } | { "type": "remove_asset", id: AssetId, force?: boolean, } | { "type": "create_token", id?: TokenId | null, name: string, kind: TokenKind, value: RawValue, } | { "type": "update_token", id: TokenId, value: RawValue, } | { "type": "rename_token", id: TokenId, name: string, } | { "type": "delete_token", id: TokenId, force?: boolean, } | { "type": "create_component", id: ElementId, name: string, component_id?: ElementId | null, } | { "type": "rename_component", id: ElementId, name: string, } | { "type": "delete_component", id: ElementId, force?: boolean, } | { "type": "declare_prop", component: ElementId, name: string, kind: PropKind, target: string, default?: Scalar | null, } | { "type": "remove_prop", component: ElementId, name: string, } | { "type": "insert_instance", component: ElementId, parent: ElementId, index?: number | null, id?: ElementId | null, } | { "type": "reset_override", id: ElementId, field?: string | null, } | { "type": "detach_instance", id: ElementId, } | { "type": "set_variant_value", component: ElementId, axis: string, option: string, target: string, value?: Scalar | null, } | { "type": "remove_variant", component: ElementId, axis: string, option: string, } | { "type": "set_slot", component: ElementId, element: ElementId, slot: boolean, };

/**
 * What a successful commit created, so the host can select it.
 */
export type Applied = { 
/**
 * Elements created (including duplicates and wrappers, and every element below the body
 * of a duplicated page), in command order.
 */
created: Array<ElementId>, 
/**
 * Pages created.
 */
created_pages: Array<PageId>, 
/**
 * Design tokens created.
 */
created_tokens?: Array<TokenId>, };

/**
 * What changed since the last [`Engine::take_deltas`].
 */
export type Deltas = { 
/**
 * Elements created or changed (including those whose children changed).
 */
elements: Array<ElementDelta>, 
/**
 * Elements removed.
 */
removed: Array<ElementId>, 
/**
 * Pages created or changed.
 */
pages: Array<Page>, 
/**
 * Pages removed.
 */
removed_pages: Array<PageId>, 
/**
 * The project's settings, when they changed.
 */
project?: Project, 
/**
 * Assets added or changed, and those whose users changed.
 */
assets: Array<AssetDelta>, 
/**
 * Assets removed from the library.
 */
removed_assets: Array<AssetId>, 
/**
 * Design tokens added or changed, and those whose users changed. Every element using a
 * changed token is in `elements` too: its look changed.
 */
tokens: Array<TokenDelta>, 
/**
 * Design tokens removed.
 */
removed_tokens: Array<TokenId>, 
/**
 * Whether the comments changed (read them again with `Engine::comments`).
 */
comments?: boolean, };

/**
 * Where a shown element comes from: the stored instance that shows it, its path, and the
 * fields that instance overrides on it. Deltas and queries report it as `origin` (absent for
 * stored elements), so the editor can name the master element behind a shown one and mark
 * what `reset_override` would undo.
 */
export type Origin = { 
/**
 * The stored instance.
 */
instance: ElementId, 
/**
 * Master element ids from the instance's master inward.
 */
path: Array<ElementId>, 
/**
 * The fields the stored instance overrides on this element ([`Field::key`]: `content`,
 * `hidden`, `prop|<key>`, `style|<slot>|<property>`), sorted. Only the instance's own
 * overrides count: values a nested instance or a prop sets are the master's.
 */
overridden: Array<string>, };

/**
 * An element as deltas and queries report it: the record, with `parent` being where it
 * shows in the tree, and its children in order.
 */
export type ElementDelta = { 
/**
 * Children as shown, in order.
 */
children: Array<ElementId>, 
/**
 * For an element shown inside an instance: the instance, the master element's path and
 * the fields the instance overrides on it. Absent for stored elements.
 */
origin?: Origin, 
/**
 * For a stored instance: it shows only part of its master, or none of it, because a
 * bound on shown elements stopped its expansion (10,000 per instance, 200,000 in the
 * document, handed out in id order: `component::MAX_SHOWN_IN_DOCUMENT`). Absent otherwise.
 */
truncated?: boolean, 
/**
 * Its id.
 */
id: ElementId, 
/**
 * Its kind.
 */
kind: ElementKind, 
/**
 * The page it belongs to.
 */
page: PageId, 
/**
 * The parent as stored (`None` only for a page's body). The tree may attach the element
 * elsewhere after a merge; [`crate::ElementDelta::parent`] says where it shows.
 */
parent: ElementId | null, 
/**
 * Fractional order key among siblings.
 */
order: string, 
/**
 * Name shown in the layers panel.
 */
name?: string, 
/**
 * Tag of a text element (always set), a section or a container (absent: the kind's own).
 */
tag?: Tag, 
/**
 * Text content (text, button, link) or HTML (embed). Images and videos have none: their
 * source is `props.src` ([`ElementKind::has_source`]).
 */
content?: string, 
/**
 * A text element's formatted runs (`rich_text.rs`), whose text joined is `content`; empty
 * when no mark is set.
 */
runs?: Array<Run>, 
/**
 * Attributes and component props: href, src (`asset:<id>`, a URL or a site path), alt,
 * poster, placeholder, …
 */
props?: { [key in string]: Scalar }, 
/**
 * Styles per breakpoint and state.
 */
styles?: { [key in Slot]?: { [key in Property]?: string } }, 
/**
 * Hidden on the canvas and in the export.
 */
hidden?: boolean, 
/**
 * Not selectable or movable on the canvas.
 */
locked?: boolean, };

/**
 * Why the engine refused a call. The document is untouched whenever one is returned.
 */
export type EngineError = { "code": "invalid_id", 
/**
 * `element`, `page`, `asset`, `token`, `thread`, `message` or `user`.
 */
what: string, 
/**
 * The offending text (cut to 80 characters).
 */
id: string, } | { "code": "unknown_element", 
/**
 * The id asked for.
 */
id: string, } | { "code": "unknown_page", 
/**
 * The id asked for.
 */
id: string, } | { "code": "duplicate_id", 
/**
 * The id asked for.
 */
id: string, } | { "code": "would_create_cycle", 
/**
 * The element being moved.
 */
moving: string, 
/**
 * The parent asked for.
 */
into: string, } | { "code": "wrong_kind", 
/**
 * The element.
 */
element: string, 
/**
 * Its kind.
 */
kind: string, 
/**
 * What was refused.
 */
reason: string, } | { "code": "invalid_value", 
/**
 * The element concerned, if any.
 */
element: string | null, 
/**
 * The field or style property.
 */
field: string, 
/**
 * What is wrong.
 */
reason: string, } | { "code": "payload_too_large", 
/**
 * Size of the input.
 */
bytes: number, 
/**
 * The limit.
 */
limit: number, } | { "code": "invalid_command", 
/**
 * The parser's explanation.
 */
reason: string, } | { "code": "invalid_update", 
/**
 * The decoder's explanation.
 */
reason: string, } | { "code": "invalid_query", 
/**
 * What is wrong.
 */
reason: string, } | { "code": "invalid_snapshot", 
/**
 * What is wrong.
 */
reason: string, } | { "code": "cross_page", 
/**
 * The element being moved.
 */
moving: string, 
/**
 * The parent asked for.
 */
into: string, } | { "code": "page_root", 
/**
 * The root element.
 */
id: string, } | { "code": "last_page" } | { "code": "unknown_subscription", 
/**
 * The id asked for.
 */
id: number, } | { "code": "invalid_source", 
/**
 * The element concerned, if any.
 */
element: string | null, 
/**
 * `src` or `poster`, or `image` for a page's social image.
 */
field: string, 
/**
 * The refused source (cut to 80 characters).
 */
value: string, 
/**
 * Why, as a stable code (the message says it in words).
 */
problem: SourceProblem, } | { "code": "unknown_asset", 
/**
 * The id asked for.
 */
id: string, } | { "code": "asset_in_use", 
/**
 * The asset.
 */
id: string, 
/**
 * The elements using it, sorted.
 */
elements: Array<string>, } | { "code": "unknown_token", 
/**
 * The id asked for.
 */
id: string, } | { "code": "token_name_taken", 
/**
 * The name asked for.
 */
name: string, } | { "code": "token_in_use", 
/**
 * The token.
 */
id: string, 
/**
 * The elements using it, sorted.
 */
elements: Array<string>, } | { "code": "anchor_taken", 
/**
 * The anchor asked for.
 */
anchor: string, 
/**
 * The element that has it.
 */
element: string, } | { "code": "unknown_component", 
/**
 * The id asked for.
 */
id: string, } | { "code": "component_name_taken", 
/**
 * The name asked for.
 */
name: string, } | { "code": "component_in_use", 
/**
 * The component.
 */
id: string, 
/**
 * The stored instances using it, sorted.
 */
instances: Array<string>, } | { "code": "component_contains_itself", 
/**
 * The component of the instance.
 */
component: string, 
/**
 * The master it would go into.
 */
into: string, } | { "code": "inside_instance", 
/**
 * The shown element.
 */
id: string, 
/**
 * The stored instance showing it.
 */
instance: string, } | { "code": "too_deep", 
/**
 * The element that would be too deep.
 */
element: string, 
/**
 * How deep it would be.
 */
depth: number, 
/**
 * The limit.
 */
limit: number, } | { "code": "undo_overwritten" } | { "code": "unknown_thread", 
/**
 * The id asked for.
 */
id: string, } | { "code": "unknown_message", 
/**
 * The id asked for.
 */
id: string, } | { "code": "not_author", 
/**
 * The thread or message.
 */
id: string, } | { "code": "impersonated_author", 
/**
 * The thread or message.
 */
id: string, 
/**
 * The author (or resolver) it names.
 */
claimed: string, } | { "code": "read_only" };

/**
 * Identifies a comment thread.
 */
export type ThreadId = string;

/**
 * Identifies one message of a comment thread.
 */
export type MessageId = string;

/**
 * Identifies a person: an account's id on a server, or this browser's local id.
 */
export type UserId = string;

/**
 * Who writes comments from this engine.
 */
export type Author = { 
/**
 * The account's id, or this browser's local id.
 */
id: UserId, 
/**
 * The name shown beside the comment.
 */
name: string, };

/**
 * One message of a thread.
 */
export type Message = { 
/**
 * The message's id.
 */
id: MessageId, 
/**
 * Its thread.
 */
thread: ThreadId, 
/**
 * Who wrote it.
 */
author: UserId, 
/**
 * The author's name as it was when written.
 */
author_name: string, 
/**
 * The text (mentions appear in it as `@name`).
 */
text: string, 
/**
 * When it was written (engine clock, ms).
 */
at: number, 
/**
 * The people it mentions, by id.
 */
mentions: Array<UserId>, };

/**
 * A comment thread with its messages, oldest first.
 */
export type Thread = { 
/**
 * The thread's id.
 */
id: ThreadId, 
/**
 * The page it is on.
 */
page: PageId, 
/**
 * The element it is pinned to; `None`: a point of the page.
 */
element: ElementId | null, 
/**
 * The pin's position: relative to the element's box when pinned to one, else page
 * coordinates.
 */
x: number, 
/**
 * See `x`.
 */
y: number, 
/**
 * Who started it.
 */
author: UserId, 
/**
 * The author's name as it was when written.
 */
author_name: string, 
/**
 * When it was started (engine clock, ms).
 */
at: number, 
/**
 * Whether it is resolved.
 */
resolved: boolean, 
/**
 * Who resolved it, while resolved.
 */
resolved_by: UserId | null, 
/**
 * Its messages, oldest first (the first is the one it was started with).
 */
messages: Array<Message>, };

/**
 * A change to the project's comments (see the module's second table). Not an undo step.
 */
export type CommentCommand = { "type": "start_thread", id?: ThreadId | null, page: PageId, element?: ElementId | null, x: number, y: number, text: string, mentions?: Array<UserId>, } | { "type": "reply", thread: ThreadId, text: string, mentions?: Array<UserId>, } | { "type": "resolve_thread", thread: ThreadId, } | { "type": "reopen_thread", thread: ThreadId, } | { "type": "delete_message", id: MessageId, } | { "type": "delete_thread", thread: ThreadId, } | { "type": "claim_comments" };

/**
 * What a comment command created.
 */
export type CommentApplied = { 
/**
 * The thread started, if any.
 */
thread: ThreadId | null, 
/**
 * The message written, if any.
 */
message: MessageId | null, };

/**
 * A field an element can be filtered or sorted by.
 */
export type FieldPath = string;

/**
 * A comparison.
 */
export type Op = "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "in" | "contains" | "exists";

/**
 * A filter: conditions joined by and/or/not.
 */
export type Filter = { 
/**
 * The parts.
 */
and: Array<Filter>, } | { 
/**
 * The parts.
 */
or: Array<Filter>, } | { 
/**
 * The part.
 */
not: Filter, } | { 
/**
 * The field.
 */
field: FieldPath, 
/**
 * The comparison.
 */
op: Op, 
/**
 * The value compared with (a list for `in`, a flag for `exists`).
 */
value: JsonValue, };

/**
 * A sort key.
 */
export type SortKey = { 
/**
 * The field.
 */
field: FieldPath, 
/**
 * Descending.
 */
desc?: boolean, };

/**
 * A query: filter, sort (default: by id), then offset and limit.
 */
export type Query = { 
/**
 * Which elements.
 */
filter?: Filter, 
/**
 * In what order.
 */
sort?: Array<SortKey>, 
/**
 * At most this many.
 */
limit?: number, 
/**
 * Skipping this many.
 */
offset?: number, };

/**
 * A query's answer.
 */
export type QueryResult = { 
/**
 * How many matched before paging.
 */
total: number, 
/**
 * The page of results.
 */
elements: Array<ElementDelta>, };

/**
 * What a subscription received since it was last drained.
 */
export type SubscriptionEvent = { 
/**
 * The subscription.
 */
subscription: number, 
/**
 * Elements that match now and were added or changed.
 */
changed: Array<ElementDelta>, 
/**
 * Elements that matched and no longer do (or are gone).
 */
left: Array<ElementId>, };

/**
 * One element's absolute box, in page coordinates (CSS px, unrounded).
 */
export type Box = { 
/**
 * Left.
 */
x: number, 
/**
 * Top.
 */
y: number, 
/**
 * Width.
 */
width: number, 
/**
 * Height.
 */
height: number, };

/**
 * What a layout pass changed.
 */
export type LayoutResult = { 
/**
 * Boxes that are new or moved, by element.
 */
boxes: { [key in ElementId]: Box }, 
/**
 * Elements that no longer have a box.
 */
removed: Array<ElementId>, };

/**
 * What the host must measure: a text leaf's content in its resolved font.
 */
export type TextRequest = { 
/**
 * The text.
 */
text: string, 
/**
 * A text element's runs (`rich_text.rs`) when it has marks or line breaks: the host lays
 * them out as the canvas draws them (`<strong>` is wider, `<br>` starts a line). Their
 * text is transformed like `text`.
 */
runs?: Array<Run>, 
/**
 * The resolved font.
 */
font: FontSpec, };

/**
 * A resolved font, as CSS text the host can apply directly.
 */
export type FontSpec = { 
/**
 * `font-family`.
 */
family: string, 
/**
 * `font-size` in px, as text.
 */
size: string, 
/**
 * `font-weight`.
 */
weight: string, 
/**
 * `font-style`.
 */
style: string, 
/**
 * `line-height`.
 */
lineHeight: string, 
/**
 * `letter-spacing`.
 */
letterSpacing: string, 
/**
 * `white-space`.
 */
whiteSpace: string, 
/**
 * `text-transform`.
 */
textTransform: string, };

/**
 * Where a drop would land.
 */
export type DropTarget = { 
/**
 * The container.
 */
parent: ElementId, 
/**
 * The index among its children once the moved ones are taken out (a `move_elements`
 * index).
 */
index: number, 
/**
 * The line to draw (zero width or height) or, when the container has no laid-out child in
 * the flow, the container's box.
 */
rect: Rect, };

/**
 * A rectangle in page coordinates.
 */
export type Rect = { 
/**
 * Left.
 */
x: number, 
/**
 * Top.
 */
y: number, 
/**
 * Width.
 */
width: number, 
/**
 * Height.
 */
height: number, };

/**
 * Which edges a resize moves.
 */
export type Edges = { 
/**
 * The left edge moves.
 */
left: boolean, 
/**
 * The right edge moves.
 */
right: boolean, 
/**
 * The top edge moves.
 */
top: boolean, 
/**
 * The bottom edge moves.
 */
bottom: boolean, };

/**
 * A snap question: where the host would put a box, and how close counts.
 */
export type SnapRequest = { 
/**
 * The element being moved or resized (it and its descendants are not targets).
 */
id?: ElementId, 
/**
 * The proposed box, in page coordinates.
 */
rect: Rect, 
/**
 * For a resize, the edges that move; absent for a move.
 */
resize?: Edges, 
/**
 * Canvas zoom (screen px per page px).
 */
zoom: number, 
/**
 * Snap distance in screen pixels.
 */
threshold: number, };

/**
 * What a guide shows.
 */
export type GuideKind = "edge" | "center" | "spacing";

/**
 * A line to draw: vertical at `x = at` from `from` to `to` for axis `x`; horizontal for `y`.
 */
export type Guide = { 
/**
 * What it shows.
 */
kind: GuideKind, 
/**
 * `x` for a vertical line, `y` for a horizontal one.
 */
axis: "x" | "y", 
/**
 * Position on the axis.
 */
at: number, 
/**
 * Start along the line.
 */
from: number, 
/**
 * End along the line.
 */
to: number, };

/**
 * The snapped box and the guides to draw.
 */
export type SnapResult = { 
/**
 * The box after snapping.
 */
rect: Rect, 
/**
 * Horizontal correction applied.
 */
dx: number, 
/**
 * Vertical correction applied.
 */
dy: number, 
/**
 * Guides, empty when nothing snapped.
 */
guides: Array<Guide>, };

/**
 * A whole project as plain data.
 */
export type Snapshot = { 
/**
 * Always `omnios`.
 */
format: string, 
/**
 * Format version.
 */
version: number, 
/**
 * The project's language and direction.
 */
project?: Project, 
/**
 * Pages in order.
 */
pages: Array<Page>, 
/**
 * Elements, page by page in tree order.
 */
elements: Array<Element>, 
/**
 * The asset library, sorted by id.
 */
assets?: Array<Asset>, 
/**
 * The design tokens, sorted by id.
 */
tokens?: Array<Token>, };
