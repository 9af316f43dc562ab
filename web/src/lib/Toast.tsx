// Engine refusals as a readable message; the document stays as it was.
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
    <div className="toast" role="alert" data-code={message.code}>
      <span className="toast-icon" aria-hidden="true">⚠</span>
      <span className="toast-text">{message.message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
        ✕
      </button>
    </div>
  );
}
