// Where a link goes: a page of this project (chosen by name), a web address, an email address or
// a phone number. The link's `href` is written once per choice; what is not an address is refused
// with a message. Links to a page follow it when the page's slug changes (see pages/renamePage).
import { useEffect, useMemo, useState } from 'react';
import type { ElementRecord } from '../../bridge/types';
import { readHref, writeHref, type LinkKind, type LinkTarget } from '../../lib/linkTarget';
import { SelectField } from '../../lib/SelectField';
import { TextField } from '../../lib/TextField';
import { useProjectStore, useProjectStoreApi } from '../../store/projectStore';

const KINDS: readonly { value: LinkKind; label: string }[] = [
  { value: 'page', label: 'Page' },
  { value: 'url', label: 'Web address' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
];

export function LinkPicker({ el }: { el: ElementRecord }) {
  const api = useProjectStoreApi();
  const order = useProjectStore((s) => s.pageOrder);
  const byId = useProjectStore((s) => s.pages);
  const pages = useMemo(() => order.map((id) => byId.get(id)).filter((p) => p !== undefined), [order, byId]);
  const href = typeof el.props?.href === 'string' ? el.props.href : '';
  const current = readHref(
    href,
    pages.map((p) => p.slug),
  );
  const [kind, setKind] = useState<LinkKind>(current.kind);
  useEffect(() => setKind(current.kind), [current.kind, href]);
  const commit = (target: LinkTarget): void => {
    const written = writeHref(target);
    if ('problem' in written) {
      api.getState().showMessage('invalid_link', written.problem);
      return;
    }
    if (written.href === href) return;
    api.getState().run({ type: 'update_props', id: el.id, set: { href: written.href === '' ? null : written.href } });
  };
  const value = (k: LinkKind): string => {
    if (current.kind !== k) return '';
    switch (current.kind) {
      case 'page':
        return current.slug;
      case 'url':
        return current.url;
      case 'email':
        return current.address;
      case 'phone':
        return current.number;
    }
  };
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
      {kind === 'url' && <TextField label="Web address" placeholder="https://…" value={value('url')} onCommit={(url) => commit({ kind: 'url', url })} />}
      {kind === 'email' && <TextField label="Email address" placeholder="name@example.com" value={value('email')} onCommit={(address) => commit({ kind: 'email', address })} />}
      {kind === 'phone' && <TextField label="Phone number" placeholder="+1 555 0100" value={value('phone')} onCommit={(number) => commit({ kind: 'phone', number })} />}
    </div>
  );
}
