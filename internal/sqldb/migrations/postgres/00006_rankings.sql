-- +goose Up
-- A round's ranking (issue 3): an entry's score in a round, typed in by an operator until
-- judging supplies scores; and where a prize placing stands after due diligence.
CREATE TABLE entry_scores (
    entry_id   BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    round      TEXT NOT NULL,
    score      DOUBLE PRECISION NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (entry_id, round)
);

ALTER TABLE entries ADD COLUMN prize_status TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE entries DROP COLUMN prize_status;
DROP TABLE entry_scores;
