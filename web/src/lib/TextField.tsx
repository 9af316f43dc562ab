// A labelled text field that commits on Enter or blur (one command per edit, not per key) and
// shows the document's value again whenever it changes underneath.
import { useEffect, useId, useState } from 'react';

export interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly multiline?: boolean;
  readonly className?: string;
  /** Marks a value set at the active breakpoint (vs. inherited). */
  readonly emphasis?: boolean;
  readonly hideLabel?: boolean;
  readonly onCommit: (value: string) => void;
}

export function TextField({ label, value, placeholder, multiline, className, emphasis, hideLabel, onCommit }: TextFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = (): void => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  const common = {
    id,
    value: draft,
    placeholder,
    className: `field-input${emphasis ? ' is-set' : ''}`,
    spellCheck: false,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft(e.target.value),
    onBlur: commit,
    onKeyDown: (e: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (e.key === 'Enter' && !(multiline && e.shiftKey)) {
        e.preventDefault();
        commit();
      } else if (e.key === 'Escape') {
        setDraft(value);
      }
    },
  };
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field-label'}>
        {label}
      </label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
    </div>
  );
}
