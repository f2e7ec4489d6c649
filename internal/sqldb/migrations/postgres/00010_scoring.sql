-- +goose Up
-- Scoring (issue 4): a round's rubric, and each judge's score sheet for an assigned entry,
-- a draft until submitted, then locked.
CREATE TABLE rubrics (
    edition_id BIGINT NOT NULL REFERENCES editions (id),
    round      TEXT NOT NULL,
    criteria   TEXT NOT NULL,
    blind      BOOLEAN NOT NULL DEFAULT FALSE,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (edition_id, round)
);

CREATE TABLE score_sheets (
    assignment_id BIGINT PRIMARY KEY REFERENCES assignments (id) ON DELETE CASCADE,
    edition_id    BIGINT NOT NULL REFERENCES editions (id),
    round         TEXT NOT NULL,
    entry_id      BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    judge_user_id BIGINT NOT NULL REFERENCES users (id),
    scores        TEXT NOT NULL DEFAULT '{}',
    comment       TEXT NOT NULL DEFAULT '',
    total         DOUBLE PRECISION,
    submitted_at  TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX score_sheets_round ON score_sheets (edition_id, round);

-- +goose Down
DROP TABLE score_sheets;
DROP TABLE rubrics;
