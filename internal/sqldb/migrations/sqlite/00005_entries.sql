-- +goose Up
-- Entries (issue 3). A talent row is the lead applicant as recorded by one entry; the same
-- person entered twice has two rows, linked as duplicates by account, email or name and
-- birth date. Answers are stored by question key, one row per value, so changing the form
-- never loses one. born is 'YYYY-MM-DD' or ''.
CREATE TABLE talents (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER REFERENCES users (id),
    name           TEXT NOT NULL,
    name_zh        TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL,
    locale         TEXT NOT NULL,
    nationality    TEXT NOT NULL DEFAULT '',
    category       TEXT NOT NULL DEFAULT '',
    residence      TEXT NOT NULL DEFAULT '',
    born           TEXT NOT NULL DEFAULT '',
    degree         TEXT NOT NULL DEFAULT '',
    degree_country TEXT NOT NULL DEFAULT '',
    institution    TEXT NOT NULL DEFAULT '',
    employer       TEXT NOT NULL DEFAULT '',
    years_abroad   INTEGER NOT NULL DEFAULT 0,
    fields         TEXT NOT NULL DEFAULT '[]',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX talents_email ON talents (email);
CREATE INDEX talents_user ON talents (user_id);

CREATE TABLE projects (
    id                 INTEGER PRIMARY KEY,
    talent_id          INTEGER NOT NULL REFERENCES talents (id),
    title_zh           TEXT NOT NULL DEFAULT '',
    title_en           TEXT NOT NULL DEFAULT '',
    summary_zh         TEXT NOT NULL DEFAULT '',
    summary_en         TEXT NOT NULL DEFAULT '',
    industry           TEXT NOT NULL DEFAULT '',
    keywords           TEXT NOT NULL DEFAULT '[]',
    stage              TEXT NOT NULL DEFAULT '',
    funding_need       BIGINT NOT NULL DEFAULT 0,
    registered_locally BOOLEAN NOT NULL DEFAULT FALSE,
    pitch_url          TEXT NOT NULL DEFAULT '',
    team               TEXT NOT NULL DEFAULT '[]',
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX projects_talent ON projects (talent_id);

-- country, category and title copy the lead's residence, category and the project's
-- title so the entries table filters and sorts without joins; search_tokens holds the
-- segmented text (internal/textseg) that full-text search reads.
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    edition_id    INTEGER NOT NULL REFERENCES editions (id),
    talent_id     INTEGER NOT NULL REFERENCES talents (id),
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    division_id   INTEGER REFERENCES edition_divisions (id),
    track_id      INTEGER REFERENCES edition_tracks (id),
    status        TEXT NOT NULL,
    source        TEXT NOT NULL,
    owner_id      INTEGER REFERENCES users (id),
    referrer_id   INTEGER REFERENCES users (id),
    referrer      TEXT NOT NULL DEFAULT '',
    create_key    TEXT NOT NULL UNIQUE,
    round         TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    prize_rank    INTEGER NOT NULL DEFAULT 0,
    eligible      BOOLEAN,
    failed        TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    search_tokens TEXT NOT NULL DEFAULT '',
    submitted_at  TIMESTAMP,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX entries_edition_submitted ON entries (edition_id, submitted_at);
CREATE INDEX entries_edition_cell ON entries (edition_id, division_id, track_id);
CREATE INDEX entries_edition_round ON entries (edition_id, round, outcome);
CREATE INDEX entries_edition_country ON entries (edition_id, country);
CREATE INDEX entries_owner ON entries (owner_id);
CREATE INDEX entries_referrer ON entries (referrer_id);
CREATE INDEX entries_talent ON entries (talent_id);

CREATE TABLE entry_answers (
    entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    field_key TEXT NOT NULL,
    position  INTEGER NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (entry_id, field_key, position)
);

CREATE TABLE entry_attachments (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    slot         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    blob_key     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX entry_attachments_entry ON entry_attachments (entry_id);

CREATE TABLE entry_decisions (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    round      TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX entry_decisions_entry ON entry_decisions (entry_id);

-- Full-text search: an external-content FTS5 index over entries.search_tokens, kept in
-- step by triggers. The tokens are already segmented and space-separated.
CREATE VIRTUAL TABLE entry_search USING fts5 (search_tokens, content = 'entries', content_rowid = 'id', tokenize = 'unicode61');

-- +goose StatementBegin
CREATE TRIGGER entries_search_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entry_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entry_search (entry_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER entries_search_update AFTER UPDATE OF search_tokens ON entries BEGIN
    INSERT INTO entry_search (entry_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
    INSERT INTO entry_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER entries_search_update;
DROP TRIGGER entries_search_delete;
DROP TRIGGER entries_search_insert;
DROP TABLE entry_search;
DROP TABLE entry_decisions;
DROP TABLE entry_attachments;
DROP TABLE entry_answers;
DROP TABLE entries;
DROP TABLE projects;
DROP TABLE talents;
