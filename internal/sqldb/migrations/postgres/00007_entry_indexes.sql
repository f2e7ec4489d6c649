-- +goose Up
-- Indexes the entries table needs at 100,000 entries (measured in docs/perf.md): sorting
-- by title or by country, and the eligibility filter, without reading the whole edition.
CREATE INDEX entries_edition_title ON entries (edition_id, title, id);
CREATE INDEX entries_edition_country_title ON entries (edition_id, country, title, id);
CREATE INDEX entries_edition_eligible ON entries (edition_id, eligible);
-- The default order of the entries table, newest submission first, drafts last.
CREATE INDEX entries_edition_newest ON entries (edition_id, submitted_at DESC NULLS LAST, id DESC);

-- +goose Down
DROP INDEX entries_edition_newest;
DROP INDEX entries_edition_eligible;
DROP INDEX entries_edition_country_title;
DROP INDEX entries_edition_title;
