-- +goose Up
-- Scoring (issue 4): a round's rubric, and each judge's score sheet for an assigned entry,
-- a draft until submitted, then locked.
CREATE TABLE rubrics (
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    round      TEXT NOT NULL,
    criteria   TEXT NOT NULL,
    blind      BOOLEAN NOT NULL DEFAULT FALSE,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (edition_id, round)
);

CREATE TABLE score_sheets (
    assignment_id INTEGER PRIMARY KEY REFERENCES assignments (id) ON DELETE CASCADE,
    edition_id    INTEGER NOT NULL REFERENCES editions (id),
    round         TEXT NOT NULL,
    entry_id      INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    judge_user_id INTEGER NOT NULL REFERENCES users (id),
    scores        TEXT NOT NULL DEFAULT '{}',
    comment       TEXT NOT NULL DEFAULT '',
    total         REAL,
    submitted_at  TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX score_sheets_round ON score_sheets (edition_id, round);

-- +goose Down
DROP TABLE score_sheets;
DROP TABLE rubrics;
