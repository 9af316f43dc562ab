// Renaming a page as Webflow does it: the slug and the SEO title follow the name until the
// designer has set them by hand, and links to the page follow its new slug — one command batch,
// one undo step.
import type { Command, ElementRecord, PageRecord } from '../../bridge/types';
import { slugify } from './slug';

/** Whether `slug` is what the page's name would give (`about`, or `about-2` when that was taken). */
const followsName = (slug: string, name: string): boolean => {
  const base = slugify(name) || 'page';
  return slug === base || new RegExp(`^${base}-\\d+$`).test(slug);
};

/** A slug from `name` that no other page uses (`about`, `about-2`, …). */
function freeSlug(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name) || 'page';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The commands that rename `page` to `name` (nothing when the name is empty or unchanged). */
export function renamePageCommands(page: PageRecord, name: string, pages: readonly PageRecord[], elements: Iterable<ElementRecord>): Command[] {
  const next = name.trim();
  if (next === '' || next === page.name) return [];
  const commands: Command[] = [{ type: 'rename_page', id: page.id, name: next }];
  const update: { slug?: string; title?: string } = {};
  // The home page keeps its empty slug; a slug typed by hand stays.
  if (page.slug !== '' && followsName(page.slug, page.name)) {
    const slug = freeSlug(next, new Set(pages.filter((p) => p.id !== page.id).map((p) => p.slug)));
    if (slug !== page.slug) update.slug = slug;
  }
  if (page.title === '' || page.title === page.name) update.title = next;
  if (Object.keys(update).length > 0) commands.push({ type: 'update_page', id: page.id, ...update });
  if (update.slug !== undefined) commands.push(...relinkCommands(page.slug, update.slug, elements));
  return commands;
}

/** Points links at `/<from>` (with any `?…` or `#…` after it) to `/<to>`. */
export function relinkCommands(from: string, to: string, elements: Iterable<ElementRecord>): Command[] {
  const commands: Command[] = [];
  for (const el of elements) {
    const href = el.props?.href;
    if (el.kind !== 'link' || typeof href !== 'string' || !href.startsWith('/')) continue;
    const cut = href.search(/[?#]/);
    const path = cut < 0 ? href : href.slice(0, cut);
    if (path.replace(/^\/+|\/+$/g, '') !== from) continue;
    commands.push({ type: 'update_props', id: el.id, set: { href: `/${to}${cut < 0 ? '' : href.slice(cut)}` } });
  }
  return commands;
}
