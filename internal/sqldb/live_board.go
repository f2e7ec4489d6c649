package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/calibrate"
)

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// pair keys a (entry, judge) pair.
type pair = [2]int64

// roomMarks loads what a room's board is made of: the submitted totals of the final
// round's sheets of its entries, and the unlifted conflicts of its entries.
func roomMarks(tx *Tx, r *haizhi.FinalRoom) (totals map[pair]float64, conflicted map[pair]bool, err error) {
	totals, conflicted = map[pair]float64{}, map[pair]bool{}
	err = eachRow(tx, `SELECT s.entry_id, s.judge_user_id, s.total FROM score_sheets s JOIN final_slots f ON f.entry_id = s.entry_id
		WHERE f.room_id = ? AND s.round = ? AND s.submitted_at IS NOT NULL AND s.total IS NOT NULL`, []any{r.ID, string(haizhi.RoundFinal)},
		func(scan func(...any) error) error {
			var p pair
			var v float64
			err := scan(&p[0], &p[1], &v)
			totals[p] = v
			return err
		})
	if err != nil {
		return nil, nil, fmt.Errorf("room sheets: %w", err)
	}
	err = eachRow(tx, `SELECT c.entry_id, c.judge_user_id FROM conflicts c JOIN final_slots f ON f.entry_id = c.entry_id
		WHERE f.room_id = ? AND c.lifted = FALSE`, []any{r.ID}, func(scan func(...any) error) error {
		var p pair
		err := scan(&p[0], &p[1])
		conflicted[p] = true
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("room conflicts: %w", err)
	}
	return totals, conflicted, nil
}

// roomBoard computes a room's scoreboard.
func roomBoard(tx *Tx, r *haizhi.FinalRoom) (*haizhi.Scoreboard, error) {
	totals, conflicted, err := roomMarks(tx, r)
	if err != nil {
		return nil, err
	}
	b := TallyBoard(r, totals, conflicted)
	b.Now = tx.now
	return b, nil
}

// TallyBoard computes a room's scoreboard from the judges' submitted totals and the
// conflicted pairs (keyed entry id, judge user id). A conflicted judge abstains: their
// score, even if submitted before the conflict was known, is excluded. Each row's score
// is calibrate.FinalTally of its counted scores; complete rows are ranked by score,
// highest first, with equal scores sharing a rank unless a tie-break orders them. It is
// pure.
func TallyBoard(r *haizhi.FinalRoom, totals map[[2]int64]float64, conflicted map[[2]int64]bool) *haizhi.Scoreboard {
	b := &haizhi.Scoreboard{Room: r, Rows: make([]haizhi.BoardRow, 0, len(r.Order)), Ties: [][]int64{}}
	for _, slot := range r.Order {
		row := haizhi.BoardRow{RoomSlot: slot, Scores: make([]haizhi.BoardScore, len(r.Judges))}
		var vals []float64
		var at []int // index into row.Scores of each counted value
		for i, j := range r.Judges {
			p := [2]int64{slot.EntryID, j.UserID}
			bs := haizhi.BoardScore{JudgeUserID: j.UserID, State: haizhi.ScoreWaiting}
			switch v, ok := totals[p]; {
			case conflicted[p]:
				bs.State = haizhi.ScoreAbstained
			case ok:
				bs.State, bs.Value = haizhi.ScoreSubmitted, &v
				vals, at = append(vals, v), append(at, i)
			}
			if bs.State != haizhi.ScoreAbstained {
				row.Expected++
			}
			row.Scores[i] = bs
		}
		row.Submitted = len(vals)
		if len(vals) > 0 {
			score, dropped := calibrate.FinalTally(vals)
			row.Score = &score
			for _, d := range dropped {
				row.Scores[at[d]].Dropped = true
			}
		}
		row.Complete = row.Expected > 0 && row.Submitted == row.Expected
		b.Rows = append(b.Rows, row)
	}
	rankBoard(b)
	b.Ready = len(b.Rows) > 0 && len(b.Ties) == 0 && r.DrawnAt != nil
	for _, row := range b.Rows {
		b.Ready = b.Ready && row.Complete
	}
	b.Version = boardVersion(r.Version, len(totals), 0, "")
	return b
}

// rankBoard ranks the complete rows: by score, then by a recorded tie-break; groups of
// equal scores without one share a rank and are listed in Ties.
func rankBoard(b *haizhi.Scoreboard) {
	var done []*haizhi.BoardRow
	for i := range b.Rows {
		if b.Rows[i].Complete {
			done = append(done, &b.Rows[i])
		}
	}
	// Order within a broken tie: the position in the latest tie-break naming the entry.
	breakAt := map[int64]int{}
	for _, t := range b.Room.TieBreaks {
		for i, id := range t.EntryIDs {
			breakAt[id] = i
		}
	}
	slices.SortStableFunc(done, func(x, y *haizhi.BoardRow) int {
		if *x.Score != *y.Score {
			if *x.Score > *y.Score {
				return -1
			}
			return 1
		}
		return breakAt[x.EntryID] - breakAt[y.EntryID]
	})
	for i := 0; i < len(done); {
		j := i
		for j < len(done) && *done[j].Score == *done[i].Score {
			j++
		}
		group := make([]int64, 0, j-i)
		for _, row := range done[i:j] {
			group = append(group, row.EntryID)
		}
		broken := j-i == 1
		for _, t := range b.Room.TieBreaks {
			broken = broken || sameSet(t.EntryIDs, group)
		}
		for k, row := range done[i:j] {
			row.Rank = i + 1
			if broken {
				row.Rank = i + 1 + k
			}
			row.Tied = j-i > 1
		}
		if !broken {
			b.Ties = append(b.Ties, group)
		}
		i = j
	}
}

func boardVersion(roomVersion, sheets, conflicts int, latest string) string {
	return fmt.Sprintf("%d.%d.%d.%s", roomVersion, sheets, conflicts, latest)
}

// BoardVersion returns the room's change token; see haizhi.LiveService.
func (s *LiveService) BoardVersion(ctx context.Context, roomID int64) (string, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var version, sheets, conflicts int
	var latest any
	err = tx.QueryRow(`SELECT r.version,
		(SELECT COUNT(*) FROM score_sheets s JOIN final_slots f ON f.entry_id = s.entry_id WHERE f.room_id = r.id AND s.round = ? AND s.submitted_at IS NOT NULL),
		(SELECT MAX(s.updated_at) FROM score_sheets s JOIN final_slots f ON f.entry_id = s.entry_id WHERE f.room_id = r.id AND s.round = ?),
		(SELECT COUNT(*) FROM conflicts c JOIN final_slots f ON f.entry_id = c.entry_id WHERE f.room_id = r.id AND c.lifted = FALSE)
		FROM final_rooms r WHERE r.id = ?`, string(haizhi.RoundFinal), string(haizhi.RoundFinal), roomID).Scan(&version, &sheets, &latest, &conflicts)
	if errNoRows(err) {
		return "", haizhi.NotFound("room")
	} else if err != nil {
		return "", fmt.Errorf("room version: %w", err)
	}
	l := ""
	switch t := latest.(type) {
	case time.Time:
		l = strconv.FormatInt(t.UnixNano(), 36)
	case nil:
	default:
		l = fmt.Sprint(t)
	}
	return boardVersion(version, sheets, conflicts, l), nil
}

// Scoreboard computes a room's figures for its operators; see haizhi.LiveService.
func (s *LiveService) Scoreboard(ctx context.Context, roomID int64) (*haizhi.Scoreboard, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, _, err := managedRoom(tx, roomID)
	if err != nil {
		return nil, err
	}
	return roomBoard(tx, r)
}

// JudgeView shows a room to one of its judges; see haizhi.LiveService.
func (s *LiveService) JudgeView(ctx context.Context, roomID int64) (*haizhi.JudgeRoomView, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, judge, err := seatedRoom(tx, roomID)
	if err != nil {
		return nil, err
	}
	if !judge {
		return nil, haizhi.NotFound("room")
	}
	me := tx.Actor().UserID
	board, err := roomBoard(tx, r)
	if err != nil {
		return nil, err
	}
	v := &haizhi.JudgeRoomView{Room: r, Chief: r.Chief() == me, Ready: board.Ready}
	if v.Chief && (board.Ready || r.SignedAt != nil) {
		v.Board = board
	}
	seat := slices.IndexFunc(r.Judges, func(j haizhi.RoomJudge) bool { return j.UserID == me })
	for _, row := range board.Rows {
		mine := row.Scores[seat]
		v.Slots = append(v.Slots, haizhi.JudgeRoomRow{RoomSlot: row.RoomSlot, Abstain: mine.State == haizhi.ScoreAbstained,
			Submitted: mine.State == haizhi.ScoreSubmitted, Total: mine.Value})
	}
	return v, nil
}
