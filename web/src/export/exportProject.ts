// The export pipeline behind the Export dialog: load the compiler module, compile the project,
// zip the files. Each step is reported before it starts, so the dialog can show where it is.
import { loadCompiler, type Compiler, type ExportTarget } from './compilerModule';
import { fileStem } from '../persistence/sessionContext';
import { zipFiles } from './zip';

export type ExportStep = 'loading' | 'compiling' | 'zipping';

export interface ExportRequest {
  /** The project as snapshot JSON (the engine's `toJSON`). */
  readonly snapshotJson: string;
  readonly projectName: string;
  readonly target: ExportTarget;
  /** Page ids to export; all pages when absent. */
  readonly pages?: readonly string[] | undefined;
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
  onStep('loading');
  let compiler: Compiler;
  try {
    compiler = await load();
  } catch (error) {
    throw new ExportError('loading', `The export compiler could not be loaded: ${messageOf(error)}`);
  }
  onStep('compiling');
  // Let the dialog paint the step before the compiler holds the thread.
  await new Promise((resolve) => setTimeout(resolve, 0));
  let compiled;
  try {
    compiled = compiler.compile(request.snapshotJson, request.target, request.pages);
  } catch (error) {
    throw new ExportError('compiling', `The project could not be exported: ${messageOf(error)}`);
  }
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
