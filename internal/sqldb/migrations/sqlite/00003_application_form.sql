-- +goose Up
-- An edition's application form is one document, edited and versioned with the edition.
-- Answers (a later migration) are stored by field key, so the form may change freely.
ALTER TABLE editions ADD COLUMN form TEXT NOT NULL DEFAULT '{"sections":[],"fields":[]}';

-- +goose Down
ALTER TABLE editions DROP COLUMN form;
