package sqldb

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// The running of a final room: the draw, the stage, tie-breaks and the sign-off, and the
// checks that keep scores in step with the stage.

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
