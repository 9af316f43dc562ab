// Preview: the page as a visitor sees it — the static export, compiled in the browser from the
// document as it is now, shown without editor chrome at any width (the three breakpoints or a
// typed width). Links move between the project's pages, links out open a new tab, hover and
// forms behave as on the site; scripts do not run (embeds run in the exported site). Escape or
// "Exit preview" goes back to the editor.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { HyperBridge } from '../bridge/HyperBridge';
import { FRAME_WIDTH } from '../bridge/types';
import type { BlobReader } from '../export/blobReader';
import { loadCompiler, type CompiledFiles } from '../export/compilerModule';
import { assetsOf, linkTarget, pagesOf, splitFontFaces } from './previewSite';

const WIDTHS: readonly { label: string; width: number }[] = [
  { label: 'Desktop', width: FRAME_WIDTH.base },
  { label: 'Tablet', width: FRAME_WIDTH.tablet },
  { label: 'Mobile', width: FRAME_WIDTH.mobile },
];

const text = new TextDecoder();

type Compiled = { state: 'compiling' } | { state: 'failed'; message: string } | { state: 'ready'; files: CompiledFiles };

export function PreviewMode({
  bridge,
  readBlob,
  startSlug,
  onClose,
}: {
  bridge: HyperBridge;
  readBlob: BlobReader;
  startSlug: string;
  onClose: () => void;
}) {
  const [compiled, setCompiled] = useState<Compiled>({ state: 'compiling' });
  const [slug, setSlug] = useState(startSlug);
  const [width, setWidth] = useState(FRAME_WIDTH.base);
  const frame = useRef<HTMLIFrameElement>(null);
  // The section to scroll to once the next page is in the frame (a link to `/about#pricing`).
  const pendingAnchor = useRef<string | null>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    let live = true;
    const json = bridge.toJSON();
    loadCompiler()
      .then(async (c) => {
        const job = c.prepare(json);
        try {
          for (const sha of job.blobsNeeded()) {
            const bytes = await readBlob(sha);
            if (bytes !== undefined) job.addBlob(sha, bytes);
          }
          return job.compile('static');
        } finally {
          job.free();
        }
      })
      .then((files) => live && setCompiled({ state: 'ready', files }))
      .catch((error: unknown) => live && setCompiled({ state: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
    };
  }, [bridge, readBlob]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  const files = compiled.state === 'ready' ? compiled.files.files : null;
  const pages = useMemo(() => (files === null ? [] : pagesOf(files)), [files]);
  const assetUrls = useMemo(() => {
    const urls = new Map<string, string>();
    if (files !== null) for (const a of assetsOf(files)) urls.set(a.path, URL.createObjectURL(new Blob([a.bytes as BlobPart], { type: a.type })));
    return urls;
  }, [files]);
  useEffect(() => () => assetUrls.forEach((url) => URL.revokeObjectURL(url)), [assetUrls]);

  // Put the chosen page into the frame: its body and stylesheet, assets as object URLs, links
  // handled here (the frame runs no script of its own).
  useEffect(() => {
    const iframe = frame.current;
    const page = pages.find((p) => p.slug === slug) ?? pages[0];
    const win = iframe?.contentWindow;
    if (files === null || page === undefined || iframe === null || win == null) return;
    const html = files.find((f) => f.path === page.path);
    const css = files.find((f) => f.path === 'styles.css');
    const parsed = new DOMParser().parseFromString(text.decode(html?.bytes), 'text/html');
    const target = win.document;
    for (const name of ['lang', 'dir']) {
      const value = parsed.documentElement.getAttribute(name);
      if (value === null) target.documentElement.removeAttribute(name);
      else target.documentElement.setAttribute(name, value);
    }
    target.title = parsed.title;
    // A sheet made in the frame's own realm (documents adopt only their own sheets); uploaded
    // fonts are added from their bytes (the editor's CSP loads no font from an object URL).
    const realm = win as Window & typeof globalThis;
    const { css: rules, fonts } = splitFontFaces(css === undefined ? '' : text.decode(css.bytes));
    const sheet = new realm.CSSStyleSheet();
    sheet.replaceSync(rules);
    target.adoptedStyleSheets = [sheet];
    target.fonts.clear();
    for (const font of fonts) {
      const file = files.find((f) => f.path === font.path);
      if (file === undefined) continue;
      const face = new realm.FontFace(font.family, file.bytes as Uint8Array<ArrayBuffer>);
      target.fonts.add(face);
      void face.load().catch(() => target.fonts.delete(face));
    }
    for (const el of parsed.querySelectorAll<HTMLElement>('[src], [srcset], [poster]')) {
      for (const attr of ['src', 'poster']) {
        const value = el.getAttribute(attr);
        const asset = value === null ? undefined : assetUrls.get(value.replace(/^(\.\.\/)+/, '').replace(/^\//, ''));
        if (asset !== undefined) el.setAttribute(attr, asset);
      }
      const srcset = el.getAttribute('srcset');
      if (srcset !== null) {
        el.setAttribute(
          'srcset',
          srcset
            .split(',')
            .map((part) => {
              const [url = '', size = ''] = part.trim().split(/\s+/);
              return `${assetUrls.get(url.replace(/^(\.\.\/)+/, '').replace(/^\//, '')) ?? url} ${size}`.trim();
            })
            .join(', '),
        );
      }
    }
    target.body.replaceChildren(...[...parsed.body.childNodes].map((n) => target.importNode(n, true)));
    win.scrollTo(0, 0);
    if (pendingAnchor.current !== null) {
      target.getElementById(pendingAnchor.current)?.scrollIntoView();
      pendingAnchor.current = null;
    }
    const slugs = new Set(pages.map((p) => p.slug));
    const onClick = (e: MouseEvent): void => {
      const anchor = (e.target as Element | null)?.closest?.('a');
      if (anchor == null) return;
      e.preventDefault();
      const to = linkTarget(anchor.getAttribute('href') ?? '', page.slug, slugs);
      if (to === null) return;
      if ('page' in to) {
        pendingAnchor.current = to.anchor ?? null;
        setSlug(to.page);
      }
      else if ('anchor' in to) target.getElementById(to.anchor)?.scrollIntoView();
      else window.open(to.external, '_blank', 'noopener,noreferrer');
    };
    const onSubmit = (e: SubmitEvent): void => e.preventDefault();
    // After a click in the page, keys go to the frame's document: Escape still leaves Preview.
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close.current();
    };
    target.addEventListener('click', onClick);
    target.addEventListener('submit', onSubmit);
    target.addEventListener('keydown', onKey);
    return () => {
      target.removeEventListener('keydown', onKey);
      target.removeEventListener('click', onClick);
      target.removeEventListener('submit', onSubmit);
    };
  }, [files, pages, slug, assetUrls]);

  return (
    <div className="preview" role="dialog" aria-modal="true" aria-label="Preview">
      <div className="preview-bar">
        <strong>Preview</strong>
        <select aria-label="Preview page" className="field-input preview-page" value={slug} onChange={(e) => setSlug(e.target.value)}>
          {pages.map((p) => (
            <option key={p.slug} value={p.slug}>
              /{p.slug}
            </option>
          ))}
        </select>
        <div className="segmented" role="group" aria-label="Preview width">
          {WIDTHS.map((w) => (
            <button key={w.label} type="button" className={`segment${width === w.width ? ' active' : ''}`} aria-pressed={width === w.width} onClick={() => setWidth(w.width)}>
              {w.label} {w.width}
            </button>
          ))}
        </div>
        <label className="preview-width">
          Width
          <input
            type="number"
            className="field-input"
            aria-label="Preview width in pixels"
            min={240}
            max={3840}
            value={width}
            onChange={(e) => {
              const w = Number(e.target.value);
              if (Number.isFinite(w) && w >= 240 && w <= 3840) setWidth(Math.round(w));
            }}
          />
        </label>
        <span className="preview-note">Scripts and embeds run in the exported site.</span>
        <button type="button" className="button primary small" onClick={onClose}>
          Exit preview
        </button>
      </div>
      <div className="preview-stage">
        {compiled.state === 'compiling' && <p className="preview-status">Building the page…</p>}
        {compiled.state === 'failed' && (
          <p className="preview-status" role="alert">
            The preview could not be built: {compiled.message}
          </p>
        )}
        <iframe
          ref={frame}
          title="Page preview"
          className="preview-frame"
          sandbox="allow-same-origin"
          style={{ width, visibility: compiled.state === 'ready' ? 'visible' : 'hidden' }}
        />
      </div>
    </div>
  );
}
