-- +goose Up
-- Judging choices (issue 4): the scoring method chosen per round with its rubric, a
-- submitted score sheet reopened by an operator with a reason, and the conditions of a
-- round's last proposed assignment (judges per entry, a category every entry needs, a
-- cap per institution), which its preview measures the draft against.
ALTER TABLE rubrics ADD COLUMN method TEXT NOT NULL DEFAULT 'trimmed_mean';
ALTER TABLE score_sheets ADD COLUMN reopened_at TIMESTAMP;
ALTER TABLE score_sheets ADD COLUMN reopen_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE assignment_rounds (
    edition_id          INTEGER NOT NULL REFERENCES editions (id),
    round               TEXT NOT NULL,
    k                   INTEGER NOT NULL,
    need_category       TEXT NOT NULL DEFAULT '',
    max_per_institution INTEGER NOT NULL DEFAULT 0,
    proposed_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (edition_id, round)
);

-- +goose Down
DROP TABLE assignment_rounds;
ALTER TABLE score_sheets DROP COLUMN reopen_reason;
ALTER TABLE score_sheets DROP COLUMN reopened_at;
ALTER TABLE rubrics DROP COLUMN method;
