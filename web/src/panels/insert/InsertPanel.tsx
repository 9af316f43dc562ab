// Insert: element kinds by group. Click (or Enter) adds one into the selected container or the
// page body; drag one onto the canvas to drop it where the indicator shows.
import { useRef } from 'react';
import { useAssetServices } from '../../assets/assetServices';
import { insertPreset, insertTarget } from '../../lib/actions';
import { PRESET_MIME } from '../../lib/dragData';
import { Icon } from '../../lib/Icon';
import { PRESETS, type Preset } from '../../lib/presets';
import { useProjectStoreApi } from '../../store/projectStore';

const GROUPS: readonly Preset['group'][] = ['Layout', 'Typography', 'Basic', 'Media', 'Forms'];

export function InsertPanel() {
  const api = useProjectStoreApi();
  const { uploads } = useAssetServices();
  const fileInput = useRef<HTMLInputElement>(null);
  const insertFiles = (files: File[]): void => {
    const at = insertTarget(api);
    void uploads.add(files, at === null ? { kind: 'library' } : { kind: 'page', ...at });
  };
  return (
    <div className="panel-body insert-panel">
      {GROUPS.map((group) => (
        <section key={group} className="panel-section">
          <h3 className="section-title">{group}</h3>
          <div className="insert-grid">
            {PRESETS.filter((p) => p.group === group).map((preset) => (
              <button
                key={preset.id}
                type="button"
                className="insert-item"
                data-preset={preset.id}
                aria-label={`Insert ${preset.label}`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(PRESET_MIME, preset.id);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => insertPreset(api, preset)}
              >
                <span className="insert-icon">
                  <Icon name={preset.icon} size={18} />
                </span>
                <span>{preset.label}</span>
              </button>
            ))}
          </div>
        </section>
      ))}
      <section className="panel-section">
        <h3 className="section-title">From a file</h3>
        <button type="button" className="button small" onClick={() => fileInput.current?.click()}>
          Image from file…
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          multiple
          accept="image/png,image/jpeg,image/webp,image/gif,image/svg+xml"
          aria-label="Image from file"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) insertFiles(files);
          }}
        />
      </section>
      <p className="panel-hint">Click to add inside the selection, or drag onto the canvas. Drop or paste image files onto the canvas too.</p>
    </div>
  );
}
