// Files a designer brings in (dropped on the canvas, pasted, picked in a dialog), one entry per
// file with its stage for the progress list. Each file is imported (assetImport.ts) and then
// goes into the document as ONE engine batch — the asset added to the library and, when it is
// an image placed on the page, the image element using it — so one undo takes it all back.
import type { Asset, Command, ElementId } from '../bridge/types';
import type { ProjectStoreApi } from '../store/projectStore';
import { importFile, type ImportDeps, type ImportStage } from './assetImport';

/** Where an imported file goes: the library only, or also onto the page at a place in the flow. */
export type Placement = { readonly kind: 'library' } | { readonly kind: 'page'; readonly parent: ElementId; readonly index?: number };

export type UploadState = ImportStage | 'done' | 'failed';

export interface Upload {
  readonly id: number;
  readonly name: string;
  readonly state: UploadState;
  /** 0–1, for the progress bar. */
  readonly progress: number;
  /** Why the file was refused, in words for the designer. */
  readonly error?: string;
  /** The asset it became. */
  readonly assetId?: string;
}

const PROGRESS: Record<UploadState, number> = { reading: 0.1, checking: 0.25, optimising: 0.5, storing: 0.85, done: 1, failed: 1 };

/** How wide an image lands on the page at most (its natural size if smaller), in CSS px. */
export const PLACED_IMAGE_MAX_WIDTH = 480;

/** The engine batch for an imported asset: add it (unless the library has it) and place it. */
export function assetCommands(asset: Asset, inLibrary: boolean, placement: Placement): Command[] {
  const commands: Command[] = inLibrary ? [] : [{ type: 'add_asset', asset }];
  if (placement.kind !== 'page' || !asset.mime.startsWith('image/')) return commands;
  const natural = { width: asset.width ?? PLACED_IMAGE_MAX_WIDTH, height: asset.height ?? Math.round((PLACED_IMAGE_MAX_WIDTH * 2) / 3) };
  const width = Math.min(natural.width, PLACED_IMAGE_MAX_WIDTH);
  const height = Math.max(1, Math.round((width * natural.height) / natural.width));
  const stem = asset.name.replace(/\.[a-z0-9]+$/i, '');
  commands.push({
    type: 'create_element',
    kind: 'image',
    parent: placement.parent,
    ...(placement.index !== undefined ? { index: placement.index } : {}),
    name: stem === '' ? 'Image' : [...stem].slice(0, 64).join(''),
    props: { src: `asset:${asset.id}`, alt: asset.alt ?? '', width: natural.width, height: natural.height },
    styles: { base: { width: `${width}px`, height: `${height}px`, 'object-fit': 'cover' } },
  });
  return commands;
}

/** A file's refusal in words: the pipeline's message, or what went wrong storing it. */
export function refusalMessage(error: unknown): string {
  // The pipeline's MediaError (mediaClient.ts, loaded only once a file comes in) says it in words.
  if (error instanceof Error && error.name === 'MediaError') return error.message;
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return 'This browser has no room left to store the file. Free some space (delete unused assets or other sites’ data) and try again.';
  }
  return `The file could not be added: ${error instanceof Error ? error.message : String(error)}`;
}

export class UploadQueue {
  #uploads: readonly Upload[] = [];
  #nextId = 1;
  readonly #listeners = new Set<() => void>();
  /** One file at a time: the media worker works one at a time anyway, and order is kept. */
  #chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly api: ProjectStoreApi,
    private readonly deps: ImportDeps,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  uploads = (): readonly Upload[] => this.#uploads;

  /** Forgets finished and failed entries (the list's close button). */
  dismiss(id?: number): void {
    this.#set(this.#uploads.filter((u) => (id === undefined ? u.state !== 'done' && u.state !== 'failed' : u.id !== id)));
  }

  /**
   * Imports each file in turn and commits it; resolves with the assets added (refused files are
   * left out, their entries say why). Images placed on the page are laid one after another.
   */
  add(files: readonly File[], placement: Placement): Promise<Asset[]> {
    let index = placement.kind === 'page' ? placement.index : undefined;
    return this.#process(files, (asset) => {
      const at: Placement = placement.kind === 'page' ? { ...placement, ...(index !== undefined ? { index } : {}) } : placement;
      const state = this.api.getState();
      const inLibrary = state.assets.has(asset.id);
      const commands = assetCommands(asset, inLibrary, at);
      if (commands.length === 0) return;
      const applied = state.runBatch(commands);
      if (applied === null) throw new Error(this.#refusal());
      const created = applied.created[0];
      if (created !== undefined) {
        state.select([created]);
        if (index !== undefined) index += 1;
      }
    });
  }

  /** Imports `file` and puts it in place of asset `id`: every element using it switches. */
  async replace(id: string, file: File): Promise<Asset | undefined> {
    const [asset] = await this.#process([file], (next) => {
      if (next.id === id) throw new Error('The new file has exactly the same contents as the one it replaces.');
      if (this.api.getState().run({ type: 'replace_asset', id, with: next }) === null) throw new Error(this.#refusal());
    });
    return asset;
  }

  #refusal(): string {
    return this.api.getState().message?.message ?? 'the engine refused it';
  }

  #process(files: readonly File[], commit: (asset: Asset) => void): Promise<Asset[]> {
    const entries = files.map((file) => ({ file, id: this.#nextId++ }));
    this.#set([...this.#uploads, ...entries.map(({ file, id }) => ({ id, name: file.name || 'Pasted file', state: 'reading' as const, progress: 0 }))]);
    const run = async (): Promise<Asset[]> => {
      const done: Asset[] = [];
      for (const { file, id } of entries) {
        try {
          const asset = await importFile(file, file.name || 'Pasted file', this.deps, (stage) => this.#update(id, { state: stage }));
          this.api.getState().flush();
          commit(asset);
          this.#update(id, { state: 'done', assetId: asset.id });
          done.push(asset);
        } catch (error) {
          this.#update(id, { state: 'failed', error: refusalMessage(error) });
        }
      }
      return done;
    };
    const result = this.#chain.then(run, run);
    this.#chain = result.catch(() => {});
    return result;
  }

  #update(id: number, change: { state: UploadState; error?: string; assetId?: string }): void {
    this.#set(this.#uploads.map((u) => (u.id === id ? { ...u, ...change, progress: PROGRESS[change.state] } : u)));
  }

  #set(next: readonly Upload[]): void {
    this.#uploads = next;
    for (const listener of this.#listeners) listener();
  }
}
