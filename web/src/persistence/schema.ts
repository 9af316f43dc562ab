// The local database's schema, as numbered migrations. Each runs once, in order, inside one
// transaction with the row that records it, so a database is always at a whole version.
// `migrate` runs where the database is opened: in the shared database worker for the browser
// (once per leader, never raced by two tabs), in-process for tests.
import type { PGliteInterface } from '@electric-sql/pglite';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'projects, pages, elements, versions',
    sql: `
      CREATE TABLE projects (
        id          text PRIMARY KEY,
        name        text NOT NULL,
        created_at  bigint NOT NULL,
        updated_at  bigint NOT NULL,
        thumbnail   text,
        doc         bytea NOT NULL,
        element_count integer NOT NULL DEFAULT 0
      );
      CREATE TABLE pages (
        project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        id          text NOT NULL,
        name        text NOT NULL,
        slug        text NOT NULL,
        title       text NOT NULL,
        description text NOT NULL,
        ord         text NOT NULL,
        root        text NOT NULL,
        PRIMARY KEY (project_id, id)
      );
      CREATE TABLE elements (
        project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        id          text NOT NULL,
        page_id     text NOT NULL,
        parent_id   text,
        kind        text NOT NULL,
        ord         text NOT NULL,
        name        text NOT NULL DEFAULT '',
        tag         text,
        content     text NOT NULL DEFAULT '',
        props       jsonb NOT NULL DEFAULT '{}',
        styles      jsonb NOT NULL DEFAULT '{}',
        hidden      boolean NOT NULL DEFAULT false,
        locked      boolean NOT NULL DEFAULT false,
        PRIMARY KEY (project_id, id)
      );
      CREATE INDEX elements_by_page ON elements (project_id, page_id);
      CREATE TABLE versions (
        id          text PRIMARY KEY,
        project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name        text NOT NULL,
        created_at  bigint NOT NULL,
        automatic   boolean NOT NULL,
        doc         bytea NOT NULL,
        element_count integer NOT NULL
      );
      CREATE INDEX versions_by_project ON versions (project_id, created_at DESC);
    `,
  },
  {
    version: 2,
    name: 'update log: saves append the change; compaction folds it into projects.doc',
    sql: `
      ALTER TABLE projects ADD COLUMN doc_rev integer NOT NULL DEFAULT 0;
      CREATE TABLE doc_updates (
        project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        seq         bigint GENERATED ALWAYS AS IDENTITY,
        bytes       bytea NOT NULL,
        PRIMARY KEY (project_id, seq)
      );
    `,
  },
];

/** Brings `db` up to the newest migration and syncs it to its data directory. */
export async function migrate(db: PGliteInterface): Promise<void> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
  );
  const applied = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(applied.rows.map((r) => Number(r.version)));
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
    });
  }
  await db.syncToFs();
}
