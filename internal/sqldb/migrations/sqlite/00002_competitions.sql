-- +goose Up
CREATE TABLE competitions (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES org_units (id),
    code       TEXT NOT NULL UNIQUE,
    name_zh    TEXT NOT NULL DEFAULT '',
    name_en    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX competitions_unit ON competitions (unit_id);

CREATE TABLE editions (
    id             INTEGER PRIMARY KEY,
    competition_id INTEGER NOT NULL REFERENCES competitions (id),
    year           INTEGER NOT NULL,
    name_zh        TEXT NOT NULL DEFAULT '',
    name_en        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (competition_id, year)
);

-- Divisions, tracks and rounds keep their ids across edits of the structure (matched by
-- code or kind), so later records (entries, quotas) stay attached; a row still in use
-- cannot be deleted (RESTRICT).
CREATE TABLE edition_divisions (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    code       TEXT NOT NULL,
    name_zh    TEXT NOT NULL DEFAULT '',
    name_en    TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL,
    UNIQUE (edition_id, code)
);

CREATE TABLE edition_tracks (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    code       TEXT NOT NULL,
    name_zh    TEXT NOT NULL DEFAULT '',
    name_en    TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL,
    UNIQUE (edition_id, code)
);

CREATE TABLE edition_rounds (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    kind       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    name_zh    TEXT NOT NULL DEFAULT '',
    name_en    TEXT NOT NULL DEFAULT '',
    opens_at   TIMESTAMP NOT NULL,
    closes_at  TIMESTAMP NOT NULL,
    UNIQUE (edition_id, kind)
);

CREATE TABLE round_quotas (
    round_id    INTEGER NOT NULL REFERENCES edition_rounds (id) ON DELETE CASCADE,
    division_id INTEGER NOT NULL REFERENCES edition_divisions (id) ON DELETE CASCADE,
    track_id    INTEGER NOT NULL REFERENCES edition_tracks (id) ON DELETE CASCADE,
    quota       INTEGER NOT NULL,
    PRIMARY KEY (round_id, division_id, track_id)
);

CREATE TABLE prize_tiers (
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    rank       INTEGER NOT NULL,
    name_zh    TEXT NOT NULL DEFAULT '',
    name_en    TEXT NOT NULL DEFAULT '',
    count      INTEGER NOT NULL,
    PRIMARY KEY (edition_id, rank)
);

-- +goose Down
DROP TABLE prize_tiers;
DROP TABLE round_quotas;
DROP TABLE edition_rounds;
DROP TABLE edition_tracks;
DROP TABLE edition_divisions;
DROP TABLE editions;
DROP TABLE competitions;
