// Pages: the project's pages in order. Add, open, rename (slug, title and links follow the name
// until set by hand), duplicate (the copy opens), reorder, delete; the open page's slug and SEO fields (title, description)
// below, then the project's language and direction.
import { useState } from 'react';
import type { PageRecord } from '../../bridge/types';
import { useProjectStore, useProjectStoreApi, type ProjectStoreApi } from '../../store/projectStore';
import { Icon } from '../../lib/Icon';
import { TextField } from '../../lib/TextField';
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
