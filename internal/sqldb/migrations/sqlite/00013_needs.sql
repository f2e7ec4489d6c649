-- +goose Up
-- Enterprises' needs (issue 5): technology and talent demands and open challenges, with
-- the segmented tokens that full-text search reads.
CREATE TABLE needs (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES org_units (id),
    kind           TEXT NOT NULL,
    enterprise     TEXT NOT NULL,
    title_zh       TEXT NOT NULL DEFAULT '',
    title_en       TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    industry       TEXT NOT NULL,
    keywords       TEXT NOT NULL DEFAULT '[]',
    location       TEXT NOT NULL DEFAULT '',
    budget_yuan    INTEGER NOT NULL DEFAULT 0,
    reward_yuan    INTEGER NOT NULL DEFAULT 0,
    deadline       TIMESTAMP,
    status         TEXT NOT NULL,
    owner_id       INTEGER REFERENCES users (id),
    title          TEXT NOT NULL DEFAULT '',
    search_tokens  TEXT NOT NULL DEFAULT '',
    published_at   TIMESTAMP,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX needs_status_published ON needs (status, published_at);
CREATE INDEX needs_unit ON needs (unit_id, status);
CREATE INDEX needs_owner ON needs (owner_id);

CREATE VIRTUAL TABLE need_search USING fts5 (search_tokens, content = 'needs', content_rowid = 'id', tokenize = 'unicode61');

-- +goose StatementBegin
CREATE TRIGGER needs_search_insert AFTER INSERT ON needs BEGIN
    INSERT INTO need_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER needs_search_delete AFTER DELETE ON needs BEGIN
    INSERT INTO need_search (need_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER needs_search_update AFTER UPDATE OF search_tokens ON needs BEGIN
    INSERT INTO need_search (need_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
    INSERT INTO need_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER needs_search_update;
DROP TRIGGER needs_search_delete;
DROP TRIGGER needs_search_insert;
DROP TABLE need_search;
DROP TABLE needs;
