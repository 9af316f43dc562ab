-- Named versions of a project's document, kept by the server (PostgreSQL): a snapshot the server
-- made of its own copy (a Yjs update encoding the whole document), by a member or automatically.
-- The SQLite twin has the same shape.

CREATE TABLE versions (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name          TEXT COLLATE "C" NOT NULL,
    -- The member who saved it; NULL for an automatic version (and once the account is gone).
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT NOT NULL,
    -- 1 when the server made it on its own (a room unloaded after edits, or a checkpoint).
    automatic     BIGINT NOT NULL CHECK (automatic IN (0, 1)),
    element_count BIGINT NOT NULL,
    doc           BYTEA NOT NULL
);
CREATE INDEX versions_project ON versions (project_id, created_at, id);
