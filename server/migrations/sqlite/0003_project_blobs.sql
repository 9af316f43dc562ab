-- Which blobs (asset bytes, stored once under their SHA-256 in the blob store) each project
-- holds: a member may read a blob only through a project that holds it (SQLite).

CREATE TABLE project_blobs (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (project_id, sha256)
);
