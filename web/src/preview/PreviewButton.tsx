// The top bar's Preview button: opens the active page in Preview; focus returns here on exit.
import { useRef, useState } from 'react';
import type { HyperBridge } from '../bridge/HyperBridge';
import { useProjectStore } from '../store/projectStore';
import type { BlobReader } from '../export/blobReader';
import { PreviewMode } from './PreviewMode';

export function PreviewButton({ bridge, readBlob }: { bridge: HyperBridge; readBlob: BlobReader }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const slug = useProjectStore((s) => (s.activePage === null ? '' : (s.pages.get(s.activePage)?.slug ?? '')));
  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button ref={button} type="button" className="page-chip" aria-haspopup="dialog" title="See the page as a visitor sees it" onClick={() => setOpen(true)}>
        Preview
      </button>
      {open && <PreviewMode bridge={bridge} readBlob={readBlob} startSlug={slug} onClose={close} />}
    </>
  );
}
