// One message at a time: engine refusals (the document stays as it was) in the error colour,
// confirmations of what the user asked for (a restored version) in a calm one.
import { useEffect } from 'react';
import { useProjectStore } from '../store/projectStore';

export function Toast() {
  const message = useProjectStore((s) => s.message);
  const dismiss = useProjectStore((s) => s.dismissMessage);
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(dismiss, 6000);
    return () => clearTimeout(timer);
  }, [message, dismiss]);
  if (message === null) return null;
  return (
    <div
      className={`toast toast-${message.tone}`}
      role={message.tone === 'error' ? 'alert' : 'status'}
      data-code={message.code}
      data-tone={message.tone}
    >
      <span className="toast-icon" aria-hidden="true">
        {message.tone === 'error' ? '⚠' : '✓'}
      </span>
      <span className="toast-text">{message.message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
        ✕
      </button>
    </div>
  );
}
