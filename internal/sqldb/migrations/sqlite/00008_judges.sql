-- +goose Up
-- Judging (issue 4): an edition's judge pool with each judge's expertise and load, and
-- conflicts of interest (回避), computed from the records, declared by judges or pinned
-- by operators; a lifted conflict keeps its record.
CREATE TABLE edition_judges (
    id          INTEGER PRIMARY KEY,
    edition_id  INTEGER NOT NULL REFERENCES editions (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    category    TEXT NOT NULL,
    institution TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT '',
    tracks      TEXT NOT NULL DEFAULT '[]',
    keywords    TEXT NOT NULL DEFAULT '[]',
    min_load    INTEGER NOT NULL DEFAULT 0,
    max_load    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (edition_id, user_id)
);
CREATE INDEX edition_judges_user ON edition_judges (user_id);

CREATE TABLE conflicts (
    id            INTEGER PRIMARY KEY,
    edition_id    INTEGER NOT NULL REFERENCES editions (id),
    entry_id      INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    judge_user_id INTEGER NOT NULL REFERENCES users (id),
    kind          TEXT NOT NULL,
    evidence      TEXT NOT NULL DEFAULT '',
    lifted        BOOLEAN NOT NULL DEFAULT FALSE,
    lifted_reason TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (entry_id, judge_user_id, kind)
);
CREATE INDEX conflicts_edition_judge ON conflicts (edition_id, judge_user_id);

-- +goose Down
DROP TABLE conflicts;
DROP TABLE edition_judges;
