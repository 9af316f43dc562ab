// The top bar's share of a server project: "View only" when my role is viewer (design edits are
// refused, here and by the room; comments are open), and the Share button that opens the Share
// dialog.
import { useRef, useState } from 'react';
import type { ServerAccess } from './serverAccess';
import { ShareDialog } from './ShareDialog';

export function ShareButton({ access }: { access: ServerAccess }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      {access.project.role === 'viewer' && (
        <span className="view-only" data-testid="view-only" role="status" title="You are a viewer: you can look at this project and comment on it, but not change it">
          View only
        </span>
      )}
      <button ref={button} type="button" className="button small share-button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Share
      </button>
      {open && <ShareDialog api={access.api} project={access.project} me={access.user} onClose={close} />}
    </>
  );
}
