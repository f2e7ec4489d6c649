package haizhi

import (
	"context"
	"slices"
	"time"
)

// Assignment gives an entry to a judge to score in a round. A proposed assignment is a
// draft only operators see; publishing it tells the judges.
type Assignment struct {
	ID          int64     `json:"id"`
	EditionID   int64     `json:"edition_id"`
	Round       RoundKind `json:"round"`
	EntryID     int64     `json:"entry_id"`
	JudgeUserID int64     `json:"judge_user_id"`
	Affinity    float64   `json:"affinity"`
	Manual      bool      `json:"manual"` // set by hand, not by the solver
	Published   bool      `json:"published"`
	CreatedAt   time.Time `json:"created_at"`
	// For lists.
	JudgeName  string `json:"judge_name,omitempty"`
	EntryTitle string `json:"entry_title,omitempty"`
	Track      string `json:"track,omitempty"`
}

// AssignmentPlan is the outcome of proposing an assignment: optimal, with its total
// affinity, or infeasible, with the reasons in an operator's words.
type AssignmentPlan struct {
	Status        string   `json:"status"` // "optimal" or "infeasible"
	TotalAffinity float64  `json:"total_affinity"`
	Assigned      int      `json:"assigned"`
	Reasons       []string `json:"reasons,omitempty"`
}

// AssignmentFilter selects the assignments of a round.
type AssignmentFilter struct {
	EditionID   int64
	Round       RoundKind
	JudgeUserID int64
	EntryID     int64
	Page        Page
}

// JudgeAffinity scores how well a judge's expertise fits an entry, from 0 to 1: half for
// judging the entry's track, half for the share of the judge's keywords found in the
// entry's text (title, summary, keywords), compared as tokens. It is pure; tokens is the
// text segmenter.
func JudgeAffinity(j *Judge, e *Entry, tokens func(string) []string) float64 {
	score := 0.0
	if slices.Contains(j.Tracks, e.TrackCode) {
		score += 0.5
	}
	if len(j.Keywords) == 0 {
		return score
	}
	text := map[string]bool{}
	for _, s := range []string{e.Project.TitleZH, e.Project.TitleEN, e.Project.SummaryZH, e.Project.SummaryEN} {
		for _, t := range tokens(s) {
			text[t] = true
		}
	}
	for _, k := range e.Project.Keywords {
		for _, t := range tokens(k) {
			text[t] = true
		}
	}
	hit := 0
	for _, k := range j.Keywords {
		ts := tokens(k)
		found := len(ts) > 0
		for _, t := range ts {
			found = found && text[t]
		}
		if found {
			hit++
		}
	}
	return score + 0.5*float64(hit)/float64(len(j.Keywords))
}

// AssignmentService assigns a round's entries to judges. Operators (PermCompetitionManage
// on the competition's unit) propose, adjust and publish; a judge sees their own
// published assignments, never an entry they are in conflict with.
type AssignmentService interface {
	// ProposeAssignment computes the optimal assignment of the round's pending entries to
	// the pool, k judges each within every judge's loads, no conflicted pair, maximising
	// the affinity; it replaces the round's unpublished assignments. An infeasible round
	// keeps the previous draft and says why.
	ProposeAssignment(ctx context.Context, editionID int64, round RoundKind, k int) (*AssignmentPlan, error)
	// FindAssignments lists assignments with the total (operators: all of the round,
	// published or not; a judge: their own published ones).
	FindAssignments(ctx context.Context, f AssignmentFilter) ([]*Assignment, int, error)
	// SetAssignment adds or removes one pair by hand before publishing; a conflicted pair
	// is refused (EINVALID "error.conflicted_pair").
	SetAssignment(ctx context.Context, editionID int64, round RoundKind, entryID, judgeUserID int64, assigned bool) error
	// FindAssignedEntry returns an entry to the judge it is published to, unless the
	// judge has a conflict with it (then ENOTFOUND, as for anyone else).
	FindAssignedEntry(ctx context.Context, entryID int64) (*Entry, error)
	// PublishAssignments publishes the round's assignments and mails each judge their
	// count; it returns how many were published.
	PublishAssignments(ctx context.Context, editionID int64, round RoundKind) (int, error)
}
