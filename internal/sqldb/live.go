package sqldb

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

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

// drawSeed returns a fresh seed for a draw that was given none.
func drawSeed() int64 {
	var b [8]byte
	_, _ = crand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:]) >> 1)
}

// DrawOrderFrom is the draw: the entries sorted by id, shuffled by Fisher–Yates with a
// PCG generator seeded by (seed, seed XOR 0x9e3779b97f4a7c15). Anyone holding the seed
// and the list can redo it.
func DrawOrderFrom(entryIDs []int64, seed int64) []int64 {
	out := slices.Clone(entryIDs)
	slices.Sort(out)
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// DrawOrder draws a room's running order; see haizhi.LiveService.
func (s *LiveService) DrawOrder(ctx context.Context, roomID int64, seed *int64) (*haizhi.FinalRoom, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, ed, err := managedRoom(tx, roomID)
	if err != nil {
		return nil, err
	}
	if r.SignedAt != nil {
		return nil, errRoomSigned()
	}
	if r.Started() {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.room_started", "The first presentation has begun; the order can no longer be drawn.")
	}
	if _, err := loadRubric(tx, ed.ID, haizhi.RoundFinal); haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.final_rubric_missing", "Set the final round's rubric before the draw.")
	} else if err != nil {
		return nil, err
	}
	// The finalists of the room's tracks that no other room has drawn.
	var ids []int64
	err = eachRow(tx, `SELECT e.id, COALESCE(tr.code, '') FROM entries e LEFT JOIN edition_tracks tr ON tr.id = e.track_id
		WHERE e.edition_id = ? AND e.status = ? AND e.round = ? AND e.outcome = ?
		AND NOT EXISTS (SELECT 1 FROM final_slots f WHERE f.entry_id = e.id AND f.room_id <> ?) ORDER BY e.id`,
		[]any{ed.ID, string(haizhi.EntrySubmitted), string(haizhi.RoundFinal), string(haizhi.OutcomePending), r.ID},
		func(scan func(...any) error) error {
			var id int64
			var track string
			if err := scan(&id, &track); err != nil {
				return err
			}
			if len(r.Tracks) == 0 || slices.Contains(r.Tracks, track) {
				ids = append(ids, id)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("find finalists: %w", err)
	}
	if len(ids) == 0 {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.room_no_entries", "No finalist of the room's tracks is waiting for a room.")
	}
	if seed == nil {
		v := drawSeed()
		seed = &v
	}
	order := DrawOrderFrom(ids, *seed)
	if r.Capacity > 0 && len(order) > r.Capacity {
		order = order[:r.Capacity]
	}
	// A redraw before the start: entries no longer here lose this room's unscored final
	// assignments.
	for _, old := range r.Order {
		if !slices.Contains(order, old.EntryID) {
			if _, err := tx.Exec(`DELETE FROM assignments WHERE round = ? AND entry_id = ? AND judge_user_id IN
				(SELECT judge_user_id FROM final_room_judges WHERE room_id = ?)
				AND NOT EXISTS (SELECT 1 FROM score_sheets s WHERE s.assignment_id = assignments.id)`, string(haizhi.RoundFinal), old.EntryID, r.ID); err != nil {
				return nil, fmt.Errorf("drop assignment: %w", err)
			}
		}
	}
	if _, err := tx.Exec(`DELETE FROM final_slots WHERE room_id = ?`, r.ID); err != nil {
		return nil, fmt.Errorf("clear order: %w", err)
	}
	for i, id := range order {
		if _, err := tx.Exec(`INSERT INTO final_slots (room_id, position, entry_id) VALUES (?, ?, ?)`, r.ID, i+1, id); err != nil {
			return nil, fmt.Errorf("save order: %w", err)
		}
		for _, j := range r.Judges {
			if _, err := tx.Exec(`INSERT INTO assignments (edition_id, round, entry_id, judge_user_id, manual, published, created_at)
				VALUES (?, ?, ?, ?, TRUE, TRUE, ?) ON CONFLICT (round, entry_id, judge_user_id) DO UPDATE SET published = TRUE`,
				ed.ID, string(haizhi.RoundFinal), id, j.UserID, tx.now); err != nil {
				return nil, fmt.Errorf("assign room judge: %w", err)
			}
		}
	}
	if _, err := tx.Exec(`UPDATE final_rooms SET draw_seed = ?, drawn_at = ?, on_stage = 0, phase = ?, phase_started_at = NULL,
		version = version + 1 WHERE id = ?`, *seed, tx.now, string(haizhi.PhaseIdle), r.ID); err != nil {
		return nil, fmt.Errorf("record draw: %w", err)
	}
	tx.Audit("room.draw", "final_room", r.ID, ed.UnitPath, map[string]any{"seed": *seed, "order": order, "redraw": r.DrawnAt != nil})
	out, err := loadRoom(tx, r.ID)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// SetStage moves a room's stage; see haizhi.LiveService.
func (s *LiveService) SetStage(ctx context.Context, roomID int64, position int, phase haizhi.LivePhase) (*haizhi.FinalRoom, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, ed, err := managedRoom(tx, roomID)
	if err != nil {
		return nil, err
	}
	switch {
	case r.SignedAt != nil:
		return nil, errRoomSigned()
	case r.DrawnAt == nil:
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.room_not_drawn", "Draw the running order first.")
	case !phase.Valid():
		return nil, haizhi.Invalid(map[string]string{"phase": "error.choose_one"})
	case position < 0 || position > len(r.Order) || (position == 0 && phase != haizhi.PhaseIdle):
		return nil, haizhi.Invalid(map[string]string{"position": "error.choose_one"})
	}
	if _, err := tx.Exec(`UPDATE final_rooms SET on_stage = ?, phase = ?, phase_started_at = ?, version = version + 1 WHERE id = ?`,
		position, string(phase), tx.now, r.ID); err != nil {
		return nil, fmt.Errorf("set stage: %w", err)
	}
	tx.Audit("room.stage", "final_room", r.ID, ed.UnitPath, map[string]any{"position": position, "phase": phase})
	out, err := loadRoom(tx, r.ID)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// BreakTie records a tie-break; see haizhi.LiveService.
func (s *LiveService) BreakTie(ctx context.Context, roomID int64, entryIDs []int64, reason string) (*haizhi.FinalRoom, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 1000 {
		return nil, haizhi.Invalid(map[string]string{"reason": "error.tie_reason"})
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, ed, err := managedRoom(tx, roomID)
	if err != nil {
		return nil, err
	}
	if r.SignedAt != nil {
		return nil, errRoomSigned()
	}
	board, err := roomBoard(tx, r)
	if err != nil {
		return nil, err
	}
	match := false
	for _, g := range board.Ties {
		match = match || sameSet(g, entryIDs)
	}
	if !match {
		return nil, haizhi.Invalid(map[string]string{"entries": "error.tie_group"})
	}
	a := tx.Actor()
	if _, err := tx.Exec(`INSERT INTO final_tie_breaks (room_id, entry_ids, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)`,
		r.ID, jsonText(entryIDs), reason, a.UserID, tx.now); err != nil {
		return nil, fmt.Errorf("record tie-break: %w", err)
	}
	if _, err := tx.Exec(`UPDATE final_rooms SET version = version + 1 WHERE id = ?`, r.ID); err != nil {
		return nil, fmt.Errorf("bump room: %w", err)
	}
	tx.Audit("room.tie_break", "final_room", r.ID, ed.UnitPath, map[string]any{"entries": entryIDs, "reason": reason})
	out, err := loadRoom(tx, r.ID)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func sameSet(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// SignOff is the chief judge's signature; see haizhi.LiveService.
func (s *LiveService) SignOff(ctx context.Context, roomID int64) (*haizhi.FinalRoom, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, judge, err := seatedRoom(tx, roomID)
	if err != nil {
		return nil, err
	}
	a := tx.Actor()
	if !judge || r.Chief() != a.UserID {
		return nil, haizhi.Errorf(haizhi.EFORBIDDEN, "error.not_chief", "Only the room's chief judge signs its score sheet.")
	}
	if r.SignedAt != nil {
		return r, nil // signed already: a double click
	}
	board, err := roomBoard(tx, r)
	if err != nil {
		return nil, err
	}
	if !board.Ready {
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.room_not_ready", "Every entry needs all its scores and every tie a decision before the sign-off.")
	}
	digest := board.Digest()
	if _, err := tx.Exec(`UPDATE final_rooms SET signed_at = ?, signed_by = ?, digest = ?, on_stage = 0, phase = ?, phase_started_at = NULL,
		version = version + 1 WHERE id = ?`, tx.now, a.UserID, digest, string(haizhi.PhaseIdle), r.ID); err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	ed, err := entryEdition(tx, r.EditionID)
	if err != nil {
		return nil, err
	}
	tx.Audit("room.sign", "final_room", r.ID, ed.UnitPath, map[string]any{"digest": digest})
	out, err := loadRoom(tx, r.ID)
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// roomSignedFor reports whether an entry presents in a room whose score sheet is signed:
// its final scores can no longer change.
func roomSignedFor(tx *Tx, entryID int64) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT COUNT(*) FROM final_slots f JOIN final_rooms r ON r.id = f.room_id WHERE f.entry_id = ? AND r.signed_at IS NOT NULL`,
		entryID).Scan(&n)
	return n > 0, err
}

// finalScoringOpen checks that a final entry may be scored now: an entry drawn into a
// room is scored once it has been on stage, and never after the room's sign-off. An
// entry in no room (a final judged without the live tools) is not restricted.
func finalScoringOpen(tx *Tx, entryID int64) error {
	var position, onStage int
	var signed sql.NullTime
	err := tx.QueryRow(`SELECT f.position, r.on_stage, r.signed_at FROM final_slots f JOIN final_rooms r ON r.id = f.room_id WHERE f.entry_id = ?`,
		entryID).Scan(&position, &onStage, &signed)
	switch {
	case errNoRows(err):
		return nil
	case err != nil:
		return fmt.Errorf("check stage: %w", err)
	case signed.Valid:
		return errRoomSigned()
	case position > onStage:
		return haizhi.Errorf(haizhi.EINVALID, "error.not_presented", "This project has not presented yet; score it after its pitch.")
	}
	return nil
}
