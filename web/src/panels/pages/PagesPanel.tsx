// Pages: the project's pages in order. Add, open, rename (slug, title and links follow the name
// until set by hand), duplicate (the copy opens), reorder, delete; the open page's slug, SEO fields
// (title, description) and social image below, then the project's language and direction.
import { useEffect, useMemo, useState } from 'react';
import type { PageRecord } from '../../bridge/types';
import { useProjectStore, useProjectStoreApi, type ProjectStoreApi } from '../../store/projectStore';
import { Icon } from '../../lib/Icon';
import { TextField } from '../../lib/TextField';
import { SelectField } from '../../lib/SelectField';
import { PageLanguage, ProjectLanguage } from './LanguageSettings';
import { duplicatePage, openCreatedPage } from './pageActions';
import { renamePageCommands } from './renamePage';
import { slugify } from './slug';

/** Renames a page; its slug, title and the links to it follow (one undo step). */
function renamePage(api: ProjectStoreApi, page: PageRecord, name: string): void {
  const s = api.getState();
  const pages = s.pageOrder.map((id) => s.pages.get(id)).filter((p) => p !== undefined);
  const commands = renamePageCommands(page, name, pages, s.elements.values());
  if (commands.length > 0) s.runBatch(commands);
}

function PageRow({ page, index, count, active }: { page: PageRecord; index: number; count: number; active: boolean }) {
  const api = useProjectStoreApi();
  const [renaming, setRenaming] = useState(false);
  return (
    <li className={`page-row${active ? ' selected' : ''}`} data-page-id={page.id}>
      {renaming ? (
        <input
          className="layer-rename"
          aria-label="Page name"
          defaultValue={page.name}
          autoFocus
          onBlur={(e) => {
            setRenaming(false);
            renamePage(api, page, e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
            if (e.key === 'Escape') setRenaming(false);
          }}
        />
      ) : (
        <button
          type="button"
          className="page-open"
          aria-current={active ? 'page' : undefined}
          onClick={() => api.getState().setActivePage(page.id)}
          onDoubleClick={() => setRenaming(true)}
        >
          <Icon name="page" size={12} /> {page.name}
          <span className="page-slug">/{page.slug}</span>
        </button>
      )}
      <span className="layer-actions always">
        <button type="button" className="icon-button" aria-label={`Rename ${page.name}`} onClick={() => setRenaming(true)}>
          <Icon name="pencil" size={12} />
        </button>
        <button type="button" className="icon-button" aria-label={`Duplicate ${page.name}`} onClick={() => duplicatePage(api, page.id)}>
          <Icon name="copy" size={12} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move ${page.name} up`}
          disabled={index === 0}
          onClick={() => api.getState().run({ type: 'reorder_page', id: page.id, index: index - 1 })}
        >
          <Icon name="up" size={12} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Move ${page.name} down`}
          disabled={index === count - 1}
          onClick={() => api.getState().run({ type: 'reorder_page', id: page.id, index: index + 1 })}
        >
          <Icon name="down" size={12} />
        </button>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Delete ${page.name}`}
          onClick={() => api.getState().run({ type: 'delete_page', id: page.id })}
        >
          <Icon name="trash" size={12} />
        </button>
      </span>
    </li>
  );
}

/** The social image choice: none, a web address, or an image asset (`asset:<sha256>`). */
const NO_IMAGE = '';
const WEB_IMAGE = 'url';

/**
 * The picture a shared link shows (`og:image`, the Twitter card): one of the project's images
 * or a web address. The engine checks it like an image's source.
 */
function SocialImage({ page }: { page: PageRecord }) {
  const api = useProjectStoreApi();
  const assets = useProjectStore((s) => s.assets);
  const images = useMemo(() => [...assets.values()].filter((a) => a.mime.startsWith('image/')).sort((a, b) => a.name.localeCompare(b.name)), [assets]);
  const current = page.image ?? '';
  const stored = current === '' ? NO_IMAGE : current.startsWith('asset:') ? current : WEB_IMAGE;
  const [choice, setChoice] = useState(stored);
  useEffect(() => setChoice(stored), [stored]);
  const write = (image: string | null): void => {
    if (image !== (page.image ?? null)) api.getState().run({ type: 'update_page', id: page.id, image });
  };
  const missing = stored.startsWith('asset:') && !images.some((a) => `asset:${a.id}` === stored);
  return (
    <>
      <SelectField
        label="Social image"
        value={choice}
        options={[
          { value: NO_IMAGE, label: 'None' },
          ...images.map((a) => ({ value: `asset:${a.id}`, label: a.name })),
          ...(missing ? [{ value: stored, label: 'An image no longer in the project' }] : []),
          { value: WEB_IMAGE, label: 'Web address…' },
        ]}
        onChange={(value) => {
          setChoice(value);
          if (value === NO_IMAGE) write(null);
          else if (value !== WEB_IMAGE) write(value);
        }}
      />
      {choice === WEB_IMAGE && (
        <TextField label="Social image address" placeholder="https://…/card.png" value={stored === WEB_IMAGE ? current : ''} onCommit={(url) => write(url === '' ? null : url)} />
      )}
    </>
  );
}

function PageSettings({ page }: { page: PageRecord }) {
  const api = useProjectStoreApi();
  return (
    <section className="panel-section" aria-label="Page settings">
      <h3 className="section-title">Page settings</h3>
      <TextField label="Name" value={page.name} onCommit={(name) => renamePage(api, page, name)} />
      <TextField label="Slug" value={page.slug} onCommit={(slug) => api.getState().run({ type: 'update_page', id: page.id, slug })} />
      <TextField label="SEO title" value={page.title} onCommit={(title) => api.getState().run({ type: 'update_page', id: page.id, title })} />
      <TextField
        label="SEO description"
        multiline
        value={page.description}
        onCommit={(description) => api.getState().run({ type: 'update_page', id: page.id, description })}
      />
      <SocialImage page={page} />
      <PageLanguage page={page} />
    </section>
  );
}

export function PagesPanel() {
  const api = useProjectStoreApi();
  const order = useProjectStore((s) => s.pageOrder);
  const pages = useProjectStore((s) => s.pages);
  const active = useProjectStore((s) => s.activePage);
  const addPage = (): void => {
    const taken = new Set([...pages.values()].map((p) => p.slug));
    let n = pages.size + 1;
    while (taken.has(slugify(`Page ${n}`))) n++;
    const name = `Page ${n}`;
    openCreatedPage(api, api.getState().run({ type: 'create_page', name, slug: slugify(name) }));
  };
  const activePage = active === null ? undefined : pages.get(active);
  return (
    <div className="panel-body pages-panel">
      <div className="panel-toolbar">
        <button type="button" className="button primary small" onClick={addPage}>
          + Add page
        </button>
      </div>
      <ul className="page-list" aria-label="Pages">
        {order.map((id, i) => {
          const page = pages.get(id);
          return page === undefined ? null : <PageRow key={id} page={page} index={i} count={order.length} active={id === active} />;
        })}
      </ul>
      {activePage !== undefined && <PageSettings key={activePage.id} page={activePage} />}
      <ProjectLanguage />
    </div>
  );
}
