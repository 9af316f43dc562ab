// The language and direction of the project, and a page's override of them: the export writes
// them as `<html lang dir>`, and the canvas frame renders with them.
import type { Dir, PageRecord } from '../../bridge/types';
import { DIRECTIONS } from '../../lib/documentTags';
import { SelectField } from '../../lib/SelectField';
import { TextField } from '../../lib/TextField';
import { useProjectStore, useProjectStoreApi } from '../../store/projectStore';

const FOLLOW_PROJECT = 'project';

const directionOptions = DIRECTIONS.map(({ dir, label }) => ({ value: dir, label: `${label} (${dir})` }));

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
      <SelectField
        label="Direction"
        value={project.dir}
        options={directionOptions}
        onChange={(dir) => api.getState().run({ type: 'update_project', dir })}
      />
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
      <SelectField<Dir | typeof FOLLOW_PROJECT>
        label="Direction"
        value={page.dir ?? FOLLOW_PROJECT}
        options={[{ value: FOLLOW_PROJECT, label: `Project’s (${project.dir})` }, ...directionOptions]}
        onChange={(dir) => api.getState().run({ type: 'update_page', id: page.id, dir: dir === FOLLOW_PROJECT ? null : dir })}
      />
    </>
  );
}
