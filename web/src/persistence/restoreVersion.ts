// Restoring a version as ordinary commands, so the restore is one undoable step: the elements of
// each page are replaced by the version's (same ids, styles, props, content, names, flags, tree
// order), pages are renamed back, pages the version lacks are deleted, and the project's and
// pages' language and direction are set back.
import type { Command, Deltas, ElementId, ElementRecord, PageId, PageRecord, ProjectSettings, Slot, StyleValue } from '../bridge/types';

export interface CurrentDoc {
  readonly elements: ReadonlyMap<ElementId, ElementRecord>;
  readonly pages: ReadonlyMap<PageId, PageRecord>;
  readonly project?: ProjectSettings;
}

/** `create_page` commands for the version's pages the document no longer has (a step of its own). */
export function missingPages(current: CurrentDoc, version: Deltas): Command[] {
  return version.pages
    .filter((p) => !current.pages.has(p.id))
    .map((p) => ({ type: 'create_page', id: p.id, name: p.name, slug: p.slug, title: p.title, description: p.description }));
}

/** The batch that turns the current document into the version (after `missingPages` ran). */
export function restoreCommands(current: CurrentDoc, version: Deltas): Command[] {
  const commands: Command[] = [];
  const byId = new Map(version.elements.map((e) => [e.id, e]));
  const children = new Map<ElementId, ElementRecord[]>();
  for (const e of version.elements) {
    if (e.parent === null) continue;
    const list = children.get(e.parent) ?? [];
    list.push(e);
    children.set(e.parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
  const versionPages = new Set(version.pages.map((p) => p.id));
  const project = version.project;
  if (project !== undefined && (project.lang !== current.project?.lang || project.dir !== current.project.dir)) {
    commands.push({ type: 'update_project', lang: project.lang, dir: project.dir });
  }

  for (const vp of version.pages) {
    const cp = current.pages.get(vp.id);
    if (cp === undefined) continue;
    if (cp.name !== vp.name) commands.push({ type: 'rename_page', id: vp.id, name: vp.name });
    if (cp.slug !== vp.slug || cp.title !== vp.title || cp.description !== vp.description) {
      commands.push({ type: 'update_page', id: vp.id, slug: vp.slug, title: vp.title, description: vp.description });
    }
    if (cp.lang !== vp.lang || cp.dir !== vp.dir) {
      commands.push({ type: 'update_page', id: vp.id, lang: vp.lang ?? null, dir: vp.dir ?? null });
    }
    const body = current.elements.get(cp.root);
    const vBody = byId.get(vp.root);
    if (body === undefined || vBody === undefined) continue;
    if (body.children.length > 0) commands.push({ type: 'delete_elements', ids: [...body.children] });
    // The body's own styles, slot by slot: the version's values, null for what it did not set.
    const slots = new Set<Slot>([...(Object.keys(body.styles ?? {}) as Slot[]), ...(Object.keys(vBody.styles ?? {}) as Slot[])]);
    for (const slot of slots) {
      const now: Partial<Record<string, string>> = body.styles?.[slot] ?? {};
      const then: Partial<Record<string, string>> = vBody.styles?.[slot] ?? {};
      const set: Record<string, StyleValue> = {};
      let any = false;
      for (const key of Object.keys(now)) if (!(key in then)) ((set[key] = null), (any = true));
      for (const [key, value] of Object.entries(then)) if (value !== undefined && now[key] !== value) ((set[key] = value), (any = true));
      if (any) commands.push({ type: 'update_styles', ids: [body.id], slot, set });
    }
    // Re-create the version's tree, parents first, each list in order.
    const hidden: ElementId[] = [];
    const locked: ElementId[] = [];
    const walk = (versionParent: ElementId, parent: ElementId): void => {
      for (const e of children.get(versionParent) ?? []) {
        const create: Extract<Command, { type: 'create_element' }> = { type: 'create_element', kind: e.kind, parent, id: e.id };
        if (e.name !== undefined) create.name = e.name;
        if (e.tag !== undefined) create.tag = e.tag;
        if (e.content !== undefined && e.content !== '') create.content = e.content;
        if (e.props !== undefined && Object.keys(e.props).length > 0) create.props = { ...e.props };
        if (e.styles !== undefined && Object.keys(e.styles).length > 0) {
          const styles: Partial<Record<Slot, Record<string, StyleValue>>> = {};
          for (const [slot, values] of Object.entries(e.styles) as [Slot, Record<string, string>][]) styles[slot] = { ...values };
          create.styles = styles;
        }
        commands.push(create);
        if (e.hidden === true) hidden.push(e.id);
        if (e.locked === true) locked.push(e.id);
        walk(e.id, e.id);
      }
    };
    walk(vBody.id, body.id);
    if (hidden.length > 0) commands.push({ type: 'set_hidden', ids: hidden, hidden: true });
    if (locked.length > 0) commands.push({ type: 'set_locked', ids: locked, locked: true });
  }
  for (const id of current.pages.keys()) {
    if (!versionPages.has(id)) commands.push({ type: 'delete_page', id });
  }
  return commands;
}
