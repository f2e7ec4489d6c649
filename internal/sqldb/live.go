package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/haizhi-dev/haizhi"
)

// LiveService is the SQL implementation of haizhi.LiveService.
type LiveService struct{ db *DB }

// NewLiveService returns the live final service over db.
func NewLiveService(db *DB) *LiveService { return &LiveService{db: db} }

var _ haizhi.LiveService = (*LiveService)(nil)

const roomColumns = `r.id, r.edition_id, r.name, r.tracks, r.capacity, r.pitch_minutes, r.qa_minutes, r.draw_seed, r.drawn_at, r.on_stage, r.phase,
	r.phase_started_at, r.signed_at, COALESCE(r.signed_by, 0), COALESCE(u.name, ''), r.digest, r.version, r.created_at`

const roomFrom = ` FROM final_rooms r LEFT JOIN users u ON u.id = r.signed_by`

func scanRoom(s interface{ Scan(...any) error }) (*haizhi.FinalRoom, error) {
	r := &haizhi.FinalRoom{}
	var tracks string
	var seed sql.NullInt64
	var drawn, phaseAt, signed sql.NullTime
	if err := s.Scan(&r.ID, &r.EditionID, &r.Name, &tracks, &r.Capacity, &r.PitchMinutes, &r.QAMinutes, &seed, &drawn, &r.Current, &r.Phase,
		&phaseAt, &signed, &r.SignedBy, &r.SignedByName, &r.Digest, &r.Version, &r.CreatedAt); err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if seed.Valid {
		r.DrawSeed = &seed.Int64
	}
	r.DrawnAt, r.PhaseStartedAt, r.SignedAt = nullTime(drawn), nullTime(phaseAt), nullTime(signed)
	return r, jsonDecode(tracks, &r.Tracks)
}

// loadRoom reads a room with its judges, order and tie-breaks, without checking access.
func loadRoom(tx *Tx, id int64) (*haizhi.FinalRoom, error) {
	r, err := scanRoom(tx.QueryRow(`SELECT `+roomColumns+roomFrom+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, haizhi.NotFound("room")
	} else if err != nil {
		return nil, fmt.Errorf("find room: %w", err)
	}
	return r, loadRoomParts(tx, r)
}

func loadRoomParts(tx *Tx, r *haizhi.FinalRoom) error {
	r.Judges, r.Order, r.TieBreaks = nil, nil, nil
	err := eachRow(tx, `SELECT rj.judge_user_id, u.name, COALESCE(j.institution, ''), rj.chief FROM final_room_judges rj
		JOIN users u ON u.id = rj.judge_user_id
		LEFT JOIN edition_judges j ON j.edition_id = rj.edition_id AND j.user_id = rj.judge_user_id
		WHERE rj.room_id = ? ORDER BY rj.seat`, []any{r.ID}, func(scan func(...any) error) error {
		var j haizhi.RoomJudge
		err := scan(&j.UserID, &j.Name, &j.Institution, &j.Chief)
		r.Judges = append(r.Judges, j)
		return err
	})
	if err != nil {
		return fmt.Errorf("room judges: %w", err)
	}
	err = eachRow(tx, `SELECT f.position, f.entry_id, p.title_zh, p.title_en, COALESCE(tr.code, ''), e.country FROM final_slots f
		JOIN entries e ON e.id = f.entry_id JOIN projects p ON p.id = e.project_id LEFT JOIN edition_tracks tr ON tr.id = e.track_id
		WHERE f.room_id = ? ORDER BY f.position`, []any{r.ID}, func(scan func(...any) error) error {
		var s haizhi.RoomSlot
		err := scan(&s.Position, &s.EntryID, &s.TitleZH, &s.TitleEN, &s.Track, &s.Country)
		r.Order = append(r.Order, s)
		return err
	})
	if err != nil {
		return fmt.Errorf("room order: %w", err)
	}
	err = eachRow(tx, `SELECT t.entry_ids, t.reason, u.name, t.decided_at FROM final_tie_breaks t JOIN users u ON u.id = t.decided_by
		WHERE t.room_id = ? ORDER BY t.id`, []any{r.ID}, func(scan func(...any) error) error {
		var t haizhi.TieBreak
		var ids string
		if err := scan(&ids, &t.Reason, &t.DecidedBy, &t.DecidedAt); err != nil {
			return err
		}
		t.DecidedAt = t.DecidedAt.UTC()
		r.TieBreaks = append(r.TieBreaks, t)
		return jsonDecode(ids, &r.TieBreaks[len(r.TieBreaks)-1].EntryIDs)
	})
	if err != nil {
		return fmt.Errorf("room tie-breaks: %w", err)
	}
	return nil
}

// managedRoom loads a room of an edition the actor manages, with the edition.
func managedRoom(tx *Tx, id int64) (*haizhi.FinalRoom, *haizhi.Edition, error) {
	r, err := loadRoom(tx, id)
	if err != nil {
		return nil, nil, err
	}
	ed, err := managedEditionParts(tx, r.EditionID)
	if err != nil {
		return nil, nil, haizhi.NotFound("room")
	}
	return r, ed, nil
}

// seatedRoom loads a room the actor manages or sits in as a judge; judge reports
// whether the actor is there as a judge only.
func seatedRoom(tx *Tx, id int64) (r *haizhi.FinalRoom, judge bool, err error) {
	if r, err = loadRoom(tx, id); err != nil {
		return nil, false, err
	}
	a := tx.Actor()
	if _, err := managedEdition(tx, r.EditionID); err == nil {
		return r, false, nil
	}
	for _, j := range r.Judges {
		if a != nil && a.UserID != 0 && j.UserID == a.UserID {
			return r, true, nil
		}
	}
	return nil, false, haizhi.NotFound("room")
}

func errRoomSigned() error {
	return haizhi.Errorf(haizhi.EINVALID, "error.room_signed", "The chief judge has signed this room's score sheet.")
}

// SaveRoom creates or changes a room; see haizhi.LiveService.
func (s *LiveService) SaveRoom(ctx context.Context, r *haizhi.FinalRoom) error {
	if err := r.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if r.ID != 0 {
		cur, _, err := managedRoom(tx, r.ID)
		if err != nil {
			return err
		}
		if cur.DrawnAt != nil {
			return errRoomDrawn()
		}
		r.EditionID = cur.EditionID
	}
	ed, err := managedEditionParts(tx, r.EditionID)
	if err != nil {
		return err
	}
	if _, err := roundOf(ed, haizhi.RoundFinal); err != nil {
		return haizhi.Errorf(haizhi.EINVALID, "error.no_final_round", "The edition has no final round.")
	}
	if err := checkTracks(ed, r.Tracks); err != nil {
		return err
	}
	pool := map[int64]bool{}
	err = eachRow(tx, `SELECT user_id FROM edition_judges WHERE edition_id = ?`, []any{ed.ID}, func(scan func(...any) error) error {
		var id int64
		err := scan(&id)
		pool[id] = true
		return err
	})
	if err != nil {
		return fmt.Errorf("load pool: %w", err)
	}
	var taken int
	for _, j := range r.Judges {
		if !pool[j.UserID] {
			return haizhi.Invalid(map[string]string{"judges": "error.room_judge_not_in_pool"})
		}
		if err := tx.QueryRow(`SELECT COUNT(*) FROM final_room_judges WHERE edition_id = ? AND judge_user_id = ? AND room_id <> ?`,
			ed.ID, j.UserID, r.ID).Scan(&taken); err != nil {
			return fmt.Errorf("check judge: %w", err)
		}
		if taken > 0 {
			return haizhi.Invalid(map[string]string{"judges": "error.room_judge_elsewhere"})
		}
	}
	if err := tx.QueryRow(`SELECT COUNT(*) FROM final_rooms WHERE edition_id = ? AND name = ? AND id <> ?`, ed.ID, r.Name, r.ID).Scan(&taken); err != nil {
		return fmt.Errorf("check name: %w", err)
	} else if taken > 0 {
		return haizhi.Invalid(map[string]string{"name": "error.room_name_taken"})
	}
	action := "room.update"
	if r.ID == 0 {
		action = "room.create"
		if r.ID, err = tx.InsertID(`INSERT INTO final_rooms (edition_id, name, tracks, capacity, pitch_minutes, qa_minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			ed.ID, r.Name, jsonText(r.Tracks), r.Capacity, r.PitchMinutes, r.QAMinutes, tx.now); err != nil {
			return fmt.Errorf("create room: %w", err)
		}
	} else if _, err := tx.Exec(`UPDATE final_rooms SET name = ?, tracks = ?, capacity = ?, pitch_minutes = ?, qa_minutes = ?, version = version + 1 WHERE id = ?`,
		r.Name, jsonText(r.Tracks), r.Capacity, r.PitchMinutes, r.QAMinutes, r.ID); err != nil {
		return fmt.Errorf("update room: %w", err)
	}
	if _, err := tx.Exec(`DELETE FROM final_room_judges WHERE room_id = ?`, r.ID); err != nil {
		return fmt.Errorf("clear room judges: %w", err)
	}
	for i, j := range r.Judges {
		if _, err := tx.Exec(`INSERT INTO final_room_judges (room_id, edition_id, judge_user_id, seat, chief) VALUES (?, ?, ?, ?, ?)`,
			r.ID, ed.ID, j.UserID, i+1, j.Chief); err != nil {
			return fmt.Errorf("seat judge: %w", err)
		}
	}
	tx.Audit(action, "final_room", r.ID, ed.UnitPath, map[string]any{"name": r.Name, "tracks": r.Tracks, "capacity": r.Capacity, "judges": r.Judges,
		"pitch_minutes": r.PitchMinutes, "qa_minutes": r.QAMinutes})
	saved, err := loadRoom(tx, r.ID)
	if err != nil {
		return err
	}
	*r = *saved
	return tx.Commit()
}

// DeleteRoom removes a room before its draw; see haizhi.LiveService.
func (s *LiveService) DeleteRoom(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r, ed, err := managedRoom(tx, id)
	if err != nil {
		return err
	}
	if r.DrawnAt != nil {
		return errRoomDrawn()
	}
	for _, q := range []string{`DELETE FROM final_room_judges WHERE room_id = ?`, `DELETE FROM final_rooms WHERE id = ?`} {
		if _, err := tx.Exec(q, id); err != nil {
			return fmt.Errorf("delete room: %w", err)
		}
	}
	tx.Audit("room.delete", "final_room", id, ed.UnitPath, map[string]any{"name": r.Name})
	return tx.Commit()
}

func errRoomDrawn() error {
	return haizhi.Errorf(haizhi.EINVALID, "error.room_drawn", "The running order is drawn; the room can no longer change.")
}

// FindRooms lists an edition's rooms; see haizhi.LiveService.
func (s *LiveService) FindRooms(ctx context.Context, editionID int64) ([]*haizhi.FinalRoom, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := managedEdition(tx, editionID); err != nil {
		return nil, err
	}
	return findRooms(tx, ` WHERE r.edition_id = ? ORDER BY r.id`, editionID)
}

// findRooms loads the rooms matching where (with its args), with their parts.
func findRooms(tx *Tx, where string, args ...any) ([]*haizhi.FinalRoom, error) {
	var out []*haizhi.FinalRoom
	err := eachRow(tx, `SELECT `+roomColumns+roomFrom+where, args, func(scan func(...any) error) error {
		r, err := scanRoom(rowScanner(scan))
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find rooms: %w", err)
	}
	for _, r := range out {
		if err := loadRoomParts(tx, r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// JudgeRooms lists the judge's rooms; see haizhi.LiveService.
func (s *LiveService) JudgeRooms(ctx context.Context) ([]*haizhi.FinalRoom, error) {
	a := haizhi.ActorFromContext(ctx)
	if a == nil || a.UserID == 0 {
		return nil, haizhi.ErrUnauthorized
	}
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findRooms(tx, ` WHERE r.id IN (SELECT room_id FROM final_room_judges WHERE judge_user_id = ?) ORDER BY r.id DESC`, a.UserID)
}

// FindRoom returns a room to its operators and judges; see haizhi.LiveService.
func (s *LiveService) FindRoom(ctx context.Context, id int64) (*haizhi.FinalRoom, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, _, err := seatedRoom(tx, id)
	return r, err
}
