// The top bar's Export button and the dialog it opens; focus returns to the button on close.
// `readBlob` reads the asset library's files (the editor's blob store); without one, an export
// of a page showing a library asset stops with a message naming it.
import { useRef, useState } from 'react';
import type { HyperBridge } from '../bridge/HyperBridge';
import { noBlobStore, type BlobReader } from './blobReader';
import { ExportDialog } from './ExportDialog';

export function ExportButton({
  bridge,
  projectName,
  readBlob = noBlobStore,
}: {
  bridge: HyperBridge;
  projectName: string;
  readBlob?: BlobReader;
}) {
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
      {open && <ExportDialog bridge={bridge} projectName={projectName} readBlob={readBlob} onClose={close} />}
    </>
  );
}
