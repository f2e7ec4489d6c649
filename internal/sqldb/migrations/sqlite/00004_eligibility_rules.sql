-- +goose Up
-- An edition's eligibility rules, as data (haizhi.EligibilityRule), versioned with it.
ALTER TABLE editions ADD COLUMN rules TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE editions DROP COLUMN rules;
