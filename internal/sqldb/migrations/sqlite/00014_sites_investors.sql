-- +goose Up
-- Landing sites and investors (issue 5): the other side of the market, next to needs.
CREATE TABLE sites (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER NOT NULL REFERENCES org_units (id),
    kind             TEXT NOT NULL,
    name_zh          TEXT NOT NULL DEFAULT '',
    name_en          TEXT NOT NULL DEFAULT '',
    industries       TEXT NOT NULL DEFAULT '[]',
    policies_zh      TEXT NOT NULL DEFAULT '',
    policies_en      TEXT NOT NULL DEFAULT '',
    subsidy_max_yuan INTEGER NOT NULL DEFAULT 0,
    space_m2         INTEGER NOT NULL DEFAULT 0,
    housing_units    INTEGER NOT NULL DEFAULT 0,
    capacity         INTEGER NOT NULL DEFAULT 0,
    address          TEXT NOT NULL DEFAULT '',
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    name             TEXT NOT NULL DEFAULT '',
    search_tokens    TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX sites_unit ON sites (unit_id);
CREATE INDEX sites_name ON sites (published, name);

CREATE VIRTUAL TABLE site_search USING fts5 (search_tokens, content = 'sites', content_rowid = 'id', tokenize = 'unicode61');

-- +goose StatementBegin
CREATE TRIGGER sites_search_insert AFTER INSERT ON sites BEGIN
    INSERT INTO site_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER sites_search_delete AFTER DELETE ON sites BEGIN
    INSERT INTO site_search (site_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER sites_search_update AFTER UPDATE OF search_tokens ON sites BEGIN
    INSERT INTO site_search (site_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
    INSERT INTO site_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd

CREATE TABLE investors (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES org_units (id),
    kind            TEXT NOT NULL,
    name_zh         TEXT NOT NULL DEFAULT '',
    name_en         TEXT NOT NULL DEFAULT '',
    industries      TEXT NOT NULL DEFAULT '[]',
    stages          TEXT NOT NULL DEFAULT '[]',
    ticket_min_yuan INTEGER NOT NULL DEFAULT 0,
    ticket_max_yuan INTEGER NOT NULL DEFAULT 0,
    city            TEXT NOT NULL DEFAULT '',
    published       BOOLEAN NOT NULL DEFAULT FALSE,
    name            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX investors_unit ON investors (unit_id);
CREATE INDEX investors_name ON investors (published, name);

-- +goose Down
DROP TABLE investors;
DROP TRIGGER sites_search_update;
DROP TRIGGER sites_search_delete;
DROP TRIGGER sites_search_insert;
DROP TABLE site_search;
DROP TABLE sites;
