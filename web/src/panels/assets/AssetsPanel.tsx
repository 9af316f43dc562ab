// Assets: the project's library as a grid — thumbnail, name (rename), alt text (images without
// one are flagged: the export is not clean until they have it), how many elements use it,
// replace (every use switches to the new file) and delete (the engine refuses while elements
// use it; the card then lists where and offers to remove it anyway). Files come in through
// "Add files…" into the library only.
import { useRef, useState } from 'react';
import { useAssetServices } from '../../assets/assetServices';
import { chooseBlob } from '../../assets/assetUrls';
import { fontFamilyOf } from '../../assets/fontFaces';
import { useBlobUrl } from '../../assets/useBlobUrl';
import type { AssetDelta } from '../../bridge/HyperBridge';
import { InUseAlert, useGuardedDelete } from '../../lib/InUseRefusal';
import { TextField } from '../../lib/TextField';
import { useProjectStore, useProjectStoreApi } from '../../store/projectStore';

/** What the file dialogs accept: the kinds the media pipeline recognises. */
export const ASSET_FILE_TYPES =
  'image/png,image/jpeg,image/webp,image/gif,image/svg+xml,font/woff2,font/woff,font/ttf,font/otf,.woff2,.woff,.ttf,.otf,video/mp4,video/webm';

const kindOf = (mime: string): 'image' | 'font' | 'video' | 'file' =>
  mime.startsWith('image/') ? 'image' : mime.startsWith('font/') ? 'font' : mime.startsWith('video/') ? 'video' : 'file';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A hidden file input opened by a button; calls `onFiles` with what was picked. */
function FileButton({ label, multiple, onFiles, className }: { label: string; multiple?: boolean; onFiles: (files: File[]) => void; className?: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className ?? 'button'} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        accept={ASSET_FILE_TYPES}
        aria-label={label}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}

function Thumbnail({ asset }: { asset: AssetDelta }) {
  const kind = kindOf(asset.mime);
  const blob = kind === 'image' ? chooseBlob(asset, 96, 1, window.devicePixelRatio || 1) : undefined;
  const { url } = useBlobUrl(blob, blob === asset.id ? asset.mime : 'image/webp');
  if (kind !== 'image') return <div className={`asset-thumb asset-thumb-${kind}`}>{kind === 'font' ? 'Aa' : kind === 'video' ? '▶' : '?'}</div>;
  const src = url ?? (asset.placeholder?.startsWith('data:') === true ? asset.placeholder : undefined);
  return <div className="asset-thumb">{src !== undefined && <img src={src} alt="" data-loaded={url !== undefined} />}</div>;
}

function AssetCard({ asset }: { asset: AssetDelta }) {
  const api = useProjectStoreApi();
  const { uploads } = useAssetServices();
  const { inUse, remove, removeAnyway, keep } = useGuardedDelete(
    api,
    { type: 'remove_asset', id: asset.id },
    { type: 'remove_asset', id: asset.id, force: true },
    'asset_in_use',
    asset.used_by,
  );
  const kind = kindOf(asset.mime);
  const uses = asset.used_by.length;
  const missingAlt = kind === 'image' && (asset.alt ?? '') === '';

  return (
    <li className="asset-card" data-testid="asset-card" data-asset-id={asset.id} aria-label={asset.name}>
      <Thumbnail asset={asset} />
      <div className="asset-meta">
        <TextField
          label="Name"
          value={asset.name}
          onCommit={(name) => name !== '' && api.getState().run({ type: 'rename_asset', id: asset.id, name })}
        />
        {kind === 'image' && (
          <TextField label="Alt text" value={asset.alt ?? ''} placeholder="Describe the picture" onCommit={(alt) => api.getState().run({ type: 'set_asset_alt', id: asset.id, alt })} />
        )}
        {missingAlt && (
          <p className="asset-flag" data-testid="missing-alt">
            No alt text — needed before the export is clean.
          </p>
        )}
        {kind === 'font' && (
          <p className="asset-facts" data-testid="font-family">
            Font family: “{fontFamilyOf(asset.name)}”
          </p>
        )}
        <p className="asset-facts">
          <span data-testid="asset-usage">{uses === 0 ? 'Not used' : `Used ${uses}×`}</span>
          <span>
            {asset.width !== undefined && asset.height !== undefined ? `${asset.width}×${asset.height} · ` : ''}
            {sizeText(asset.size)}
          </span>
        </p>
        <div className="asset-actions">
          <FileButton label="Replace…" className="button small" onFiles={([file]) => file !== undefined && void uploads.replace(asset.id, file)} />
          <button type="button" className="button small danger" onClick={remove}>
            Delete
          </button>
        </div>
        {inUse !== null && (
          <InUseAlert testId="asset-in-use" users={inUse} confirm="Remove anyway" onConfirm={removeAnyway} onKeep={keep}>
            “{asset.name}” is used by {inUse.length === 1 ? 'one element' : `${inUse.length} elements`}; deleting it leaves
            {inUse.length === 1 ? ' it' : ' them'} without a picture:
          </InUseAlert>
        )}
      </div>
    </li>
  );
}

export function AssetsPanel() {
  const { uploads } = useAssetServices();
  const assets = useProjectStore((s) => s.assets);
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const list = [...assets.values()]
    .filter((a) => needle === '' || a.name.toLowerCase().includes(needle) || (a.alt ?? '').toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name));
  const missingAlt = [...assets.values()].filter((a) => kindOf(a.mime) === 'image' && (a.alt ?? '') === '').length;
  return (
    <div className="panel-body assets-panel">
      <div className="assets-toolbar">
        <FileButton label="Add files…" multiple className="button primary small" onFiles={(files) => void uploads.add(files, { kind: 'library' })} />
        <input
          type="search"
          className="field-input"
          placeholder="Search assets"
          aria-label="Search assets"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {missingAlt > 0 && (
        <p className="asset-flag" data-testid="missing-alt-summary">
          {missingAlt === 1 ? 'One image has' : `${missingAlt} images have`} no alt text.
        </p>
      )}
      {assets.size === 0 ? (
        <p className="panel-empty">No assets yet. Drop files on the canvas, paste them, or add them here.</p>
      ) : list.length === 0 ? (
        <p className="panel-empty">No asset matches “{query}”.</p>
      ) : (
        <ul className="asset-grid">
          {list.map((a) => (
            <AssetCard key={a.id} asset={a} />
          ))}
        </ul>
      )}
    </div>
  );
}
