// The export pipeline behind the Export dialog: load the compiler module, read the asset
// library's files the pages use, compile the project (compileProject, which the parity check
// shares), zip the files. Each step is reported
// before it starts, so the dialog can show where it is.
import type { BlobReader } from './blobReader';
import { loadCompiler, type CompiledFiles, type Compiler, type ExportJob, type ExportTarget } from './compilerModule';
import { fileStem } from '../persistence/sessionContext';
import { zipFiles } from './zip';

export type ExportStep = 'loading' | 'reading' | 'compiling' | 'zipping';

export interface ExportRequest {
  /** The project as snapshot JSON (the engine's `toJSON`). */
  readonly snapshotJson: string;
  readonly projectName: string;
  readonly target: ExportTarget;
  /** Page ids to export; all pages when absent. */
  readonly pages?: readonly string[] | undefined;
  /** The asset library's files, by SHA-256 (the editor's blob store). */
  readonly readBlob: BlobReader;
}

export interface ExportResult {
  readonly fileName: string;
  readonly zip: Uint8Array;
  readonly fileCount: number;
  readonly warnings: readonly string[];
}

/** Why an export stopped: the step it was at and the message for people. */
export class ExportError extends Error {
  constructor(
    readonly step: ExportStep,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** `<project-name>-<target>.zip` (`My-Site-nextjs.zip`). */
export const zipNameFor = (projectName: string, target: ExportTarget): string => `${fileStem(projectName)}-${target}.zip`;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs the whole export; `load` is the compiler's loader (tests pass one with the module's bytes). */
export async function exportProject(
  request: ExportRequest,
  onStep: (step: ExportStep) => void = () => {},
  load: () => Promise<Compiler> = loadCompiler,
): Promise<ExportResult> {
  const compiled = await compileProject(request, onStep, load);
  onStep('zipping');
  await new Promise((resolve) => setTimeout(resolve, 0));
  const zip = zipFiles(compiled.files);
  return {
    fileName: zipNameFor(request.projectName, request.target),
    zip,
    fileCount: compiled.files.length,
    warnings: compiled.warnings,
  };
}

/** The export's files, unzipped: load the compiler, read the blobs the pages use, compile. */
export async function compileProject(
  request: ExportRequest,
  onStep: (step: ExportStep) => void = () => {},
  load: () => Promise<Compiler> = loadCompiler,
): Promise<CompiledFiles> {
  onStep('loading');
  let compiler: Compiler;
  try {
    compiler = await load();
  } catch (error) {
    throw new ExportError('loading', `The export compiler could not be loaded: ${messageOf(error)}`);
  }
  onStep('reading');
  let job: ExportJob;
  try {
    job = compiler.prepare(request.snapshotJson, request.pages);
  } catch (error) {
    throw new ExportError('reading', `The project could not be exported: ${messageOf(error)}`);
  }
  try {
    await handOverBlobs(job, request.readBlob);
    onStep('compiling');
    // Let the dialog paint the step before the compiler holds the thread.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      return job.compile(request.target);
    } catch (error) {
      throw new ExportError('compiling', `The project could not be exported: ${messageOf(error)}`);
    }
  } finally {
    job.free();
  }
}

/**
 * Reads every blob the export needs and hands it to the compiler. A blob the store does not hold
 * is left out: the compiler then names the asset and the element that shows it.
 */
async function handOverBlobs(job: ExportJob, readBlob: BlobReader): Promise<void> {
  let needed: readonly string[];
  try {
    needed = job.blobsNeeded();
  } catch (error) {
    throw new ExportError('reading', `The project could not be exported: ${messageOf(error)}`);
  }
  for (const sha256 of needed) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readBlob(sha256);
    } catch (error) {
      throw new ExportError('reading', `The file of asset ${sha256} could not be read: ${messageOf(error)}`);
    }
    if (bytes === undefined) continue;
    try {
      job.addBlob(sha256, bytes);
    } catch (error) {
      throw new ExportError('reading', `The file of asset ${sha256} is damaged: ${messageOf(error)}`);
    }
  }
}
