// Insert: element kinds by group. Click (or Enter) adds one into the selected container or the
// page body; drag one onto the canvas to drop it where the indicator shows.
import { insertPreset } from '../../lib/actions';
import { PRESET_MIME } from '../../lib/dragData';
import { Icon } from '../../lib/Icon';
import { PRESETS, type Preset } from '../../lib/presets';
import { useProjectStoreApi } from '../../store/projectStore';

const GROUPS: readonly Preset['group'][] = ['Layout', 'Typography', 'Basic', 'Media', 'Forms'];

export function InsertPanel() {
  const api = useProjectStoreApi();
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
      <p className="panel-hint">Click to add inside the selection, or drag onto the canvas.</p>
    </div>
  );
}
