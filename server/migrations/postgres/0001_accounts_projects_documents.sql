-- Accounts, projects, members, share links, the audit log and the document log (PostgreSQL).
-- Times are Unix milliseconds; ids are random text; the SQLite twin has the same shape.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE projects (
    id         TEXT PRIMARY KEY,
    -- Sorted by code point ("C"), as SQLite's BINARY collation does, so lists page alike.
    name       TEXT COLLATE "C" NOT NULL,
    version    BIGINT NOT NULL,
    doc_seq    BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE members (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE share_links (
    token_hash TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE audit_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             BIGINT NOT NULL,
    actor          TEXT,
    action         TEXT NOT NULL,
    project_id     TEXT,
    detail         TEXT NOT NULL,
    correlation_id TEXT NOT NULL
);
CREATE INDEX audit_log_project ON audit_log (project_id, id);

CREATE TABLE document_updates (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    bytes      BYTEA NOT NULL,
    PRIMARY KEY (project_id, seq)
);

CREATE TABLE document_snapshots (
    project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    up_to_seq  BIGINT NOT NULL,
    bytes      BYTEA NOT NULL
);
