// One element on the canvas, as the real DOM element the export renders (its styles are rules
// in CanvasStyleSheet, keyed by its class). Memoised per element: it re-renders only when a
// delta names it (useElement), never because a sibling or parent changed.
import { createElement, memo, type MouseEvent, type ReactNode } from 'react';
import type { ElementId, ElementRecord } from '../bridge/types';
import { elementClass } from '../lib/styles';
import { useElement } from '../store/projectStore';
import { assetIdOf } from '../assets/assetUrls';
import { AssetImage, AssetVideo } from './AssetImage';
import { inertEmbedMarkup } from './embedPreview';
import { runsOf, runsToHtml } from './richText';

const preventLink = (e: MouseEvent): void => {
  if (e.target instanceof Element && e.target.closest('a') !== null) e.preventDefault();
};

/** The image shown until an image has a source: a neutral picture glyph. */
export const IMAGE_PLACEHOLDER =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80"><rect width="120" height="80" fill="#e5e7eb"/><path d="M40 56l14-18 10 12 7-8 9 14z" fill="#9ca3af"/><circle cx="76" cy="30" r="5" fill="#9ca3af"/></svg>',
  );

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function tagOf(el: ElementRecord): string {
  switch (el.kind) {
    case 'body':
      return 'div';
    case 'section':
      return el.tag ?? 'section';
    case 'container':
      return el.tag ?? 'div';
    case 'text':
      return el.tag ?? 'p';
    case 'button':
      return 'button';
    case 'link':
      return 'a';
    case 'image':
      return 'img';
    case 'input':
      return 'input';
    case 'video':
      return 'video';
    default:
      return 'div';
  }
}

export const CanvasElement = memo(function CanvasElement({ id }: { readonly id: ElementId }) {
  const el = useElement(id);
  if (el === undefined) return null;
  const classes = [elementClass(id)];
  if (el.kind === 'body') classes.push('omnios-page');
  if (el.hidden) classes.push('omnios-hidden');
  const attrs: Record<string, unknown> = { className: classes.join(' '), 'data-omnios-id': id };
  const props = el.props ?? {};
  // The section anchor is the element's id, as in the export (the engine checked its form).
  const anchor = str(props.anchor);
  if (anchor !== undefined) attrs.id = anchor;
  let children: ReactNode = null;
  const assetId = el.kind === 'image' || el.kind === 'video' ? assetIdOf(props.src) : undefined;
  if (assetId !== undefined) {
    const className = classes.join(' ');
    return el.kind === 'image' ? (
      <AssetImage id={id} assetId={assetId} className={className} alt={str(props.alt) ?? ''} fallback={IMAGE_PLACEHOLDER} anchor={anchor} />
    ) : (
      <AssetVideo id={id} assetId={assetId} className={className} anchor={anchor} />
    );
  }
  switch (el.kind) {
    case 'image':
      attrs.src = str(props.src) ?? IMAGE_PLACEHOLDER;
      attrs.alt = str(props.alt) ?? '';
      attrs.draggable = false;
      break;
    case 'input':
      attrs.placeholder = str(props.placeholder) ?? '';
      attrs.readOnly = true;
      attrs.tabIndex = -1;
      break;
    case 'video': {
      const src = str(props.src);
      if (src !== undefined) attrs.src = src;
      attrs.muted = true;
      break;
    }
    case 'button':
      attrs.type = 'button';
      attrs.tabIndex = -1;
      break;
    case 'link':
      attrs.href = str(props.href) ?? '#';
      attrs.tabIndex = -1;
      attrs.draggable = false;
      break;
    case 'embed':
      // Its HTML as the export inserts it, made inert (embedPreview.ts); a label while empty.
      if (str(el.content) === undefined) children = <span className="omnios-embed-placeholder">Embed</span>;
      else attrs.dangerouslySetInnerHTML = { __html: inertEmbedMarkup(el.content ?? '') };
      break;
    default:
      break;
  }
  if (el.kind === 'text' && el.children.length === 0) {
    // Its runs as the export writes them (richText.ts). Inline editing changes this markup in
    // place; React sets it again whenever the element's text changes.
    attrs.dangerouslySetInnerHTML = { __html: runsToHtml(runsOf(el)) };
    // A link inside a text does not navigate on the canvas.
    attrs.onClick = preventLink;
  } else if (el.kind === 'text' || el.kind === 'button' || el.kind === 'link') {
    // A single string child: React writes it as the element's textContent, which inline editing
    // (contentEditable) can change and a set_content delta writes back.
    children =
      el.children.length === 0
        ? (el.content ?? '')
        : [el.content ?? '', ...el.children.map((c) => <CanvasElement key={c} id={c} />)];
  } else if (el.children.length > 0) {
    children = el.children.map((c) => <CanvasElement key={c} id={c} />);
  }
  const voidTag = el.kind === 'image' || el.kind === 'input';
  return createElement(tagOf(el), attrs, voidTag ? undefined : children);
});
