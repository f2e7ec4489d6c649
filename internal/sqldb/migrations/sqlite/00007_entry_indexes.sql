-- +goose Up
-- Indexes the entries table needs at 100,000 entries (measured in docs/perf.md): sorting
-- by title or by country, and the eligibility filter, without reading the whole edition.
CREATE INDEX entries_edition_title ON entries (edition_id, title, id);
CREATE INDEX entries_edition_country_title ON entries (edition_id, country, title, id);
CREATE INDEX entries_edition_eligible ON entries (edition_id, eligible);

-- +goose Down
DROP INDEX entries_edition_eligible;
DROP INDEX entries_edition_country_title;
DROP INDEX entries_edition_title;
