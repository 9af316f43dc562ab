// The top bar's Export button and the dialog it opens; focus returns to the button on close.
import { useRef, useState } from 'react';
import type { HyperBridge } from '../bridge/HyperBridge';
import { ExportDialog } from './ExportDialog';

export function ExportButton({ bridge, projectName }: { bridge: HyperBridge; projectName: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="page-chip"
        aria-haspopup="dialog"
        title="Export as a Next.js app or static HTML/CSS (ZIP)"
        onClick={() => setOpen(true)}
      >
        Export
      </button>
      {open && <ExportDialog bridge={bridge} projectName={projectName} onClose={close} />}
    </>
  );
}
