// The local project database: PGlite (Postgres in WASM) persisted in IndexedDB. Each project
// keeps its Yjs document (the source of truth) as a snapshot (`projects.doc`) plus a log of the
// updates saved since (`doc_updates`), and queryable rows of its pages and elements. A save
// appends what changed — the update and the changed rows — in one transaction, so it lands
// whole or not at all; compaction now and then folds the log into a new snapshot. In the
// browser every tab reaches the one database through the shared worker (databaseWorker.ts).
import { PGlite, type PGliteInterface, type Transaction } from '@electric-sql/pglite';
import { PGliteWorker } from '@electric-sql/pglite/worker';
import type { ElementRecord, PageRecord } from '../bridge/types';
import { migrate } from './schema';

export interface ProjectSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly thumbnail: string | null;
  readonly elementCount: number;
}

export interface VersionSummary {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly automatic: boolean;
  readonly elementCount: number;
}

/** What one save writes: the document's update plus the rows that changed since the last save. */
export interface SaveChange {
  /** Yjs v1: for `create` the whole document, for `save` what changed since the last save. */
  readonly update: Uint8Array;
  readonly at: number;
  readonly elementCount: number;
  readonly upsertElements: readonly ElementRecord[];
  readonly removeElements: readonly string[];
  readonly upsertPages: readonly PageRecord[];
  readonly removePages: readonly string[];
  readonly thumbnail?: string | null;
}

/** How long a project's update log is since its last compaction. */
export interface LogSize {
  readonly updates: number;
  readonly bytes: number;
}

/** A project's stored document: the snapshot, then the updates saved after it, in order. */
export interface StoredDoc {
  readonly snapshot: Uint8Array;
  readonly updates: readonly Uint8Array[];
  /** The snapshot's revision; a compaction replaces only the revision it read. */
  readonly rev: number;
  /** The last update's sequence number (0 when the log is empty). */
  readonly throughSeq: number;
}

/** A database write failed; nothing of that save was applied. */
export class SaveError extends Error {
  override readonly name = 'SaveError';
}

/**
 * A database in IndexedDB was asked for in this thread. Only the shared worker may open one
 * (`openShared`): two PGlite instances on one data directory each write their stale copy of the
 * files back on sync, so a tab merely reading its old copy would erase another tab's saves.
 */
export class SharedDatabaseError extends Error {
  override readonly name = 'SharedDatabaseError';
  constructor(readonly dataDir: string) {
    super(`${dataDir} is shared by every tab: open it with LocalProjects.openShared`);
  }
}

/** The project does not exist (deleted, or never created here). */
export class UnknownProjectError extends Error {
  override readonly name = 'UnknownProjectError';
  constructor(readonly projectId: string) {
    super(`no project ${projectId} in this browser`);
  }
}

type Tx = Pick<Transaction, 'query' | 'exec'>;

function bytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(0);
}

function summary(row: Record<string, unknown>): ProjectSummary {
  return {
    id: String(row.id),
    name: String(row.name),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    thumbnail: row.thumbnail === null || row.thumbnail === undefined ? null : String(row.thumbnail),
    elementCount: Number(row.element_count),
  };
}

async function upsertElements(tx: Tx, projectId: string, rows: readonly ElementRecord[]): Promise<void> {
  // Batches keep one statement's parameters well under Postgres' limit.
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const values: unknown[] = [];
    const tuples = batch.map((e, j) => {
      const b = j * 13;
      values.push(
        projectId, e.id, e.page, e.parent ?? null, e.kind, e.order, e.name ?? '', e.tag ?? null, e.content ?? '',
        JSON.stringify(e.props ?? {}), JSON.stringify(e.styles ?? {}), e.hidden ?? false, e.locked ?? false,
      );
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9},$${b + 10}::jsonb,$${b + 11}::jsonb,$${b + 12},$${b + 13})`;
    });
    await tx.query(
      `INSERT INTO elements (project_id,id,page_id,parent_id,kind,ord,name,tag,content,props,styles,hidden,locked)
       VALUES ${tuples.join(',')}
       ON CONFLICT (project_id,id) DO UPDATE SET page_id=EXCLUDED.page_id, parent_id=EXCLUDED.parent_id,
         kind=EXCLUDED.kind, ord=EXCLUDED.ord, name=EXCLUDED.name, tag=EXCLUDED.tag, content=EXCLUDED.content,
         props=EXCLUDED.props, styles=EXCLUDED.styles, hidden=EXCLUDED.hidden, locked=EXCLUDED.locked`,
      values,
    );
  }
}

async function upsertPages(tx: Tx, projectId: string, rows: readonly PageRecord[]): Promise<void> {
  for (const p of rows) {
    await tx.query(
      `INSERT INTO pages (project_id,id,name,slug,title,description,ord,root) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (project_id,id) DO UPDATE SET name=EXCLUDED.name, slug=EXCLUDED.slug, title=EXCLUDED.title,
         description=EXCLUDED.description, ord=EXCLUDED.ord, root=EXCLUDED.root`,
      [projectId, p.id, p.name, p.slug, p.title, p.description, p.order, p.root],
    );
  }
}

export class LocalProjects {
  private constructor(private readonly db: PGliteInterface) {}

  /**
   * Runs a transaction and waits until it reached the data directory (IndexedDB). PGlite 0.5
   * skips its own sync for statements inside a transaction, COMMIT included, so without this a
   * committed save would live only in memory until some later statement — and be lost on reload.
   */
  private async durable(run: (tx: Tx) => Promise<void>): Promise<void> {
    await this.db.transaction(run);
    await this.db.syncToFs();
  }

  /**
   * Opens (creating if needed) a database in this thread at `dataDir` — `memory://` in tests —
   * and brings its schema up to the newest migration. The browser uses `openShared` instead.
   */
  static async open(dataDir = 'memory://'): Promise<LocalProjects> {
    if (dataDir.startsWith('idb://')) throw new SharedDatabaseError(dataDir);
    const db = await PGlite.create(dataDir);
    await migrate(db);
    return new LocalProjects(db);
  }

  /**
   * The browser's database at `dataDir` (`idb://omnios`), shared by every tab of this browser
   * through one worker (databaseWorker.ts): one PGlite on the data directory, queries off the
   * main thread.
   */
  static async openShared(dataDir = 'idb://omnios'): Promise<LocalProjects> {
    const worker = new Worker(new URL('./databaseWorker.ts', import.meta.url), { type: 'module' });
    const db = await PGliteWorker.create(worker, { dataDir, id: `omnios:${dataDir}` });
    return new LocalProjects(db);
  }

  /** The newest schema version applied. */
  async schemaVersion(): Promise<number> {
    const r = await this.db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return Number(r.rows[0]?.v ?? 0);
  }

  async list(): Promise<ProjectSummary[]> {
    const r = await this.db.query<Record<string, unknown>>(
      'SELECT id,name,created_at,updated_at,thumbnail,element_count FROM projects ORDER BY updated_at DESC, id',
    );
    return r.rows.map(summary);
  }

  async get(projectId: string): Promise<ProjectSummary> {
    const r = await this.db.query<Record<string, unknown>>(
      'SELECT id,name,created_at,updated_at,thumbnail,element_count FROM projects WHERE id=$1',
      [projectId],
    );
    const row = r.rows[0];
    if (row === undefined) throw new UnknownProjectError(projectId);
    return summary(row);
  }

  /** Creates a project from its first save. */
  async create(projectId: string, name: string, change: SaveChange): Promise<void> {
    await this.durable(async (tx) => {
      await tx.query(
        'INSERT INTO projects (id,name,created_at,updated_at,thumbnail,doc,element_count) VALUES ($1,$2,$3,$3,$4,$5,$6)',
        [projectId, name, change.at, change.thumbnail ?? null, change.update, change.elementCount],
      );
      await upsertPages(tx, projectId, change.upsertPages);
      await upsertElements(tx, projectId, change.upsertElements);
    });
  }

  /**
   * Writes one save in one transaction — its update appended to the log, its rows — and returns
   * the log's size after it; on failure nothing of it is applied.
   */
  async save(projectId: string, change: SaveChange): Promise<LogSize> {
    let size: LogSize = { updates: 0, bytes: 0 };
    try {
      await this.durable(async (tx) => {
        const r = await tx.query(
          `UPDATE projects SET updated_at=$2, element_count=$3, thumbnail=COALESCE($4, thumbnail) WHERE id=$1`,
          [projectId, change.at, change.elementCount, change.thumbnail ?? null],
        );
        if ((r.affectedRows ?? 0) === 0) throw new UnknownProjectError(projectId);
        await tx.query('INSERT INTO doc_updates (project_id, bytes) VALUES ($1, $2)', [projectId, change.update]);
        const log = await tx.query<{ n: number; bytes: number }>(
          'SELECT count(*)::int AS n, coalesce(sum(length(bytes)), 0)::int AS bytes FROM doc_updates WHERE project_id=$1',
          [projectId],
        );
        size = { updates: Number(log.rows[0]?.n ?? 0), bytes: Number(log.rows[0]?.bytes ?? 0) };
        if (change.removeElements.length > 0) {
          await tx.query('DELETE FROM elements WHERE project_id=$1 AND id = ANY($2::text[])', [
            projectId,
            change.removeElements,
          ]);
        }
        if (change.removePages.length > 0) {
          await tx.query('DELETE FROM pages WHERE project_id=$1 AND id = ANY($2::text[])', [
            projectId,
            change.removePages,
          ]);
        }
        await upsertPages(tx, projectId, change.upsertPages);
        await upsertElements(tx, projectId, change.upsertElements);
      });
    } catch (error) {
      if (error instanceof UnknownProjectError) throw error;
      throw new SaveError(`saving project ${projectId} failed: ${String(error)}`, { cause: error });
    }
    return size;
  }

  /** The project's stored document: snapshot and update log, read in one transaction. */
  async loadDoc(projectId: string): Promise<StoredDoc> {
    let stored: StoredDoc | undefined;
    await this.db.transaction(async (tx) => {
      const r = await tx.query<{ doc: unknown; doc_rev: number }>('SELECT doc, doc_rev FROM projects WHERE id=$1', [
        projectId,
      ]);
      const row = r.rows[0];
      if (row === undefined) return;
      const log = await tx.query<{ seq: number | string; bytes: unknown }>(
        'SELECT seq, bytes FROM doc_updates WHERE project_id=$1 ORDER BY seq',
        [projectId],
      );
      stored = {
        snapshot: bytes(row.doc),
        updates: log.rows.map((u) => bytes(u.bytes)),
        rev: Number(row.doc_rev),
        throughSeq: Number(log.rows.at(-1)?.seq ?? 0),
      };
    });
    if (stored === undefined) throw new UnknownProjectError(projectId);
    return stored;
  }

  /**
   * Replaces the snapshot read at `rev` with `snapshot` (that snapshot plus the log through
   * `throughSeq`, merged) and drops those log entries; updates saved meanwhile stay. Returns
   * false, changing nothing, when another compaction replaced the snapshot first.
   */
  async compact(projectId: string, snapshot: Uint8Array, rev: number, throughSeq: number): Promise<boolean> {
    let done = false;
    await this.durable(async (tx) => {
      const r = await tx.query('UPDATE projects SET doc=$2, doc_rev=doc_rev+1 WHERE id=$1 AND doc_rev=$3', [
        projectId,
        snapshot,
        rev,
      ]);
      done = (r.affectedRows ?? 0) > 0;
      if (done) await tx.query('DELETE FROM doc_updates WHERE project_id=$1 AND seq <= $2', [projectId, throughSeq]);
    });
    return done;
  }

  async rename(projectId: string, name: string): Promise<void> {
    const r = await this.db.query('UPDATE projects SET name=$2 WHERE id=$1', [projectId, name]);
    if ((r.affectedRows ?? 0) === 0) throw new UnknownProjectError(projectId);
  }

  /** Copies a project (document and its update log, rows; not its versions) under a new id and name. */
  async duplicate(projectId: string, newId: string, name: string, at: number): Promise<void> {
    await this.durable(async (tx) => {
      const r = await tx.query(
        `INSERT INTO projects (id,name,created_at,updated_at,thumbnail,doc,element_count)
         SELECT $2,$3,$4,$4,thumbnail,doc,element_count FROM projects WHERE id=$1`,
        [projectId, newId, name, at],
      );
      if ((r.affectedRows ?? 0) === 0) throw new UnknownProjectError(projectId);
      await tx.query(
        'INSERT INTO doc_updates (project_id, bytes) SELECT $2, bytes FROM doc_updates WHERE project_id=$1 ORDER BY seq',
        [projectId, newId],
      );
      await tx.query(
        `INSERT INTO pages (project_id,id,name,slug,title,description,ord,root)
         SELECT $2,id,name,slug,title,description,ord,root FROM pages WHERE project_id=$1`,
        [projectId, newId],
      );
      await tx.query(
        `INSERT INTO elements (project_id,id,page_id,parent_id,kind,ord,name,tag,content,props,styles,hidden,locked)
         SELECT $2,id,page_id,parent_id,kind,ord,name,tag,content,props,styles,hidden,locked FROM elements WHERE project_id=$1`,
        [projectId, newId],
      );
    });
  }

  async delete(projectId: string): Promise<void> {
    await this.db.query('DELETE FROM projects WHERE id=$1', [projectId]);
  }

  /** Rows of one project, for queries and checks. */
  async elementRows(projectId: string): Promise<Record<string, unknown>[]> {
    const r = await this.db.query<Record<string, unknown>>(
      'SELECT * FROM elements WHERE project_id=$1 ORDER BY id',
      [projectId],
    );
    return r.rows;
  }

  async pageRows(projectId: string): Promise<Record<string, unknown>[]> {
    const r = await this.db.query<Record<string, unknown>>('SELECT * FROM pages WHERE project_id=$1 ORDER BY ord, id', [
      projectId,
    ]);
    return r.rows;
  }

  // ---- versions ----

  async createVersion(
    projectId: string,
    version: { id: string; name: string; at: number; automatic: boolean; doc: Uint8Array; elementCount: number },
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO versions (id,project_id,name,created_at,automatic,doc,element_count) VALUES ($1,$2,$3,$4,$5,$6,$7)',
      [version.id, projectId, version.name, version.at, version.automatic, version.doc, version.elementCount],
    );
  }

  async listVersions(projectId: string): Promise<VersionSummary[]> {
    const r = await this.db.query<Record<string, unknown>>(
      'SELECT id,project_id,name,created_at,automatic,element_count FROM versions WHERE project_id=$1 ORDER BY created_at DESC, id DESC',
      [projectId],
    );
    return r.rows.map((row) => ({
      id: String(row.id),
      projectId: String(row.project_id),
      name: String(row.name),
      createdAt: Number(row.created_at),
      automatic: Boolean(row.automatic),
      elementCount: Number(row.element_count),
    }));
  }

  async loadVersion(versionId: string): Promise<Uint8Array> {
    const r = await this.db.query<{ doc: unknown }>('SELECT doc FROM versions WHERE id=$1', [versionId]);
    const row = r.rows[0];
    if (row === undefined) throw new Error(`no version ${versionId}`);
    return bytes(row.doc);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
