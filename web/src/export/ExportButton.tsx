// The top bar's Export button and the dialog it opens; focus returns to the button on close.
// `readBlob` reads the asset library's files (the editor's blob store); without one, an export
// of a page showing a library asset stops with a message naming it. `projectName` is read when
// the dialog opens, so a rename in the project bar since the last render is what the ZIP is named.
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
  projectName: () => string;
  readBlob?: BlobReader;
}) {
  const [openedAs, setOpenedAs] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = (): void => {
    setOpenedAs(null);
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
        onClick={() => setOpenedAs(projectName())}
      >
        Export
      </button>
      {openedAs !== null && <ExportDialog bridge={bridge} projectName={openedAs} readBlob={readBlob} onClose={close} />}
    </>
  );
}
