-- +goose Up
-- The live final (issue 4): rooms with their judges, the running order drawn by lot (the
-- seed kept), the stage and its timer, tie-breaks and the chief judge's sign-off. Scores
-- are the final round's score sheets.
CREATE TABLE final_rooms (
    id               INTEGER PRIMARY KEY,
    edition_id       INTEGER NOT NULL REFERENCES editions (id),
    name             TEXT NOT NULL,
    tracks           TEXT NOT NULL DEFAULT '[]',
    capacity         INTEGER NOT NULL DEFAULT 0,
    pitch_minutes    INTEGER NOT NULL,
    qa_minutes       INTEGER NOT NULL,
    draw_seed        INTEGER,
    drawn_at         TIMESTAMP,
    on_stage         INTEGER NOT NULL DEFAULT 0,
    phase            TEXT NOT NULL DEFAULT 'idle',
    phase_started_at TIMESTAMP,
    signed_at        TIMESTAMP,
    signed_by        INTEGER REFERENCES users (id),
    digest           TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    UNIQUE (edition_id, name)
);

CREATE TABLE final_room_judges (
    room_id       INTEGER NOT NULL REFERENCES final_rooms (id) ON DELETE CASCADE,
    edition_id    INTEGER NOT NULL REFERENCES editions (id),
    judge_user_id INTEGER NOT NULL REFERENCES users (id),
    seat          INTEGER NOT NULL,
    chief         BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (room_id, judge_user_id),
    UNIQUE (edition_id, judge_user_id)
);

CREATE TABLE final_slots (
    room_id  INTEGER NOT NULL REFERENCES final_rooms (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entry_id INTEGER NOT NULL UNIQUE REFERENCES entries (id),
    PRIMARY KEY (room_id, position)
);

CREATE TABLE final_tie_breaks (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES final_rooms (id) ON DELETE CASCADE,
    entry_ids  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    decided_by INTEGER NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX final_tie_breaks_room ON final_tie_breaks (room_id);
CREATE INDEX score_sheets_entry ON score_sheets (entry_id);

-- +goose Down
DROP INDEX score_sheets_entry;
DROP TABLE final_tie_breaks;
DROP TABLE final_slots;
DROP TABLE final_room_judges;
DROP TABLE final_rooms;
