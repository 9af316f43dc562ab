// Align and distribute for freely positioned elements: six alignments (to the selection's
// bounds, or a single element within its parent) and even spacing for three or more.
import type { Alignment, Axis } from '../../lib/arrange';
import { alignSelection, distributeSelection } from '../../lib/actions';
import { useProjectStoreApi } from '../../store/projectStore';

const ALIGNMENTS: readonly { how: Alignment; label: string; icon: string; keys: string }[] = [
  { how: 'left', label: 'Align left', icon: '⇤', keys: 'Alt A' },
  { how: 'center', label: 'Align horizontal centres', icon: '↔', keys: 'Alt H' },
  { how: 'right', label: 'Align right', icon: '⇥', keys: 'Alt D' },
  { how: 'top', label: 'Align top', icon: '⤒', keys: 'Alt W' },
  { how: 'middle', label: 'Align vertical centres', icon: '↕', keys: 'Alt V' },
  { how: 'bottom', label: 'Align bottom', icon: '⤓', keys: 'Alt S' },
];

const DISTRIBUTIONS: readonly { axis: Axis; label: string; icon: string; keys: string }[] = [
  { axis: 'horizontal', label: 'Distribute horizontal spacing', icon: '⋯', keys: 'Alt ⇧ H' },
  { axis: 'vertical', label: 'Distribute vertical spacing', icon: '⋮', keys: 'Alt ⇧ V' },
];

export function ArrangeSection({ count }: { count: number }) {
  const api = useProjectStoreApi();
  return (
    <section className="panel-section arrange" aria-label="Arrange">
      <h3 className="section-title">Arrange</h3>
      <div className="arrange-row" role="toolbar" aria-label="Align">
        {ALIGNMENTS.map((a) => (
          <button key={a.how} type="button" className="icon-button" aria-label={a.label} title={`${a.label} (${a.keys})`} onClick={() => alignSelection(api, a.how)}>
            {a.icon}
          </button>
        ))}
        {DISTRIBUTIONS.map((d) => (
          <button
            key={d.axis}
            type="button"
            className="icon-button"
            aria-label={d.label}
            title={count < 3 ? `${d.label}: select three or more` : `${d.label} (${d.keys})`}
            disabled={count < 3}
            onClick={() => distributeSelection(api, d.axis)}
          >
            {d.icon}
          </button>
        ))}
      </div>
    </section>
  );
}
