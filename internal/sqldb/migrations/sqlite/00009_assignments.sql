-- +goose Up
-- Which judge scores which entry in a round (issue 4): proposed by the solver or set by
-- hand, then published to the judges.
CREATE TABLE assignments (
    id            INTEGER PRIMARY KEY,
    edition_id    INTEGER NOT NULL REFERENCES editions (id),
    round         TEXT NOT NULL,
    entry_id      INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    judge_user_id INTEGER NOT NULL REFERENCES users (id),
    affinity      REAL NOT NULL DEFAULT 0,
    manual        BOOLEAN NOT NULL DEFAULT FALSE,
    published     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (round, entry_id, judge_user_id)
);
CREATE INDEX assignments_edition_round ON assignments (edition_id, round);
CREATE INDEX assignments_judge ON assignments (judge_user_id, published);

-- +goose Down
DROP TABLE assignments;
