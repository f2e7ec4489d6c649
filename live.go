package haizhi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FinalRoom is one room of an edition's live final (路演决赛): its judges, the finalists of
// its tracks in a running order drawn by lot (the seed kept, so anyone can redo the
// draw), the stage with the presenter's timer, the recorded tie-breaks and, at the end,
// the chief judge's signature on the score sheet.
type FinalRoom struct {
	ID           int64       `json:"id"`
	EditionID    int64       `json:"edition_id"`
	Name         string      `json:"name"`
	Tracks       []string    `json:"tracks"`   // track codes presenting here; empty: every finalist in no other room
	Capacity     int         `json:"capacity"` // most entries the draw puts here, chosen by the same lot; 0: no limit
	PitchMinutes int         `json:"pitch_minutes"`
	QAMinutes    int         `json:"qa_minutes"`
	Judges       []RoomJudge `json:"judges"`
	Order        []RoomSlot  `json:"order"` // the running order, by position
	// The draw: nil until the order is drawn.
	DrawSeed *int64     `json:"draw_seed,omitempty"`
	DrawnAt  *time.Time `json:"drawn_at,omitempty"`
	// The stage: the position presenting (0 before the first) and what is happening.
	Current        int        `json:"current"`
	Phase          LivePhase  `json:"phase"`
	PhaseStartedAt *time.Time `json:"phase_started_at,omitempty"`
	TieBreaks      []TieBreak `json:"tie_breaks"`
	// The sign-off: when the chief judge signed, and the digest of the scores signed.
	SignedAt     *time.Time `json:"signed_at,omitempty"`
	SignedBy     int64      `json:"signed_by,omitempty"`
	SignedByName string     `json:"signed_by_name,omitempty"`
	Digest       string     `json:"digest,omitempty"`
	Version      int        `json:"version"`
	CreatedAt    time.Time  `json:"created_at"`
}

// RoomJudge is a judge sitting in a room; one of them is the chief judge.
type RoomJudge struct {
	UserID      int64  `json:"user_id"`
	Name        string `json:"name"`
	Institution string `json:"institution"`
	Chief       bool   `json:"chief"`
}

// RoomSlot is one place in a room's running order.
type RoomSlot struct {
	Position int    `json:"position"`
	EntryID  int64  `json:"entry_id"`
	TitleZH  string `json:"title_zh"`
	TitleEN  string `json:"title_en"`
	Track    string `json:"track"`
	Country  string `json:"country"`
}

// Title is the slot's project title in the locale, falling back to the other language.
func (s RoomSlot) Title(locale string) string {
	return (&Project{TitleZH: s.TitleZH, TitleEN: s.TitleEN}).Title(locale)
}

// LivePhase is what is happening on a room's stage.
type LivePhase string

// Live phases, in the order a presentation goes through them.
const (
	PhaseIdle    LivePhase = "idle"    // nobody presenting: before the first, or between two
	PhasePitch   LivePhase = "pitch"   // the team presents; the timer counts the pitch minutes
	PhaseQA      LivePhase = "qa"      // the judges ask; the timer counts the Q&A minutes
	PhaseScoring LivePhase = "scoring" // the timer stopped; judges finish scoring
)

// LivePhases lists the phases.
func LivePhases() []LivePhase { return []LivePhase{PhaseIdle, PhasePitch, PhaseQA, PhaseScoring} }

// Valid reports whether p is a known phase.
func (p LivePhase) Valid() bool { return slices.Contains(LivePhases(), p) }

// Minutes is how long the phase lasts in the room; 0 for phases without a timer.
func (p LivePhase) Minutes(r *FinalRoom) int {
	switch p {
	case PhasePitch:
		return r.PitchMinutes
	case PhaseQA:
		return r.QAMinutes
	}
	return 0
}

// Started reports whether the first presentation has begun (the order can no longer be
// redrawn).
func (r *FinalRoom) Started() bool { return r.Current > 0 }

// Chief returns the chief judge's user id, or 0.
func (r *FinalRoom) Chief() int64 {
	for _, j := range r.Judges {
		if j.Chief {
			return j.UserID
		}
	}
	return 0
}

// Validate normalises the room's set-up and reports problems by field: a name, the
// minutes of the pitch (1–60) and Q&A (0–60), three to fifteen distinct judges with
// exactly one chief.
func (r *FinalRoom) Validate() error {
	errs := map[string]string{}
	r.Name = strings.TrimSpace(r.Name)
	checkText(errs, "name", r.Name, 100, true)
	r.Tracks = cleanList(r.Tracks, 20)
	if r.PitchMinutes < 1 || r.PitchMinutes > 60 {
		errs["pitch_minutes"] = "error.minutes_range"
	}
	if r.QAMinutes < 0 || r.QAMinutes > 60 {
		errs["qa_minutes"] = "error.minutes_range"
	}
	if r.Capacity < 0 || r.Capacity > 500 {
		errs["capacity"] = "error.room_capacity"
	}
	seen := map[int64]bool{}
	chiefs := 0
	for _, j := range r.Judges {
		if j.UserID <= 0 || seen[j.UserID] {
			errs["judges"] = "error.room_judges"
		}
		seen[j.UserID] = true
		if j.Chief {
			chiefs++
		}
	}
	switch {
	case len(r.Judges) < 3 || len(r.Judges) > 15:
		errs["judges"] = "error.room_judges"
	case chiefs != 1:
		errs["chief"] = "error.room_chief"
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	return nil
}

// TieBreak records how entries with the same final score were ordered and why (for
// example by the chief judge's casting vote, or by the higher innovation score).
type TieBreak struct {
	EntryIDs  []int64   `json:"entry_ids"` // best first
	Reason    string    `json:"reason"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

// Scoreboard is a room's live figures, what the big screen and the presenter view show
// and what the chief judge signs: every entry of the running order with each judge's
// submitted total, the dropped highest and lowest, and the trimmed mean to two decimals.
type Scoreboard struct {
	Room    *FinalRoom `json:"room"`
	Rows    []BoardRow `json:"rows"`
	Ties    [][]int64  `json:"ties"`    // groups of complete entries with equal scores and no tie-break yet
	Ready   bool       `json:"ready"`   // every entry complete and no tie open: the chief judge can sign
	Version string     `json:"version"` // changes whenever anything shown changes
	Now     time.Time  `json:"now"`     // the server's clock, so screens can run the timer
}

// BoardRow is one entry's line on the scoreboard.
type BoardRow struct {
	RoomSlot
	Scores    []BoardScore `json:"scores"` // one per room judge, in the room's judge order
	Submitted int          `json:"submitted"`
	Expected  int          `json:"expected"` // the room's judges less those abstaining
	Score     *float64     `json:"score"`    // trimmed mean to two decimals, once a score is in
	Complete  bool         `json:"complete"` // every expected score submitted
	Rank      int          `json:"rank"`     // among complete rows, tie-breaks applied; 0 otherwise
	Tied      bool         `json:"tied"`     // shares its score with another complete row
}

// BoardScore is one judge's mark for one entry on the scoreboard.
type BoardScore struct {
	JudgeUserID int64    `json:"judge_user_id"`
	State       string   `json:"state"` // "waiting", "submitted" or "abstained" (conflict: the score is excluded)
	Value       *float64 `json:"value,omitempty"`
	Dropped     bool     `json:"dropped,omitempty"` // the highest or lowest, not counted
}

// Board score states.
const (
	ScoreWaiting   = "waiting"
	ScoreSubmitted = "submitted"
	ScoreAbstained = "abstained"
)

// JudgeRoomView is a room seen by one of its judges on their phone: the stage, and for
// each entry whether they scored it or must abstain. It never holds other judges' scores.
type JudgeRoomView struct {
	Room  *FinalRoom     `json:"room"`
	Slots []JudgeRoomRow `json:"slots"`
	Chief bool           `json:"chief"`
	Ready bool           `json:"ready"` // the chief judge can sign
	// Board is the whole scoreboard, for the chief judge only and only once every score
	// is in (Ready) or signed: what they sign.
	Board *Scoreboard `json:"board,omitempty"`
}

// JudgeRoomRow is one entry of the running order for a judge.
type JudgeRoomRow struct {
	RoomSlot
	Abstain   bool     `json:"abstain"` // in conflict: the judge abstains and their score is excluded
	Submitted bool     `json:"submitted"`
	Total     *float64 `json:"total,omitempty"` // the judge's own total
}

// LiveService runs live finals. Operators (PermCompetitionManage on the competition's
// unit) set up rooms, draw the order, run the stage, watch the scoreboard and record
// tie-breaks; the room's judges score through ScoringService (the draw publishes the
// final round's assignments to them) and see only their own scores; the chief judge
// signs the score sheet.
type LiveService interface {
	// SaveRoom creates a room (ID 0) or changes one whose order is not drawn yet; its
	// judges must be in the edition's pool and sit in no other room of the edition.
	SaveRoom(ctx context.Context, r *FinalRoom) error
	// DeleteRoom removes a room whose order is not drawn yet (operators).
	DeleteRoom(ctx context.Context, id int64) error
	// FindRooms lists an edition's rooms with their judges and order (operators).
	FindRooms(ctx context.Context, editionID int64) ([]*FinalRoom, error)
	// JudgeRooms lists the rooms the signed-in judge sits in, newest first.
	JudgeRooms(ctx context.Context) ([]*FinalRoom, error)
	// FindRoom returns a room to operators and to the room's judges.
	FindRoom(ctx context.Context, id int64) (*FinalRoom, error)
	// DrawOrder draws the running order by lot from seed (nil: a random seed), recording
	// the seed; the room gets the final round's pending entries of its tracks not in
	// another room (with a capacity, the first that many of the draw). It publishes the final round's assignments of the room's judges to
	// its entries. Refused once the first presentation has begun, and when the final
	// round has no rubric.
	DrawOrder(ctx context.Context, roomID int64, seed *int64) (*FinalRoom, error)
	// SetStage puts a position on stage in a phase, starting its timer (operators);
	// refused after the sign-off.
	SetStage(ctx context.Context, roomID int64, position int, phase LivePhase) (*FinalRoom, error)
	// Scoreboard computes the room's figures (operators).
	Scoreboard(ctx context.Context, roomID int64) (*Scoreboard, error)
	// BoardVersion is a cheap token that changes whenever the room's scoreboard would;
	// servers poll it to push updates. It checks no permission: it reveals nothing.
	BoardVersion(ctx context.Context, roomID int64) (string, error)
	// JudgeView returns the room to one of its judges.
	JudgeView(ctx context.Context, roomID int64) (*JudgeRoomView, error)
	// BreakTie records the order of entries whose complete scores are equal, best first,
	// with the reason (operators); refused when the entries are not exactly one tied group.
	BreakTie(ctx context.Context, roomID int64, entryIDs []int64, reason string) (*FinalRoom, error)
	// SignOff is the chief judge's signature on the room's score sheet: every entry
	// complete, every tie broken. It records the digest of the scores signed; after it
	// no score of the room can change.
	SignOff(ctx context.Context, roomID int64) (*FinalRoom, error)
}

// Digest is the SHA-256 of what the chief judge signs: every row's entry, each
// judge's state and value, the score and the rank, in order. The printed and exported
// score sheets show it, so a sheet can be checked against the record.
func (b *Scoreboard) Digest() string {
	var sb strings.Builder
	for _, row := range b.Rows {
		fmt.Fprintf(&sb, "%d|%d", row.Position, row.EntryID)
		for _, s := range row.Scores {
			v := ""
			if s.Value != nil {
				v = strconv.FormatFloat(*s.Value, 'f', -1, 64)
			}
			fmt.Fprintf(&sb, "|%d:%s:%s:%t", s.JudgeUserID, s.State, v, s.Dropped)
		}
		score := ""
		if row.Score != nil {
			score = strconv.FormatFloat(*row.Score, 'f', 2, 64)
		}
		fmt.Fprintf(&sb, "|%s|%d\n", score, row.Rank)
	}
	h := sha256.Sum256([]byte(sb.String()))
	return hex.EncodeToString(h[:])
}
