// Where a link goes: a page of this project (chosen by name), a section of a page (by its
// anchor), a web address, an email address or a phone number, and whether it opens in a new tab.
// The link's `href` is written once per choice; what is not an address is refused with a
// message. Links to a page follow it when the page's slug changes (see pages/renamePage).
import { useEffect, useMemo, useState } from 'react';
import type { ElementRecord } from '../../bridge/types';
import { readHref, sectionsOn, writeHref, type LinkKind, type LinkTarget } from '../../lib/linkTarget';
import { SelectField } from '../../lib/SelectField';
import { TextField } from '../../lib/TextField';
import { useProjectStore, useProjectStoreApi } from '../../store/projectStore';

const KINDS: readonly { value: LinkKind; label: string }[] = [
  { value: 'page', label: 'Page' },
  { value: 'section', label: 'Section' },
  { value: 'url', label: 'Web address' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
];

/** The section picker's page choice: the link's own page, or another by its path. */
const THIS_PAGE = 'this';

/**
 * `el`'s own `href` by default; with `value` and `onChange`, any link value shown on `el`'s page
 * (an instance's link prop), written through `onChange` and with no new-tab choice.
 */
export function LinkPicker({ el, value: given, onChange }: { el: ElementRecord; value?: string; onChange?: (href: string | null) => void }) {
  const api = useProjectStoreApi();
  const order = useProjectStore((s) => s.pageOrder);
  const byId = useProjectStore((s) => s.pages);
  const elements = useProjectStore((s) => s.elements);
  const pages = useMemo(() => order.map((id) => byId.get(id)).filter((p) => p !== undefined), [order, byId]);
  const href = given ?? (typeof el.props?.href === 'string' ? el.props.href : '');
  const newTab = el.props?.target === '_blank';
  const current = readHref(
    href,
    pages.map((p) => p.slug),
  );
  const [kind, setKind] = useState<LinkKind>(current.kind);
  useEffect(() => setKind(current.kind), [current.kind, href]);
  // The page whose sections are offered: the chosen section's, else the link's own.
  const currentSectionPage = current.kind === 'section' && current.slug !== null ? `/${current.slug}` : THIS_PAGE;
  const [sectionPage, setSectionPage] = useState(currentSectionPage);
  useEffect(() => setSectionPage(currentSectionPage), [currentSectionPage]);
  const sectionPageId = sectionPage === THIS_PAGE ? el.page : pages.find((p) => `/${p.slug}` === sectionPage)?.id;
  const sections = useMemo(() => (sectionPageId === undefined ? [] : sectionsOn(elements.values(), sectionPageId)), [elements, sectionPageId]);
  const commit = (target: LinkTarget): void => {
    const written = writeHref(target);
    if ('problem' in written) {
      api.getState().showMessage('invalid_link', written.problem);
      return;
    }
    if (written.href === href) return;
    if (onChange !== undefined) {
      onChange(written.href === '' ? null : written.href);
      return;
    }
    api.getState().run({ type: 'update_props', id: el.id, set: { href: written.href === '' ? null : written.href } });
  };
  const value = (k: LinkKind): string => {
    if (current.kind !== k) return '';
    switch (current.kind) {
      case 'page':
        return current.slug;
      case 'section':
        return current.anchor;
      case 'url':
        return current.url;
      case 'email':
        return current.address;
      case 'phone':
        return current.number;
    }
  };
  const chosenAnchor = current.kind === 'section' && currentSectionPage === sectionPage ? current.anchor : '';
  return (
    <div className="link-picker" role="group" aria-label="Link">
      <SelectField label="Link to" value={kind} options={KINDS} onChange={setKind} />
      {kind === 'page' && (
        <SelectField
          label="Page"
          value={current.kind === 'page' ? `/${current.slug}` : ''}
          options={[{ value: '', label: 'Choose a page…' }, ...pages.map((p) => ({ value: `/${p.slug}`, label: `${p.name} (/${p.slug})` }))]}
          onChange={(path) => path !== '' && commit({ kind: 'page', slug: path.slice(1) })}
        />
      )}
      {kind === 'section' && (
        <>
          <SelectField
            label="On page"
            value={sectionPage}
            options={[
              { value: THIS_PAGE, label: 'This page' },
              ...pages.map((p) => ({ value: `/${p.slug}`, label: `${p.name} (/${p.slug})` })),
            ]}
            onChange={setSectionPage}
          />
          {sections.length === 0 ? (
            <p className="panel-hint">No section on that page has an anchor yet: select a section and give it one under Element → Anchor.</p>
          ) : (
            <SelectField
              label="Section"
              value={chosenAnchor}
              options={[{ value: '', label: 'Choose a section…' }, ...sections.map((s) => ({ value: s.anchor, label: s.name === '' ? `#${s.anchor}` : `#${s.anchor} (${s.name})` }))]}
              onChange={(anchor) => anchor !== '' && commit({ kind: 'section', slug: sectionPage === THIS_PAGE ? null : sectionPage.slice(1), anchor })}
            />
          )}
        </>
      )}
      {kind === 'url' && <TextField label="Web address" placeholder="https://…" value={value('url')} onCommit={(url) => commit({ kind: 'url', url })} />}
      {kind === 'email' && <TextField label="Email address" placeholder="name@example.com" value={value('email')} onCommit={(address) => commit({ kind: 'email', address })} />}
      {kind === 'phone' && <TextField label="Phone number" placeholder="+1 555 0100" value={value('phone')} onCommit={(number) => commit({ kind: 'phone', number })} />}
      {onChange === undefined && (
        <label className="check-field">
          <input type="checkbox" checked={newTab} onChange={(e) => api.getState().run({ type: 'update_props', id: el.id, set: { target: e.target.checked ? '_blank' : null } })} /> Open in new tab
        </label>
      )}
    </div>
  );
}
