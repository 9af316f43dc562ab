// The language and direction of the project, and a page's override of them: the export writes
// them as `<html lang dir>`, and the canvas frame renders with them.
import { useId } from 'react';
import type { Dir, PageRecord } from '../../bridge/types';
import { DIRECTIONS } from '../../lib/documentTags';
import { TextField } from '../../lib/TextField';
import { useProjectStore, useProjectStoreApi } from '../../store/projectStore';

const FOLLOW_PROJECT = '';

function DirectionSelect({
  value,
  inherited,
  onChange,
}: {
  readonly value: Dir | undefined;
  /** The project's direction, offered as "follow the project"; absent for the project itself. */
  readonly inherited?: Dir;
  readonly onChange: (dir: Dir | null) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        Direction
      </label>
      <select
        id={id}
        className="field-input"
        value={value ?? FOLLOW_PROJECT}
        onChange={(e) => onChange(e.target.value === FOLLOW_PROJECT ? null : (e.target.value as Dir))}
      >
        {inherited !== undefined && <option value={FOLLOW_PROJECT}>Project’s ({inherited})</option>}
        {DIRECTIONS.map(({ dir, label }) => (
          <option key={dir} value={dir}>
            {label} ({dir})
          </option>
        ))}
      </select>
    </div>
  );
}

export function ProjectLanguage() {
  const api = useProjectStoreApi();
  const project = useProjectStore((s) => s.project);
  return (
    <section className="panel-section" aria-label="Project language">
      <h3 className="section-title">Project language</h3>
      <TextField
        label="Language"
        placeholder="en, en-GB, ar, zh-Hant"
        value={project.lang}
        onCommit={(lang) => api.getState().run({ type: 'update_project', lang })}
      />
      <DirectionSelect value={project.dir} onChange={(dir) => dir !== null && api.getState().run({ type: 'update_project', dir })} />
    </section>
  );
}

export function PageLanguage({ page }: { readonly page: PageRecord }) {
  const api = useProjectStoreApi();
  const project = useProjectStore((s) => s.project);
  return (
    <>
      <TextField
        label="Page language"
        placeholder={`Project’s (${project.lang})`}
        value={page.lang ?? ''}
        onCommit={(lang) => api.getState().run({ type: 'update_page', id: page.id, lang: lang === '' ? null : lang })}
      />
      <DirectionSelect
        value={page.dir}
        inherited={project.dir}
        onChange={(dir) => api.getState().run({ type: 'update_page', id: page.id, dir })}
      />
    </>
  );
}
